/** @odoo-module **/
import {formatDate, formatDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";

const {DateTime} = luxon;

/**
 * The list view gives date and datetime columns a fixed width made for
 * "12/28/2026": in Chinese ("2026年12月28日 23时59分59秒") the dates are cut to
 * "2026年1…". Each column gets the width its longest value needs in the user's
 * own date format and the list's font instead, never less than the host's.
 */
const HOST_WIDTHS = {date: 80, datetime: 145};
const SAMPLE = DateTime.local(2026, 12, 28, 23, 59, 59);
const measured = {};

function textWidth(text) {
    // the page's own font (a list cell's when one is on screen); the canvas
    // falls back to the same font for the Chinese characters as the cells
    const style = getComputedStyle(
        document.querySelector(".o_list_table td") || document.body
    );
    const canvas =
        textWidth.canvas || (textWidth.canvas = document.createElement("canvas"));
    const context = canvas.getContext("2d");
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return Math.ceil(context.measureText(text).width);
}

function localizedWidth(type) {
    if (!(type in measured)) {
        const sample = type === "date" ? formatDate(SAMPLE) : formatDateTime(SAMPLE);
        // a little room for the cell's rounding and a bold group header
        measured[type] = Math.max(HOST_WIDTHS[type], textWidth(sample) + 6);
    }
    return measured[type];
}

const fields = registry.category("fields");
for (const type of ["date", "datetime"]) {
    // lists use their own entries ("list.date"), the other views the plain ones
    for (const key of [`list.${type}`, type]) {
        const field = fields.contains(key) && fields.get(key);
        if (field && !field.listViewWidth) {
            field.listViewWidth = () => localizedWidth(type);
        }
    }
}
