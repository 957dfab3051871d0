"""Saved assessments: one JSON file per completed assessment under `data_home()/assessments`.

API (also used by the prep planner):

- `save(result, taken_at=None) -> SavedAssessment` writes a completed assessment atomically.
- `load_all() -> list[SavedAssessment]`, oldest first.
- `latest() -> SavedAssessment | None`, the most recent one.

A SavedAssessment holds:
- `profile`: ratings per dimension, background, years, skills, enjoys, constraints
  (timeline, company type), the role named today and the raw answers;
- `recommendation`: `ranking` (every role id with its 0-100 score, best first), `top` (the
  three best fits with reasons, strengths and `gaps` as skill ids), `dual_track` (`roles`,
  and `split`: role id -> share of prep time) and `target` (the named role against the best);
  `recommendation.gaps` maps each top role to its gap skill ids and
  `recommendation.focus_roles()` gives the roles to prepare for;
- `self_assessment`: the ratings, total and band;
- `checkpoints`: the dated review schedule made on the day of the assessment.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from pydantic import ValidationError

from roleadvisor.errors import StateError
from roleadvisor.recommend import AssessmentResult
from roleadvisor.store import assessments_dir, read_state, write_state

FORMAT = 1


class SavedAssessment(AssessmentResult):
    id: str
    taken_at: datetime
    format: int = FORMAT


def save(result: AssessmentResult, taken_at: datetime | None = None) -> SavedAssessment:
    """Store a completed assessment; the file name sorts in the order they were taken."""
    when = (taken_at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    stamp = when.strftime("%Y%m%dT%H%M%S%fZ")
    saved = SavedAssessment(id=stamp, taken_at=when, **dict(result))
    write_state(assessments_dir() / f"{stamp}.json", saved.model_dump(mode="json"))
    return saved


def load_all() -> list[SavedAssessment]:
    """Every saved assessment, oldest first; a damaged file is reported, never skipped."""
    folder = assessments_dir()
    if not folder.is_dir():
        return []
    saved = [_load(path) for path in sorted(folder.glob("*.json"))]
    saved.sort(key=lambda s: s.taken_at)
    return saved


def _load(path: Path) -> SavedAssessment:
    data = read_state(path, "saved assessment")
    try:
        return SavedAssessment.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StateError(
            f"The saved assessment {path} is not in the expected format ({where}: "
            f"{first['msg']}). Move it out of {path.parent} to continue."
        ) from None


def latest() -> SavedAssessment | None:
    """The newest assessment, reading only its file: names sort in the order taken."""
    folder = assessments_dir()
    newest = max(folder.glob("*.json"), default=None) if folder.is_dir() else None
    return _load(newest) if newest is not None else None


def changes(current: dict[str, int], previous: SavedAssessment | None) -> dict[str, int]:
    """Each dimension's rating change since the previous assessment (empty when none)."""
    if previous is None:
        return {}
    before = previous.self_assessment.ratings
    return {dim: value - before[dim] for dim, value in current.items() if dim in before}
