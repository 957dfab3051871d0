"""A problem found in a knowledge-base file, and the line it is on.

Validation reports a key path; the line is found by composing the YAML again, keeping node
positions, only when something is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        at = f" at {self.path}" if self.path else ""
        return f"{where}{at}: {self.message}"


def line_index(path: Path) -> dict[tuple[str | int, ...], int]:
    """Map each key path of a YAML file to its 1-based line (slow path, errors only)."""
    index: dict[tuple[str | int, ...], int] = {}
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, OSError, UnicodeDecodeError, RecursionError):
        return index

    seen: set[int] = set()

    def walk(node: yaml.Node, at: tuple[str | int, ...]) -> None:
        index[at] = node.start_mark.line + 1
        if id(node) in seen:  # an alias: its lines are indexed where it was written, once
            return
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = (*at, str(key.value))
                index[child] = key.start_mark.line + 1
                walk(value, child)
                index[child] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*at, i))

    if root is not None:
        walk(root, ())
    return index


def nearest_line(
    index: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]
) -> int | None:
    for end in range(len(loc), -1, -1):
        if loc[:end] in index:
            return index[loc[:end]]
    return None


def format_loc(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def locate(file: Path, loc: tuple[str | int, ...]) -> int | None:
    """The line of a key path in a file, for problems found after model validation."""
    try:
        stat = file.stat()
    except OSError:
        return None
    # cross-checks locate every problem on its own: compose each file once, not once per problem
    stamp = (str(file), stat.st_size, stat.st_mtime_ns)
    if stamp not in _indexes:
        if len(_indexes) >= 16:
            _indexes.clear()
        _indexes[stamp] = line_index(file)
    return nearest_line(_indexes[stamp], loc)


_indexes: dict[tuple[str, int, int], dict[tuple[str | int, ...], int]] = {}


def unknown_id(kind: str, value: str, declared: list[str]) -> str:
    """The message for a use of an undeclared tier or sector, listing the declared ones."""
    choices = ", ".join(f"'{d}'" for d in declared)
    section = kind.replace(" ", "_") + "s"
    return f"unknown {kind} '{value}' (declare it under {section} in landscape.yaml: {choices})"
