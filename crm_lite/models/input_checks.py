from odoo.exceptions import ValidationError


def check_input_values(records, vals_list, only=None):
    """Refuse values of the wrong kind with a translated ValidationError.

    The ORM itself raises a bare ValueError for an unknown selection value or
    a number that is text, which RPC clients receive as a server crash
    instead of an answer they can show. ``only`` limits the check to these
    field names (on host models, to the fields this module adds).
    """
    for vals in vals_list:
        for name, value in vals.items():
            if only is not None and name not in only:
                continue
            field = records._fields.get(name)
            if field is None or value is False or value is None:
                continue
            if field.type in ("integer", "float", "monetary"):
                _check_number(records, field, value)
                continue
            if field.type != "selection" or not value:
                continue
            allowed = field.get_values(records.env)
            if value not in allowed:
                raise ValidationError(
                    records.env._(
                        "%(value)s is not a valid value for %(field)s; "
                        "allowed values: %(allowed)s",
                        value=repr(value),
                        field=field._description_string(records.env),
                        allowed=", ".join(allowed),
                    )
                )


def _check_number(records, field, value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            records.env._(
                "%(field)s must be a number, not %(value)s.",
                field=field._description_string(records.env),
                value=repr(value)[:50],
            )
        )
    if field.type == "integer" and (
        value != int(value) or not -(2**31) <= value < 2**31
    ):
        raise ValidationError(
            records.env._(
                "%(field)s must be a whole number, not %(value)s.",
                field=field._description_string(records.env),
                value=value,
            )
        )
