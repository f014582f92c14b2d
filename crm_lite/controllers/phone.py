import json

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.http import request

# a lookup is a number and an extension: more is no phone system's request
MAX_BODY_BYTES = 4096
MAX_PARAMETER_LENGTH = 256
PARAMETERS = ("number", "extension", "login")


def _reads_only(controller):
    """A lookup without a screen pop writes nothing: on the read-only
    replica when there is one (Odoo runs it again read-write should it
    write after all)."""
    httprequest = request.httprequest
    return httprequest.method == "GET" and not (
        httprequest.args.get("extension") or httprequest.args.get("login")
    )


class PhoneLookup(http.Controller):
    """The caller ID of the phone system (来电显示): who is calling, and on
    whose screen the customer opens."""

    @http.route(
        "/crm_lite/phone/lookup",
        type="http",
        auth="bearer",
        methods=["GET", "POST"],
        csrf=False,
        save_session=False,
        readonly=_reads_only,
    )
    def phone_lookup(self, **query):
        """``number`` (query string, form or a JSON object in the body) in
        any usual form: the customers with that number whom the API key's
        user may read, their contact, last interactions and open services
        (none for an unknown number). With ``extension`` or ``login``, the
        staff member whose phone rings is shown the caller's customer (the
        screen pop). Refused: 401 without a valid API key (Odoo's bearer
        authentication), 403 for a user without the telephony group, 413
        for a request too large, 400 for what is no phone number."""
        # the answer in the key user's language and time zone, whatever the
        # phone system's request says (it rarely says any)
        request.update_context(lang=request.env.user.lang, tz=request.env.user.tz)
        env = request.env
        if not env.user.has_group("crm_lite.group_telephony"):
            return self._error(
                403,
                env._("Only users of the telephony group may look up callers."),
            )
        # what the phone system sees is what its user's CRM role reads: a user
        # without one reads partners as Odoo lets any internal user
        if env.user.crm_role == "none":
            return self._error(
                403,
                env._(
                    "The phone system's user needs a CRM role, which decides "
                    "the customers it may look up."
                ),
            )
        params, refusal = self._params(query)
        if refusal:
            return refusal
        try:
            Partner = env["res.partner"]
            keys = Partner._crm_phone_lookup_keys(params.get("number"))
            answer = Partner._crm_phone_lookup(params["number"], keys)
            if params.get("extension") or params.get("login"):
                answer["screen_pop"] = self._screen_pop(params, keys)
        except AccessError as error:
            return self._error(403, error.args[0])
        except UserError as error:
            return self._error(400, error.args[0])
        return request.make_json_response(answer)

    def _params(self, query):
        """The request's parameters (the query string's or the form's, then a
        JSON object's in the body), checked: (params, None), or (None, the
        refusal)."""
        env = request.env
        httprequest = request.httprequest
        if (httprequest.content_length or 0) > MAX_BODY_BYTES:
            return None, self._error(413, env._("The request is too large."))
        params = dict(query)
        if httprequest.method == "POST" and httprequest.mimetype == "application/json":
            body = httprequest.get_data(cache=False)
            if len(body) > MAX_BODY_BYTES:
                return None, self._error(413, env._("The request is too large."))
            try:
                data = json.loads(body or b"{}")
            except (UnicodeDecodeError, json.JSONDecodeError):
                return None, self._error(400, env._("The request body is no JSON."))
            # a JSON-RPC call's parameters, or a plain object
            if isinstance(data, dict) and isinstance(data.get("params"), dict):
                data = data["params"]
            if not isinstance(data, dict):
                return None, self._error(
                    400, env._("The request body is no JSON object.")
                )
            params.update(data)
        for name in PARAMETERS:
            value = params.get(name)
            if value is None:
                continue
            # a number sent as a JSON number: its digits (13800000000.0 too)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = params[name] = str(value)
            if not isinstance(value, str):
                return None, self._error(
                    400, env._("%(name)s must be text.", name=name)
                )
            if len(value) > MAX_PARAMETER_LENGTH:
                return None, self._error(413, env._("%(name)s is too long.", name=name))
        return params, None

    def _screen_pop(self, params, keys):
        Users = request.env["res.users"]
        try:
            user = Users._crm_screen_pop_user(
                extension=params.get("extension"), login=params.get("login")
            )
        except UserError as error:
            return {"sent": False, "error": error.args[0]}
        user._crm_screen_pop(params["number"], keys)
        return {"sent": True, "user": user.login}

    def _error(self, status, message):
        return request.make_json_response({"error": message}, status=status)
