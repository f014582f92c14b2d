/** @odoo-module **/
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

/**
 * The caller ID's screen pop (来电显示): the phone system's lookup with the
 * extension or the login of the staff member whose phone rings sends them a
 * "crm_lite.screen_pop" notification on their bus channel. Their web client
 * opens the caller's customer (or a new customer's form with the number
 * when nobody is known by it) and says who is calling.
 *
 * A client that connects gets the bus's notifications of the last minute at
 * once: of several calls arriving together, only the latest opens a form.
 */
const BURST_MS = 300;

export const crmLiteScreenPopService = {
    dependencies: ["action", "bus_service", "notification"],
    start(env, {action, bus_service, notification}) {
        let latest = null;
        let timer = null;

        function pop(payload) {
            const buttons = [];
            if (payload.chance_action) {
                buttons.push({
                    name: _t("New Chance"),
                    onClick: () => action.doAction(payload.chance_action),
                });
            }
            notification.add(payload.message || payload.number, {
                title: payload.title,
                type: "info",
                sticky: Boolean(payload.chance_action),
                buttons,
            });
            action.doAction(payload.action);
        }

        bus_service.subscribe("crm_lite.screen_pop", (payload) => {
            if (!payload || !payload.action) {
                return;
            }
            latest = payload;
            clearTimeout(timer);
            timer = setTimeout(() => pop(latest), BURST_MS);
        });
        bus_service.start();
    },
};

registry.category("services").add("crm_lite_screen_pop", crmLiteScreenPopService);
