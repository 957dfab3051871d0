"""decode_gaps.json: the skills `decode --add-to-plan` found lacking, which `plan` adds to the
person's gaps for their primary role.

Shape: {"format": 1, "skills": [skill ids, sorted], "postings": [{"title", "role", "skills",
"added"}]}; the planner reads `skills`.
"""

from __future__ import annotations

from typing import Any

from roleadvisor.state.files import locked, read_state, write_state
from roleadvisor.state.paths import decode_gaps_path

GAPS_FORMAT = 1
WHAT = "plan gaps"


def merge_gaps(
    existing: Any, title: str | None, role: str | None, missing: list[str], added_on: str
) -> tuple[dict[str, Any], list[str]]:
    """The gap file with one posting's missing skills added, and which skills are new."""
    data = existing if isinstance(existing, dict) else {}
    before = [s for s in data.get("skills", []) if isinstance(s, str)]
    postings = [p for p in data.get("postings", []) if isinstance(p, dict)]
    new = [s for s in missing if s not in before]
    postings.append({"title": title, "role": role, "skills": list(missing), "added": added_on})
    merged = {"format": GAPS_FORMAT, "skills": sorted({*before, *missing}), "postings": postings}
    return merged, new


def add_gaps(title: str | None, role: str | None, missing: list[str], added_on: str) -> list[str]:
    """Record one posting's missing skills (under the file's lock); returns those that are new."""
    path = decode_gaps_path()
    with locked(path):
        merged, new = merge_gaps(read_state(path, WHAT), title, role, missing, added_on)
        write_state(path, merged)
    return new


def decoded_gaps() -> list[str]:
    """Skills that `decode --add-to-plan` recorded as lacking (for the primary role)."""
    data = read_state(decode_gaps_path(), WHAT)
    skills = data.get("skills") if isinstance(data, dict) else None
    return [s for s in skills if isinstance(s, str)] if isinstance(skills, list) else []
