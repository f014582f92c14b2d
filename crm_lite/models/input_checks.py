from odoo import fields
from odoo.exceptions import ValidationError

# Longer values are refused rather than stored: nobody types a name of a
# thousand characters, and a megabyte "description" is an attack or a bug.
MAX_CHAR_LENGTH = 1_000
MAX_TEXT_LENGTH = 100_000


def check_input_values(records, vals_list, only=None):
    """Refuse values of the wrong kind with a translated ValidationError.

    The ORM itself raises a bare ValueError for an unknown field, an unknown
    selection value, a number or a date that is text, which RPC clients
    receive as a server crash instead of an answer they can show. ``only``
    limits the check to these field names (on host models, to the fields
    this module adds).
    """
    for vals in vals_list:
        if not isinstance(vals, dict):
            raise ValidationError(records.env._("Values must be given as a mapping."))
        for name, value in vals.items():
            if only is not None and name not in only:
                continue
            field = records._fields.get(name)
            if field is None:
                raise ValidationError(
                    records.env._(
                        "%(model)s has no field %(name)s.",
                        model=records._description,
                        name=repr(name)[:60],
                    )
                )
            if value is False or value is None:
                continue
            checker = _CHECKS.get(field.type)
            if checker:
                checker(records, field, value)


def _label(records, field):
    return field._description_string(records.env)


def _check_number(records, field, value):
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            records.env._(
                "%(field)s must be a number, not %(value)s.",
                field=_label(records, field),
                value=repr(value)[:50],
            )
        )
    if field.type == "integer" and (
        value != int(value) or not -(2**31) <= value < 2**31
    ):
        raise ValidationError(
            records.env._(
                "%(field)s must be a whole number, not %(value)s.",
                field=_label(records, field),
                value=value,
            )
        )


def _check_selection(records, field, value):
    allowed = field.get_values(records.env)
    if value not in allowed:
        raise ValidationError(
            records.env._(
                "%(value)s is not a valid value for %(field)s; "
                "allowed values: %(allowed)s",
                value=repr(value)[:50],
                field=_label(records, field),
                allowed=", ".join(allowed),
            )
        )


def _check_text(records, field, value):
    if not isinstance(value, str):
        raise ValidationError(
            records.env._(
                "%(field)s must be text, not %(value)s.",
                field=_label(records, field),
                value=repr(value)[:50],
            )
        )
    limit = MAX_CHAR_LENGTH if field.type == "char" else MAX_TEXT_LENGTH
    if len(value) > limit:
        raise ValidationError(
            records.env._(
                "%(field)s is too long: %(length)s characters, at most %(limit)s.",
                field=_label(records, field),
                length=len(value),
                limit=limit,
            )
        )


def _check_date(records, field, value):
    convert = (
        fields.Date.to_date if field.type == "date" else fields.Datetime.to_datetime
    )
    try:
        convert(value)
    except (TypeError, ValueError):
        raise ValidationError(
            records.env._(
                "%(field)s must be a date, not %(value)s.",
                field=_label(records, field),
                value=repr(value)[:50],
            )
        ) from None


def _check_many2one(records, field, value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            records.env._(
                "%(field)s must be the id of a record, not %(value)s.",
                field=_label(records, field),
                value=repr(value)[:50],
            )
        )


_CHECKS = {
    "integer": _check_number,
    "float": _check_number,
    "monetary": _check_number,
    "selection": _check_selection,
    "char": _check_text,
    "text": _check_text,
    "html": _check_text,
    "date": _check_date,
    "datetime": _check_date,
    "many2one": _check_many2one,
}
