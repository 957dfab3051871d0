"""Find and read the files of a knowledge base: which directory, which files, and each file's
YAML, refused with a reason a person can act on when it is missing, too large, too deep or not
YAML. Nothing here knows the models (validation is kb.loader), so a command served from the
validated cache uses this module without importing pydantic.
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from roleadvisor.errors import KnowledgeBaseError
from roleadvisor.kb.plain_yaml import SafeLoader, load_plain
from roleadvisor.kb.shipped import shipped_dir

ENV_VAR = "ROLEADVISOR_KB"
MAX_FILE_BYTES = 5 * 1024 * 1024  # far above any real knowledge base; refuses runaway files
# libyaml composes nested collections recursively in C: tens of thousands of levels crash the
# process outright, so deeply nested flow collections are refused before they are composed.
# A real knowledge base nests under ten levels; keeping our own limit far below any YAML
# library's means the refusal is always ours, whichever PyYAML is installed.
MAX_DEPTH = 100

ROLES_FILE = "roles.yaml"
ROLES_DIR = "roles"  # roles/*.yaml: more roles, beside or instead of roles.yaml
SIGNALS_FILE = "signals.yaml"
QUESTIONNAIRE_FILE = "questionnaire.yaml"
STUDY_FILE = "study.yaml"
# Every file of a knowledge base but the role files, in the order they are validated.
OTHER_FILES = (
    "landscape.yaml",
    "skills.yaml",
    "assessment.yaml",
    SIGNALS_FILE,
    QUESTIONNAIRE_FILE,
    STUDY_FILE,
)



def packaged_data_dir() -> Path:
    """The shipped knowledge base: inside the wheel, or `data/` of a source checkout."""
    return shipped_dir("data")


def resolve_kb_dir(option: str | Path | None) -> Path:
    """`--kb` wins over ROLEADVISOR_KB, which wins over the shipped data.

    A path may name the directory or any file inside it (say `roles.yaml`).
    """
    chosen = option if option is not None else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return packaged_data_dir()
    path = Path(chosen).expanduser()
    if path.is_file():
        return path.parent
    if not path.exists():
        raise KnowledgeBaseError([f"{path}: no such file or directory (check --kb or {ENV_VAR})"])
    return path


def read_yaml(path: Path) -> Any:
    """Read one YAML file with the safe loader; every failure becomes a Problem message."""
    if not path.exists():
        raise FileProblem(f"file is missing from {path.parent}")
    if path.is_dir():
        raise FileProblem("is a directory, expected a YAML file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise FileProblem(f"{size} bytes is over the {MAX_FILE_BYTES} byte limit")
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise FileProblem(f"not UTF-8 text (byte {exc.start})", bad_line) from None
    except OSError as exc:
        raise FileProblem(f"cannot read ({exc.strerror})") from None
    try:
        # Flow nesting cannot be deeper than the brackets nest, so most files skip the scan.
        if text.count("[") + text.count("{") > MAX_DEPTH and _bracket_depth(text) > MAX_DEPTH:
            _check_depth(text)
        # `in` finds no asterisk at once; the pattern alone would scan every position
        if "*" in text and _ALIAS.search(text):
            _check_aliases(text)
        data = load_plain(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        if isinstance(exc, yaml.reader.ReaderError):  # bad character: no mark, only a position
            line = text.count("\n", 0, exc.position) + 1
        raise FileProblem(f"invalid YAML: {_yaml_reason(exc)}", line) from None
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
        # the safe loader's constructors fail so on a value it cannot build (`2024-13-45`)
        raise FileProblem(*_unbuildable(text)) from None
    if data is None:
        raise FileProblem("file is empty")
    if not isinstance(data, dict):
        raise FileProblem("expected a mapping of keys at the top level")
    return data


def _yaml_reason(exc: yaml.YAMLError) -> str:
    """Our words for the failures a person can fix; the parser's own words for syntax slips."""
    if isinstance(exc, yaml.reader.ReaderError):
        return f"character {exc.character!r} is not allowed in a YAML file (control characters)"
    if isinstance(exc, yaml.constructor.ConstructorError):
        return "a tag that builds a program object is not allowed: write plain values"
    return getattr(exc, "problem", None) or str(exc).splitlines()[0]


_KINDS = {
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
}


def _unbuildable(text: str) -> tuple[str, int | None]:
    """The reason and line of the first scalar the safe loader cannot build as its type."""
    constructor = yaml.constructor.SafeConstructor()
    pending = [yaml.compose(text, Loader=SafeLoader)]
    seen: set[int] = set()
    while pending:  # iterative: aliases may loop, and nesting may be deep
        node = pending.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                constructor.construct_object(node, deep=True)
            except Exception:
                kind = _KINDS.get(node.tag, "a value of its type")
                reason = f"{node.value!r} cannot be read as {kind}; put text in quotes"
                return reason, node.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            pending.extend(child for pair in reversed(node.value) for child in reversed(pair))
    return "a value cannot be read as its type; put text in quotes", None


_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _bracket_depth(text: str) -> int:
    """How deep the brackets nest, quotes ignored: never less than the real flow nesting."""
    return max(accumulate(map(_STEP.__getitem__, _NOT_BRACKET.sub("", text))), default=0)


def _check_depth(text: str) -> None:
    """Refuse collections nested deeper than MAX_DEPTH, scanning parser events (iterative).

    The pure-Python parser streams events without a depth limit of its own, so the refusal,
    its line and its words are the same whichever libyaml build is installed.
    """
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                line = mark.line + 1 if mark is not None else None
                raise FileProblem(f"nested more than {MAX_DEPTH} levels deep", line)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


# An alias (`*name`, merge keys `<<: *name` included) where a value may start; most files have
# none and skip the scan.
_ALIAS = re.compile(r"(?:^|[\s\[{,:-])\*[^\s\[\]{},]")
# Values aliases may add beyond the nodes written out: a few repeated blocks are fine; a
# "billion laughs" of nested aliases, or merge keys cloning thousands of roles, is not.
MAX_ALIASED_VALUES = 50_000


def _check_aliases(text: str) -> None:
    """Refuse a file whose aliases expand to more than MAX_ALIASED_VALUES values beyond those
    written, counting each alias as the size of what it names. Parser events only: nothing is
    built, and the scan stops at the first alias past the limit."""
    sizes: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []  # (anchor, values counted before it)
    extra = expanded = 0
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent):
            size = sizes.get(str(event.anchor), 1)
            expanded += size
            extra += size
            if extra > MAX_ALIASED_VALUES:
                line = event.start_mark.line + 1 if event.start_mark is not None else None
                raise FileProblem(
                    f"aliases expand to more than {MAX_ALIASED_VALUES} values; "
                    "write them out instead",
                    line,
                )
        elif isinstance(event, yaml.ScalarEvent):
            expanded += 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.CollectionStartEvent):
            expanded += 1
            open_nodes.append((event.anchor, expanded - 1))
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before = open_nodes.pop()
            if anchor:
                sizes[anchor] = expanded - before


class FileProblem(Exception):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line




def role_files(kb_dir: Path) -> list[str]:
    """The files that hold roles, relative to `kb_dir`: roles.yaml and roles/*.yaml by name.

    Each file stays under MAX_FILE_BYTES, so a large knowledge base is split across files.
    Without either, roles.yaml is named so that its absence is reported."""
    parts_dir = kb_dir / ROLES_DIR
    parts = sorted(p.name for p in parts_dir.glob("*.yaml")) if parts_dir.is_dir() else []
    names = [ROLES_FILE] if (kb_dir / ROLES_FILE).exists() or not parts else []
    return names + [f"{ROLES_DIR}/{name}" for name in parts]


def kb_file_names(kb_dir: Path) -> list[str]:
    """Every file of the knowledge base in `kb_dir`, relative to it."""
    return [*role_files(kb_dir), *OTHER_FILES]




def files_digest(kb_dir: Path, files: Iterable[str]) -> bytes | None:
    """A digest of the knowledge-base files' names and bytes; None when one is unreadable."""
    digest = hashlib.sha256()
    for name in sorted(files):
        try:
            data = (kb_dir / name).read_bytes()
        except OSError:
            return None  # full validation will report it
        digest.update(f"|{name}:{len(data)}|".encode())
        digest.update(data)
    return digest.digest()


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cyclic garbage collection while building the knowledge base's objects.

    Everything built here lives for the whole run, yet each collection would walk all of it
    again: on a large knowledge base those passes cost more than the parsing (measured with
    benchmarks/run.py at 500 roles: 3.7 s with, 2.1 s without).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
