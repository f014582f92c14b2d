"""Odoo's XML-RPC fault codes for the errors a user may meet, and a check
that a call fails cleanly with one of them."""

import xmlrpc.client

import pytest

FAULT_VALIDATION = 2  # UserError and ValidationError
FAULT_ACCESS = 4  # AccessError


def fault_code(call, *args, **kwargs):
    """The fault code of a call that must fail, without a server traceback."""
    with pytest.raises(xmlrpc.client.Fault) as caught:
        call(*args, **kwargs)
    assert "Traceback" not in caught.value.faultString
    return caught.value.faultCode
