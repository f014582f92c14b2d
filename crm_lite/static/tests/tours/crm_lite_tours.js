/** @odoo-module **/
// The main path of each role in the web client; the records they work on are
// made by crm_lite/tests/test_tours.py, which checks what each tour stored.

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

const tours = registry.category("web_tour.tours");

function statusIs(state) {
    return {
        content: `the record is ${state}`,
        trigger: `.o_statusbar_status button.o_arrow_button_current[data-value=${state}]`,
    };
}

function pickInDropdown(field, text) {
    return [
        {
            content: `choose ${text} as ${field}`,
            trigger: `.o_field_widget[name=${field}] input`,
            run: `edit ${text}`,
        },
        {
            trigger: `.ui-autocomplete .ui-menu-item a:contains("${text}")`,
            run: "click",
        },
    ];
}

function assignInDialog(userName) {
    return [
        {
            content: "open the assignment dialog",
            trigger: "button[name=action_open_assign_wizard]",
            run: "click",
        },
        ...pickInDropdown("user_id", userName).map((step) => ({
            ...step,
            trigger: `.modal ${step.trigger}`,
        })),
        {
            content: "assign",
            trigger: ".modal-footer button[name=action_assign]",
            run: "click",
        },
        statusIs("assigned"),
    ];
}

// Account manager: plan and win a chance assigned to him.
tours.add("crm_lite_manager_chance", {
    steps: () => [
        statusIs("assigned"),
        {
            content: "open the development plan",
            trigger: ".o_notebook a.nav-link[name=plans]",
            run: "click",
        },
        {
            content: "add a plan line",
            trigger: ".o_field_widget[name=plan_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=plan_ids] .o_data_row [name=todo] input",
            run: "edit Visit the buyer",
        },
        {
            trigger: ".o_field_widget[name=plan_ids] .o_data_row [name=result] input",
            run: "edit Keen to order",
        },
        ...stepUtils.saveForm(),
        {
            content: "development succeeded",
            trigger: "button[name=action_mark_won]",
            run: "click",
        },
        {
            content: "confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        statusIs("won"),
    ],
});

// Account manager: record an interaction with his customer.
tours.add("crm_lite_manager_interaction", {
    steps: () => [
        {
            content: "summary of the talk",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: "edit Tour visit",
        },
        ...pickInDropdown("partner_id", "Customer A Ltd"),
        {
            trigger: ".o_field_widget[name=place] input",
            run: "edit Their office",
        },
        ...stepUtils.saveForm(),
    ],
});

// Account manager: handle a service assigned to him.
tours.add("crm_lite_manager_service", {
    steps: () => [
        statusIs("assigned"),
        {
            content: "how the request was handled",
            trigger: ".o_field_widget[name=handling] textarea",
            run: "edit Replaced the broken chair",
        },
        {
            content: "mark it handled",
            trigger: "button[name=action_handle]",
            run: "click",
        },
        statusIs("handled"),
    ],
});

// Supervisor: assign a chance, then a service.
tours.add("crm_lite_supervisor_assign_chance", {
    steps: () => [statusIs("new"), ...assignInDialog("CRM test manager_a")],
});

tours.add("crm_lite_supervisor_assign_service", {
    steps: () => [statusIs("new"), ...assignInDialog("CRM test manager_b")],
});

// Supervisor: the contribution analysis, then the printed report.
tours.add("crm_lite_supervisor_analysis", {
    steps: () => [
        {
            content: "the contribution analysis opens on its graph",
            trigger: ".o_graph_renderer",
        },
        {
            content: "switch to the pivot table",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "the customers are ranked with their amounts",
            trigger: ".o_pivot:contains('Customer A Ltd')",
        },
    ],
});

tours.add("crm_lite_supervisor_print", {
    steps: () => [
        {
            content: "the report dialog asks for the period",
            trigger: ".modal .o_field_widget[name=date_from] input",
        },
        {
            content: "print",
            trigger: ".modal-footer button[name=action_print]",
            run: "click",
        },
        {
            content: "the dialog closes once the report is downloaded",
            trigger: "body:not(:has(.modal))",
            timeout: 60000,
        },
    ],
});

// Executive: the dashboard and an analysis, read-only.
tours.add("crm_lite_executive_dashboard", {
    steps: () => [
        {
            content: "key figures are shown",
            trigger: ".o_field_widget[name=open_chances]",
        },
        {
            trigger: ".o_field_widget[name=satisfaction_average]",
        },
        {
            content: "open the churn warnings",
            trigger: "button[name=action_open_losses]",
            run: "click",
        },
        {
            content: "the losses open without a create button",
            trigger:
                ".o_action_manager:not(:has(.o_list_button_add, .o-kanban-button-new))",
        },
    ],
});

tours.add("crm_lite_executive_customers", {
    steps: () => [
        {
            content: "customers are listed",
            trigger: ".o_data_row td.o_data_cell[name=name]:contains('Customer B Ltd')",
            run: "click",
        },
        {
            content: "the form is read-only for an executive",
            trigger: ".o_form_view .o_form_readonly",
        },
    ],
});

// Administrator: add an entry to the dictionary.
tours.add("crm_lite_admin_dictionary", {
    steps: () => [
        {
            content: "category",
            trigger: ".o_field_widget[name=type] select",
            run: 'select "region"',
        },
        {
            content: "item",
            trigger: ".o_field_widget[name=item] input",
            run: "edit Tour region",
        },
        ...stepUtils.saveForm(),
    ],
});
