"""Full validation of a state file with pydantic: for every file not proven to be our own.

A hand-edited, damaged, hostile or older file is checked field by field against the same
`Plain` classes the fast path reads into (state.plain): each gives pydantic a schema of
itself (its fields, their types, no other key) and the value is built through the class, so
its own checks run too. Imported only when a file needs it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from roleadvisor.errors import StateError
from roleadvisor.state.files import backup
from roleadvisor.state.plain import Plain

P = TypeVar("P", bound=Plain)
_ADAPTERS: dict[type, TypeAdapter[Any]] = {}


def validated(kind: type[P], data: Any) -> P:
    """`data` as a `kind`, checked in full; raises pydantic's ValidationError."""
    adapter = _ADAPTERS.get(kind)
    if adapter is None:
        adapter = _ADAPTERS[kind] = TypeAdapter(kind)
    return adapter.validate_python(data)  # type: ignore[no-any-return]


def validate_state(path: Path, what: str, kind: type[P], data: Any) -> P:
    """`data` read from `path` as `kind`; the wrong shape is backed up and reported."""
    try:
        return validated(kind, data)
    except (ValidationError, ValueError, TypeError, OverflowError) as exc:
        copy = backup(path)
        kept = f" A copy is kept at {copy}." if copy else ""
        if isinstance(exc, ValidationError):
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "top level"
            detail = f"{where}: {first['msg']}"
        else:
            detail = type(exc).__name__
        raise StateError(
            f"The {what} file {path} is not in the expected format ({detail})."
            f"{kept} Fix it or move it away to start afresh."
        ) from None
