"""Copies of frozen dataclasses with some fields changed, made without running `__init__` again."""
from __future__ import annotations

from dataclasses import fields, replace
from functools import lru_cache
from typing import TypeVar

Frozen = TypeVar("Frozen")


def evolve(value: Frozen, **changes) -> Frozen:
    """Return `dataclasses.replace(value, **changes)`, made by copying the instance's fields.

    `replace` passes every field through `__init__` again, where a frozen class sets each one
    with `object.__setattr__`: about five times the cost of a copy, paid for every event, quote
    and article. A class with a `__post_init__`, a field left out of `__init__` or slots, or an
    unknown field name, goes through `replace` as before.
    """
    kind = type(value)
    if not copyable(kind) or not changes.keys() <= kind.__dataclass_fields__.keys():
        return replace(value, **changes)
    copy = object.__new__(kind)
    state = copy.__dict__
    state.update(value.__dict__)
    state.update(changes)
    return copy


@lru_cache(maxsize=None)  # a class's fields are fixed for the life of a process
def copyable(kind: type) -> bool:
    """Return whether `replace` on instances of a dataclass only sets its fields (so a copy of the
    instance's dict with the changes is the same object)."""
    return (not hasattr(kind, "__post_init__") and not hasattr(kind, "__slots__")
            and all(f.init for f in fields(kind)))
