"""Read a job posting and say which role it really is.

Pure: text in, `DecodeResult` out. The vocabulary is data (skill keywords in skills.yaml, role
skills and signals in roles.yaml, phrases, duties, titles and rules in signals.yaml); the
modules of this package only know how to read with it, one idea each:

- `text`: HTML to text, tokens and phrase keys; `sections`: what each part of a posting weighs;
  `quotes`: the readable sentence or bullet around a piece of evidence;
- `tables`: the vocabulary as token tables, built once per knowledge base;
- `matching`: where the vocabulary stands in a posting, under its context rules;
- `scoring`: how much each role's evidence weighs, and whether to name a role at all;
- `seniority`, `results` and `reading`, which puts the whole reading together.
"""

from __future__ import annotations

from roleadvisor.decode.reading import MAX_CHARS, check_skills, decode, prepare, skills_in
from roleadvisor.decode.results import (
    OUTCOMES,
    DecodeResult,
    Evidence,
    LoopRound,
    LoopSummary,
    MultiRoleFlag,
    RoleMatch,
    Seniority,
    SkillCheck,
    SkillFound,
    TitleCheck,
)
from roleadvisor.decode.scoring import title_role
from roleadvisor.decode.tables import vocabulary
from roleadvisor.decode.text import html_to_text

__all__ = [
    "MAX_CHARS",
    "OUTCOMES",
    "DecodeResult",
    "Evidence",
    "LoopRound",
    "LoopSummary",
    "MultiRoleFlag",
    "RoleMatch",
    "Seniority",
    "SkillCheck",
    "SkillFound",
    "TitleCheck",
    "check_skills",
    "decode",
    "html_to_text",
    "prepare",
    "skills_in",
    "title_role",
    "vocabulary",
]
