"""Roles unpacked a field at a time: what a command never reads is never unpickled.

A packed knowledge base (kb.packing) keeps each role's plain fields (its id, names, tier,
status, lists of words) as they are, and each field holding records (its loop, pay, transitions,
notes…) as its own pickled bytes. Unpacking then builds one small shell per role; a field's
records are built the first time it is read. `assess` on a large knowledge base reads a few
fields of every role and never its loop or pay; `show` reads every field of one role. Either
way the cost follows what is read, not the size of the knowledge base.

A shell is an instance of a subclass of its record's class (made here on first use, so
unpickling needs nothing else; pickled, it stays a shell). Once every field is read, or
anything needs the whole record (equality, hashing, printing, dumping, copying), it settles:
all fields in their declared order, and its class becomes the record's own, indistinguishable
from one that was never deferred.
"""

from __future__ import annotations

import pickle
from enum import Enum
from typing import Any, TypeVar, cast

from roleadvisor.kb import records
from roleadvisor.kb.records import Record

T = TypeVar("T")
_PENDING = "_deferred"  # in a shell's __dict__: (field order, {field: pickled value})
_SCALARS = (str, int, float, bool, type(None), Enum)
_ORDERS: dict[tuple[str, ...], tuple[str, ...]] = {}  # one order object per record class


def _plain(value: object) -> bool:
    """Kept as is: a scalar, or a list or tuple of scalars (cheap to unpickle, often read)."""
    if isinstance(value, _SCALARS):
        return True
    return isinstance(value, (tuple, list)) and all(isinstance(v, _SCALARS) for v in value)


def defer_fields(record: T) -> T:
    """`record` as a shell whose fields holding records are kept pickled until read."""
    fields = record.__dict__
    later = {
        name: pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        for name, value in fields.items()
        if not _plain(value)
    }
    if not later:
        return record
    order = tuple(fields)
    shell: Any = object.__new__(shell_class(cast("type[Record]", type(record))))
    shell.__dict__.update((k, v) for k, v in fields.items() if k not in later)
    shell.__dict__[_PENDING] = (_ORDERS.setdefault(order, order), later)
    return cast(T, shell)


class _Shell(Record):
    _record: type[Record]

    def __getattr__(self, name: str) -> Any:
        # only called for a name not in the instance's dictionary: a field not read yet
        pending = self.__dict__.get(_PENDING)
        if pending is None or name not in pending[1]:
            raise AttributeError(name)
        value = pickle.loads(pending[1].pop(name))
        self.__dict__[name] = value
        if not pending[1]:
            self._whole()
        return value

    def _whole(self) -> None:
        """Every field read, in declared order, and the record's own class from now on."""
        fields = self.__dict__
        pending = fields.pop(_PENDING, None)
        if pending is not None:
            order, later = pending
            fields.update((name, pickle.loads(data)) for name, data in later.items())
            settled = [(name, fields[name]) for name in order]
            fields.clear()
            fields.update(settled)
        object.__setattr__(self, "__class__", type(self)._record)

    def __eq__(self, other: object) -> bool:
        self._whole()
        if isinstance(other, _Shell):
            other._whole()
        return self == other

    def __hash__(self) -> int:
        self._whole()
        return hash(self)

    def __repr__(self) -> str:
        self._whole()
        return repr(self)


_SHELLS: dict[type[Record], type[_Shell]] = {}


def shell_class(kind: type[Record]) -> type[_Shell]:
    found = _SHELLS.get(kind)
    if found is None:
        name = kind.__name__
        found = type(name, (_Shell, kind), {"__module__": __name__, "_record": kind})
        _SHELLS[kind] = found
        globals()[name] = found
    return found


def __getattr__(name: str) -> type[_Shell]:
    """The shell class of the record class `name`, made on first use (by unpickling)."""
    if name.startswith("_") or not name[:1].isalpha():
        raise AttributeError(name)
    return shell_class(getattr(records, name))
