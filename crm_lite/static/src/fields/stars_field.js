/** @odoo-module **/
import {PriorityField, priorityField} from "@web/views/fields/priority/priority_field";
import {registry} from "@web/core/registry";

/**
 * Priority stars for a '1'..'5' rating: the host's priority widget keeps its
 * first value for "no star", so an empty rating is put in front and all five
 * values get a star; clicking the current star clears the rating.
 */
export class CrmStarsField extends PriorityField {
    get options() {
        return [[false, ""], ...super.options];
    }
}

registry.category("fields").add("crm_lite_stars", {
    ...priorityField,
    component: CrmStarsField,
});
