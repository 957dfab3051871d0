"""Saved assessments: one JSON file per completed assessment under `data_home()/assessments`.

Each file is named by the moment the assessment was taken (UTC), so names sort in the order
they were taken. The model of a saved assessment belongs to the core
(`roleadvisor.assessment.SavedAssessment`); readers here are handed it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from roleadvisor.errors import StateError
from roleadvisor.state.paths import assessments_dir
from roleadvisor.state.plain import Plain
from roleadvisor.state.saved import read_saved, write_saved

M = TypeVar("M", bound=Plain)


def has_assessments() -> bool:
    """Whether any assessment is saved: lets commands skip loading the history machinery."""
    folder = assessments_dir()
    return folder.is_dir() and any(folder.glob("*.json"))


def save(stamp: str, saved: Plain) -> Path:
    """Store a completed assessment atomically as `<stamp>.json`; returns where."""
    path = assessments_dir() / f"{stamp}.json"
    write_saved(path, saved)
    return path


def load_all(model: type[M]) -> list[M]:
    """Every saved assessment, in file-name order; a damaged file is reported, never skipped."""
    folder = assessments_dir()
    if not folder.is_dir():
        return []
    return [_load(path, model) for path in sorted(folder.glob("*.json"))]


def latest(model: type[M]) -> M | None:
    """The newest assessment, reading only its file: names sort in the order taken."""
    folder = assessments_dir()
    newest = max(folder.glob("*.json"), default=None) if folder.is_dir() else None
    return _load(newest, model) if newest is not None else None


def latest_usable(model: type[M], problems: list[str]) -> M | None:
    """The newest assessment that can be read; each damaged newer one (backed up) adds its
    one-line problem to `problems` instead of stopping the command."""
    folder = assessments_dir()
    if not folder.is_dir():
        return None
    for path in sorted(folder.glob("*.json"), reverse=True):
        try:
            return _load(path, model)
        except StateError as exc:
            problems.append(exc.message)
    return None


def _load(path: Path, model: type[M]) -> M:
    found = read_saved(path, "saved assessment", model)
    if found is None:  # removed since it was listed
        raise StateError(f"The saved assessment {path} disappeared while it was read; try again.")
    return found
