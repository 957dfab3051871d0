"""Reading and writing the values the state files hold (plans, reviews, assessments, gaps).

A file is written as the JSON of its value (state.plain) and signed (state.signing). Reading
one back takes the fast path only when its signature proves it is exactly what roleadvisor
wrote for that kind and shape of value: it is then turned into the value directly, without
pydantic. Every other file (hand-edited, damaged, hostile, from an earlier version, or simply
unsigned) is validated in full (state.checked) and, when valid, used just the same.
"""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path
from typing import TypeVar

from roleadvisor.errors import StateError
from roleadvisor.state.files import atomic_write_text, parse_state, read_raw
from roleadvisor.state.plain import Plain, from_json, shape_digest, to_json
from roleadvisor.state.signing import signature, signature_path, signed

P = TypeVar("P", bound=Plain)


def kind_of(kind: type[Plain]) -> str:
    """What a signature vouches the file holds: the class and the shape it had when written."""
    return f"{kind.__module__}.{kind.__qualname__}:{shape_digest(kind)}"


def read_saved(path: Path, what: str, kind: type[P]) -> P | None:
    """The `kind` saved at `path`; None when absent. A damaged file is backed up, reported."""
    raw = read_raw(path, what)
    if raw is None:
        return None
    if signed(path, kind_of(kind), raw):
        # ours, byte for byte: a shape the reader does not expect can still only mean a bug,
        # and the full validation below then decides
        with suppress(ValueError, TypeError, KeyError, RecursionError):
            return from_json(kind, json.loads(raw))
    data = parse_state(path, what, raw)
    from roleadvisor.state.checked import validate_state  # pydantic: only for such a file

    return validate_state(path, what, kind, data)


def write_saved(path: Path, value: Plain) -> None:
    """Write `value` to `path` atomically, then its signature beside it. The caller holds
    the file's lock when it read the value it changed."""
    text = json.dumps(to_json(value), indent=2, sort_keys=True) + "\n"
    atomic_write_text(path, text)
    mark = signature(kind_of(type(value)), text.encode("utf-8"))
    beside = signature_path(path)
    with suppress(StateError, OSError):  # unsigned, the file is only slower to read
        if mark is None:
            beside.unlink(missing_ok=True)
        else:
            atomic_write_text(beside, mark + "\n")
