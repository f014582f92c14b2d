from odoo.exceptions import ValidationError


def check_selection_values(records, vals_list):
    """Refuse unknown selection values with a translated ValidationError.

    The ORM itself raises a bare ValueError for them, which RPC clients
    receive as a server crash instead of an answer they can show.
    """
    for vals in vals_list:
        for name, value in vals.items():
            field = records._fields.get(name)
            if not value or field is None or field.type != "selection":
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
