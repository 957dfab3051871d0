"""decode_gaps.json: the skills `decode --add-to-plan` found lacking, which `plan` adds to the
person's gaps for their primary role.

Shape: {"format": 1, "skills": [skill ids, sorted], "postings": [{"title", "role", "skills",
"added"}]}; the planner reads `skills`.
"""

from __future__ import annotations

from roleadvisor.state.files import locked
from roleadvisor.state.paths import decode_gaps_path
from roleadvisor.state.plain import Plain
from roleadvisor.state.saved import read_saved, write_saved

GAPS_FORMAT = 1
WHAT = "plan gaps"


class Posting(Plain):
    title: str | None
    role: str | None
    skills: list[str]
    added: str


class GapsFile(Plain):
    """decode_gaps.json as written; anything else in the file is damage to report."""

    format: int = GAPS_FORMAT
    skills: list[str] = []
    postings: list[Posting] = []


def merge_gaps(
    existing: GapsFile | None,
    title: str | None,
    role: str | None,
    missing: list[str],
    added_on: str,
) -> tuple[GapsFile, list[str]]:
    """The gap file with one posting's missing skills added, and which skills are new."""
    before = existing.skills if existing else []
    postings = [*(existing.postings if existing else [])]
    new = [s for s in missing if s not in before]
    postings.append(Posting(title=title, role=role, skills=list(missing), added=added_on))
    merged = GapsFile(skills=sorted({*before, *missing}), postings=postings)
    return merged, new


def add_gaps(title: str | None, role: str | None, missing: list[str], added_on: str) -> list[str]:
    """Record one posting's missing skills (under the file's lock); returns those that are new."""
    path = decode_gaps_path()
    with locked(path):
        merged, new = merge_gaps(
            read_saved(path, WHAT, GapsFile), title, role, missing, added_on
        )
        write_saved(path, merged)
    return new


def decoded_gaps() -> list[str]:
    """Skills that `decode --add-to-plan` recorded as lacking (for the primary role); a damaged
    file is backed up and raises StateError."""
    found = read_saved(decode_gaps_path(), WHAT, GapsFile)
    return list(found.skills) if found else []
