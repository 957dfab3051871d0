"""The validated knowledge base as bytes and back: the one form the cache and the shipped
snapshot both keep.

The payload is a pickle of the knowledge base's records, with each extra file (questionnaire,
signals, study tuning) pickled on its own inside it and unpickled only when a command looks it
up (`roleadvisor show` never needs the questionnaire's classes, so never imports them), and
each role's fields holding records kept pickled until they are read (kb.deferred), beside
what the recommendation reads of every role as plain values (kb.role_facts). The
directory is not part of the payload's meaning: whoever unpacks it says where the files are,
so one payload serves any directory holding the same bytes.

Unpickling runs code: callers unpack only bytes they have proven to be their own (the cache's
signature, the package's own file).
"""

from __future__ import annotations

import dataclasses
import io
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from roleadvisor.kb.base import PACKED_FACTS, KnowledgeBase
from roleadvisor.kb.deferred import defer_fields
from roleadvisor.kb.files import paused_gc
from roleadvisor.kb.role_facts import pack_facts

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

_NOWHERE = Path()  # the directory a packed knowledge base carries: replaced on unpacking


def pack(kb: KnowledgeBase) -> bytes:
    """The bytes of a served (record) knowledge base."""
    out = io.BytesIO()
    pack_into(kb, out)
    return out.getvalue()


def pack_into(kb: KnowledgeBase, out: SupportsWrite[bytes]) -> None:
    """Write the bytes `pack` gives to `out` as they are made: a large knowledge base's payload
    is never held whole beside the records it comes from."""
    extras = {
        name: pickle.dumps(model, pickle.HIGHEST_PROTOCOL) for name, model in kb.extras.items()
    }
    roles = tuple(defer_fields(role) for role in kb.roles)
    core = dataclasses.replace(kb, directory=_NOWHERE, roles=roles, extras={}, _by_key={})
    # what scoring reads of every role, ready: it then never unpacks their records
    object.__setattr__(core, PACKED_FACTS, pack_facts(kb.role_facts))
    pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump((core, extras))


def unpack(payload: bytes, kb_dir: Path) -> KnowledgeBase | None:
    """The knowledge base in `payload`, read from `kb_dir`; None when it is not one."""
    with paused_gc():  # as when validating: the objects live for the whole run
        kb, extras = pickle.loads(payload)
    if not isinstance(kb, KnowledgeBase) or not isinstance(extras, dict):
        return None
    object.__setattr__(kb, "directory", kb_dir)
    object.__setattr__(kb, "extras", _Extras(extras))
    return kb


class _Extras(dict[str, Any]):
    """The extra files' records, each kept pickled until it is looked up."""

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        if isinstance(value, bytes):
            with paused_gc():
                value = pickle.loads(value)
            super().__setitem__(name, value)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 (dict.get skips __getitem__)

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[name] for name in self]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(name, self[name]) for name in self]
