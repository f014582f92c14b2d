"""Steps that several end-to-end checks go through, as the staff (and the
scheduler) take them over RPC."""


def run_cron(admin, xmlid):
    """Run a scheduled action as Odoo runs it (ir.cron's method_direct_trigger
    as the administrator)."""
    module, name = xmlid.split(".")
    cron_id = admin.call("ir.model.data", "check_object_reference", module, name)[1]
    admin.call("ir.cron", "method_direct_trigger", [cron_id])


def own_customer(user):
    """A CRM customer the account manager owns."""
    return user.call(
        "res.partner",
        "search",
        [("is_crm_customer", "=", True), ("user_id", "=", user.uid)],
        limit=1,
    )[0]


def service_type(user, code=None):
    """A service type of the dictionary (with this value, if given)."""
    domain = [("type", "=", "service_type")]
    if code:
        domain.append(("value", "=", code))
    return user.call("crm_lite.dict", "search", domain, limit=1)[0]


def handled_service(creator, handler, supervisor, values, result, satisfaction):
    """A service the creator requests, the supervisor assigns to the handler
    and the handler handles; the creator then notes the customer's answer.
    Returns its id, waiting for the feedback action."""
    service_id = creator.call("crm_lite.service", "create", values)
    supervisor.call("crm_lite.service", "action_assign", [service_id], handler.uid)
    handler.call("crm_lite.service", "write", [service_id], {"handling": "Fixed"})
    handler.call("crm_lite.service", "action_handle", [service_id])
    creator.call(
        "crm_lite.service",
        "write",
        [service_id],
        {"result": result, "satisfaction": satisfaction},
    )
    return service_id
