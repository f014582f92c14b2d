/** @odoo-module **/
// Each role's everyday jobs as a person does them: from the home screen,
// through the menus, starting from a blank record. The records are prepared
// and what each tour stored is read back by crm_lite/tests/test_tours.py.

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");

function landsInCrm() {
    return {
        content: "the CRM opens first, not Discuss",
        trigger: ".o_main_navbar .o_menu_brand[data-menu-xmlid='crm_lite.menu_root']",
    };
}

function openMenu(section, item) {
    return [
        {
            content: `open the ${section} menu`,
            trigger: `.o_menu_sections [data-menu-xmlid='crm_lite.${section}']`,
            run: "click",
        },
        {
            content: `open ${item}`,
            trigger: `.o-dropdown--menu [data-menu-xmlid='crm_lite.${item}']`,
            run: "click",
        },
    ];
}

function edit(field, text, scope = ".o_form_view") {
    return {
        content: `type ${text} as ${field}`,
        trigger: `${scope} .o_field_widget[name=${field}] input, ${scope} .o_field_widget[name=${field}] textarea`,
        run: `edit ${text}`,
    };
}

function openRow(text) {
    return {
        content: `open ${text}`,
        trigger: `.o_list_renderer .o_data_row td.o_data_cell:contains("${text}")`,
        run: "click",
    };
}

function noButton(selector, what) {
    return {
        content: `no ${what} on this screen`,
        trigger: `.o_action_manager:has(.o_view_controller):not(:has(${selector}))`,
    };
}

// Account manager: register a chance from 新建.
tours.add("crm_lite_person_manager_chance", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_marketing", "menu_crm_chance"),
        {
            content: "新建",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        edit("name", "兰州分公司办公桌"),
        edit("customer_name", "兰州黄河家具有限公司"),
        edit("contact_name", "赵主任"),
        edit("success_rate", "30"),
        edit("description", "新分公司需要两百套办公桌"),
        ...stepUtils.saveForm(),
        {
            content: "the chance waits for a supervisor",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=new]",
        },
    ],
});

// Account manager: a new customer with a contact; he owns it.
tours.add("crm_lite_person_manager_customer", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_customers", "menu_crm_customer"),
        {
            content: "新建",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        edit("name", "兰州新材料科技有限公司"),
        {
            content: "the account manager creating it is its owner",
            trigger: ".o_field_widget[name=user_id] input",
            run() {
                if (!this.anchor.value.includes("CRM test manager_a")) {
                    throw new Error(`the owner is "${this.anchor.value}"`);
                }
            },
        },
        {
            content: "contacts tab",
            trigger: ".o_notebook a.nav-link[name=contact_addresses]",
            run: "click",
        },
        {
            content: "add a contact",
            trigger: ".o_field_widget[name=child_ids] .o-kanban-button-new",
            run: "click",
        },
        {
            content: "the dialog starts as a contact person",
            trigger:
                ".modal .o_field_widget[name=type] input[data-value=contact]:checked",
        },
        edit("name", "钱经理", ".modal"),
        edit("function", "采购经理", ".modal"),
        {
            content: "save the contact",
            trigger: ".modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "the contact is listed",
            trigger:
                "body:not(:has(.modal)) .o_field_widget[name=child_ids]:contains('钱经理')",
        },
        ...stepUtils.saveForm(),
    ],
});

// Account manager: an interaction on his customer's form.
tours.add("crm_lite_person_manager_interaction", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_customers", "menu_crm_customer"),
        openRow("Customer A Ltd"),
        {
            content: "interactions tab",
            trigger: ".o_notebook a.nav-link[name=crm_interactions]",
            run: "click",
        },
        {
            content: "add a line",
            trigger:
                ".o_field_widget[name=interaction_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        edit(
            "place",
            "客户会议室",
            ".o_field_widget[name=interaction_ids] .o_data_row"
        ),
        edit("name", "季度回访", ".o_field_widget[name=interaction_ids] .o_data_row"),
        {
            content: "no company lookup pops up under the summary",
            trigger: "body:not(:has(.o-autocomplete--dropdown-menu))",
        },
        ...stepUtils.saveForm(),
    ],
});

// Supervisor (who has no e-mail address): assign a chance from its form.
tours.add("crm_lite_person_supervisor_assigns", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_marketing", "menu_crm_chance"),
        openRow("兰州办公椅"),
        {
            content: "指派",
            trigger:
                ".o_form_view .o_statusbar_buttons button[name=action_open_assign_wizard]",
            run: "click",
        },
        {
            content: "choose the account manager",
            trigger: ".modal .o_field_widget[name=user_id] input",
            run: "edit CRM test manager_b",
        },
        {
            trigger:
                '.modal .ui-autocomplete .ui-menu-item a:contains("CRM test manager_b")',
            run: "click",
        },
        {
            content: "assign",
            trigger: ".modal-footer button[name=action_assign]",
            run: "click",
        },
        {
            content: "the chance is in development, no error on the way",
            trigger:
                ".o_action_manager:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=assigned]",
        },
    ],
});

// Account manager: handle the service assigned to him.
tours.add("crm_lite_person_manager_service", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_service", "menu_crm_service_handle"),
        openRow("Tour service"),
        edit("handling", "上门更换了椅子"),
        {
            content: "handled",
            trigger: "button[name=action_handle]",
            run: "click",
        },
        {
            trigger:
                ".o_statusbar_status button.o_arrow_button_current[data-value=handled]",
        },
    ],
});

// Account manager: delay a churn warning with a measure.
tours.add("crm_lite_person_manager_loss", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_customers", "menu_crm_loss"),
        openRow("Customer A Ltd"),
        {
            content: "暂缓流失",
            trigger: "button[name=action_open_wizard].btn-primary",
            run: "click",
        },
        edit("text", "拜访采购部并提供九五折", ".modal"),
        {
            content: "save the measure",
            trigger: ".modal-footer button[name=action_apply]",
            run: "click",
        },
        {
            trigger:
                "body:not(:has(.modal)) .o_statusbar_status button.o_arrow_button_current[data-value=delayed]",
        },
    ],
});

// Account manager: claim a customer from the public pool.
tours.add("crm_lite_person_manager_claim", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_customers", "menu_crm_pool"),
        {
            content: "claim it",
            trigger:
                ".o_data_row:contains('Pool Customer Ltd') button[name=action_claim]",
            run: "click",
        },
        {
            content: "it leaves the pool",
            trigger:
                ".o_list_renderer:not(:has(.o_data_row:contains('Pool Customer Ltd')))",
        },
    ],
});

// Executive: every analysis opens; customers, chances and services offer
// nothing to change.
const ANALYSES = [
    "menu_report_contribution",
    "menu_report_composition",
    "menu_report_service",
    "menu_report_loss",
];
tours.add("crm_lite_person_executive", {
    steps: () => [
        landsInCrm(),
        ...ANALYSES.flatMap((menu) => [
            ...openMenu("menu_reports", menu),
            {
                content: `${menu} shows its figures`,
                trigger:
                    ".o_action_manager .o_graph_renderer, .o_action_manager .o_pivot, .o_action_manager .o_list_renderer",
            },
        ]),
        ...openMenu("menu_customers", "menu_crm_customer"),
        noButton(".o_list_button_add", "create button"),
        openRow("Customer A Ltd"),
        {
            content: "the customer form is read-only",
            trigger: ".o_form_view .o_form_readonly",
        },
        noButton(".o_form_button_create", "create button"),
        ...openMenu("menu_marketing", "menu_crm_chance"),
        noButton(".o_list_button_add", "create button"),
        openRow("Tour chance"),
        {
            content: "the chance form is read-only",
            trigger: ".o_form_view .o_form_readonly",
        },
        ...openMenu("menu_service", "menu_crm_service_archive"),
        noButton(".o_list_button_add", "create button"),
        openRow("Archived tour service"),
        {
            content: "the service form is read-only",
            trigger: ".o_form_view .o_form_readonly",
        },
    ],
});

// CRM administrator: give a user a role on the user form.
tours.add("crm_lite_person_admin_role", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_access", "menu_crm_users"),
        openRow("CRM test internal"),
        {
            content: "make the user a sales supervisor",
            trigger: ".o_field_widget[name=crm_role] input[data-value=supervisor]",
            run: "click",
        },
        ...stepUtils.saveForm(),
    ],
});

// CRM administrator: add a dictionary entry from 新建.
tours.add("crm_lite_person_admin_dictionary", {
    steps: () => [
        landsInCrm(),
        ...openMenu("menu_basic_data", "menu_crm_dict"),
        {
            content: "新建",
            trigger: ".o_control_panel .o_list_button_add",
            run: "click",
        },
        {
            content: "the category is a choice",
            trigger: ".o_field_widget[name=type] select",
            run: 'select "region"',
        },
        edit("item", "西北"),
        ...stepUtils.saveForm(),
    ],
});
