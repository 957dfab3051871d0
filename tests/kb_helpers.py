"""Helpers for knowledge-base tests: copy the shipped data, break it, find where it broke."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from roleadvisor.kb.base import validate_dir
from roleadvisor.kb.problems import Problem

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"


def copy_data(target: Path) -> Path:
    """A copy of the shipped knowledge base that a test may break at will."""
    shutil.copytree(DATA, target)
    return target


def rewrite(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Load a YAML file, let `change` edit the data in place, and write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)
    path.write_text(text, encoding="utf-8")


def lines_of(path: Path, needle: str) -> list[int]:
    """1-based numbers of the lines that contain `needle`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [n for n, line in enumerate(lines, start=1) if needle in line]


def line_of(path: Path, needle: str) -> int:
    """The one line that contains `needle` (fails if there are none or several)."""
    found = lines_of(path, needle)
    assert len(found) == 1, f"{needle!r} is on lines {found} of {path.name}, expected one"
    return found[0]


def problems(kb_dir: Path) -> list[Problem]:
    """Problems of a broken knowledge base (which must not load)."""
    kb, found = validate_dir(kb_dir)
    assert kb is None, "the broken knowledge base validated"
    assert found, "validation failed without naming a problem"
    return found


def find(found: list[Problem], file: str, path: str) -> Problem:
    """The problem reported for `file` at key path `path`, failing with the full list."""
    hits = [p for p in found if p.file == file and p.path == path]
    listing = "\n".join(str(p) for p in found)
    assert hits, f"no problem for {file} at {path!r}; got:\n{listing}"
    return hits[0]


# --- reading the source documents ------------------------------------------------------------


def seed_text(file: str) -> str:
    """A source document with dashes and TeX-isms flattened, so figures compare as plain text."""
    text = (SEEDS / file).read_text(encoding="utf-8")
    text = text.replace("\\text{--}", "-").replace("–", "-").replace("—", "-")
    return text.replace("$", "").replace("\\", "")


_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[float]:
    """Every number written in a text; `450K` and the `300-450K` range also count in full."""
    found = {float(n.replace(",", "")) for n in _NUMBER.findall(text)}
    for low, high in re.findall(r"(\d+)\s*-\s*(\d+)K(?![A-Za-z])", text):
        found |= {float(low) * 1000, float(high) * 1000}
    found |= {float(n) * 1000 for n in re.findall(r"(\d+)K(?![A-Za-z])", text)}
    return found
