"""The scope in which an action method writes the transition it has checked.

Transitions go through ``write``, so that modules extending a record's
``write`` see them, while ``write`` itself refuses workflow fields to
everyone else. The records being moved are held in a context variable of the
server's own call stack, which no RPC argument (the context included)
reaches."""

from contextlib import contextmanager
from contextvars import ContextVar

# (model, id) of the records an action method is moving, while its write lasts
_MOVING = ContextVar("crm_lite_transitions", default=frozenset())


@contextmanager
def transition(records):
    """While the block runs, ``records``' ``write`` lets their workflow
    fields pass."""
    token = _MOVING.set(_MOVING.get() | {(records._name, id_) for id_ in records.ids})
    try:
        yield
    finally:
        _MOVING.reset(token)


def in_transition(records):
    """Whether every one of ``records`` is being moved by its action."""
    moving = _MOVING.get()
    return bool(records) and all((records._name, id_) in moving for id_ in records.ids)
