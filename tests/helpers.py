"""Helpers every test file shares: the CLI runner's type, output measures, the tiny knowledge
base, and for knowledge-base tests, copying the shipped data, breaking it, finding where it
broke."""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

import yaml
from typer.testing import Result

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import AssessmentFile, Landscape, RolesFile, SkillsFile
from roleadvisor.kb.problems import Problem
from roleadvisor.kb.validation import validate_dir

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"

Invoke = Callable[..., Result]


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


def one_line_error(result: Any, code: int, *needles: str) -> None:
    """The command failed with `code` and one line on stderr that holds every needle."""
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    # a cancellation is not an error and carries no "Error:" label
    assert lines[0].startswith("Error: ") == (code != 130), result.stderr
    for needle in needles:
        assert needle in lines[0]


def longest_line(text: str) -> int:
    return max((len(line) for line in text.splitlines()), default=0)


# --- a tiny knowledge base --------------------------------------------------------------------

TINY_FILES = {
    "landscape.yaml": """
        sources:
          - {id: doc-a, kind: document, file: a.txt, title: First document, as_of: "2026"}
          - {id: doc-b, kind: document, file: b.txt, title: Second document, as_of: "2026-06"}
          - {id: editorial, kind: editorial, title: Our own reading, as_of: "2026-11"}
        tiers:
          - {id: research, name: Research, purpose: {text: Finds new methods., source: doc-b}}
          - {id: engineering, name: Engineering, purpose: {text: Builds things., source: doc-b}}
          - {id: infrastructure, name: Infrastructure, purpose: {text: Runs things., source: doc-b}}
          - {id: safety, name: Safety, purpose: {text: Breaks things on purpose., source: doc-b}}
          - {id: application, name: Application, purpose: {text: Ships products., source: doc-b}}
        sectors:
          - {id: faang, name: Big tech}
          - {id: finance, name: Finance}
          - {id: healthcare, name: Healthcare}
        round_kinds:
          - {id: phone-screen, name: Phone screen}
          - {id: coding-1, name: Coding 1}
          - {id: coding-2, name: Coding 2}
          - {id: ml-depth, name: ML depth}
          - {id: system-design, name: System design}
          - {id: behavioral, name: Behavioral}
          - {id: unique, name: Unique round}
        confusions:
          - id: alpha-vs-beta
            roles: [alpha-engineer, beta-builder]
            distinction: {text: Alpha shapes the engine while Beta builds the car., source: doc-b}
        trends:
          - {text: Beta demand keeps climbing., source: doc-a}
        pay_headline:
          id: l5-us-tc
          label: L5 US total comp
          level: l5
          basis: total-comp
          market: [US, USA, U.S., United States]
          ranges_id: us-pay
          ranges_label: US pay ranges
          source: doc-a
        market:
          title: What postings ask for
          sample: {text: Nine hundred postings from five cities., source: doc-a}
          languages:
            - {label: Python, percent: 82.5, source: doc-a}
            - {label: Cobol, percent: 1.5, source: doc-a}
            - {label: TypeScript, percent: 23.4, source: doc-a}
          skills:
            - {label: Retrieval, count: 40, total: 100, source: doc-a}
          responsibilities:
            - {label: Ship features, frequency: very-common, source: doc-a}
            - {label: Write papers, frequency: less-common, source: doc-a}
          findings:
            - {text: Most postings want production experience., source: doc-a}
    """,
    "skills.yaml": """
        categories:
          - {id: language, name: Languages}
          - {id: ml, name: Machine learning}
          - {id: genai, name: Generative AI}
          - {id: safety, name: Safety}
        skills:
          - {id: python, name: Python, category: language}
          - {id: pytorch, name: PyTorch, category: ml}
          - {id: rag, name: Retrieval-augmented generation, category: genai}
          - {id: security, name: Security engineering, category: safety}
        backgrounds:
          - {id: software-engineer, name: Software engineer, skills: [python]}
          - {id: researcher, name: Researcher, skills: [pytorch]}
    """,
    "roles.yaml": """
        roles:
          - id: alpha-engineer
            name: Alpha Engineer
            aliases: [alpha]
            tier: engineering
            tier_provenance: doc-a
            status_provenance: editorial
            summary:
              text: "Trains models; the [bold]literal[/bold] stays as written."
              source: doc-b
            primary_focus: {text: Train and deploy models, source: doc-a}
            key_skill: {text: PyTorch plus distributed training, source: doc-a}
            day_to_day: {source: doc-a, items: [Tune training runs]}
            skills: {source: doc-a, items: [python, pytorch]}
            loop:
              emphasis: {text: Theory and coding, source: doc-a}
              rounds:
                - {kind: phone-screen, title: Phone screen, tests: Concepts and a short exercise,
                   source: doc-a, emphasis: 3, emphasis_provenance: editorial,
                   study: [Loss functions], skip: [Agent frameworks],
                   advice_source: editorial}
                - {kind: unique, title: Paper discussion, tests: Reading a recent paper,
                   source: doc-a, emphasis: 2, emphasis_provenance: editorial,
                   study: [One paper a week], advice_source: editorial}
            pay:
              - {label: Total comp at L5 (US), basis: total-comp, low: 300000, high: 450000,
                 level: l5, region: US, source: doc-a}
              - {label: Rough pay, basis: qualitative, note: Solid, source: doc-b}
            supply_demand: {level_provenance: doc-a, level: balanced, source: doc-a}
            sector_demand:
              - {sector: faang, level: high, source: doc-a}
              - {sector: finance, level: medium, source: doc-a}
            coding_intensity: {level: high, source: doc-a}
            research_reading: {level: some, source: doc-a}
            path_to_staff: {text: IC or manager, source: doc-a}
            transitions:
              - {background: researcher, duration: three to six months,
                 duration_provenance: editorial, min_weeks: 12,
                 max_weeks: 26, learn: [Production code], source: editorial}
            best_for: {text: People who like models, source: doc-a}
          - id: beta-builder
            name: Beta Builder
            aliases: [beta]
            tier: engineering
            tier_provenance: doc-a
            status_provenance: editorial
            summary:
              text: Builds with Pneumonoultramicroscopicsilicovolcanoconiosis-grade tools.
              source: doc-b
            primary_focus: {text: Build AI products, source: doc-a}
            key_skill: {text: Retrieval and agents, source: doc-a}
            day_to_day: {source: doc-a, items: [Wire models into products]}
            skills: {source: doc-a, items: [python, rag]}
            loop:
              emphasis: {text: Design and coding, source: doc-a}
              rounds:
                - {kind: phone-screen, title: Phone screen, tests: System design and coding,
                   source: doc-a, emphasis: 4, emphasis_provenance: editorial,
                   study: [Retrieval pipelines],
                   advice_source: editorial}
                - {kind: system-design, title: System design, tests: An AI product end to end,
                   source: doc-a, emphasis: 5, emphasis_provenance: editorial,
                   study: [Chatbot design], advice_source: editorial}
            pay:
              - {label: US total comp, basis: total-comp, low: 120000, high: 250000,
                 region: US, source: doc-a}
              - {label: Total comp at L5 (US), basis: total-comp, low: 250000, high: 400000,
                 level: l5, region: US, source: doc-a}
            supply_demand: {level_provenance: doc-a, level: high-demand-low-supply, source: doc-a}
            sector_demand:
              - {sector: faang, level: high, source: doc-a}
              - {sector: healthcare, level: very-high, source: doc-a}
            coding_intensity: {level: very-high, source: doc-a}
            research_reading: {level: some, source: doc-a}
            path_to_staff: {text: IC or manager, source: doc-a}
          - id: gamma-guard
            name: Gamma Guard
            tier: safety
            tier_provenance: editorial
            status: emerging
            status_provenance: {kind: derived, source: doc-b, rule: Doc B calls it new}
            summary: {text: "Attacks systems\\x1b[31m to find holes.", source: doc-b}
            day_to_day: {source: editorial, items: [Probe models]}
            skills: {source: doc-b, items: [security]}
            loop:
              emphasis: {text: Attack thinking, source: editorial}
              rounds:
                - {kind: unique, title: Live attack, tests: Breaking a sample system,
                   source: editorial, emphasis: 5, emphasis_provenance: editorial,
                   study: [Prompt injection],
                   advice_source: editorial}
            pay:
              - {label: Rough pay, basis: qualitative, note: Climbing fast, source: doc-b}
    """,
    "assessment.yaml": """
        dimensions:
          - id: clarity
            name: Role clarity
            question: How well do you know the roles?
            anchors:
              - {score: 1, text: Not at all}
              - {score: 3, text: Somewhat}
              - {score: 5, text: Well}
            source: doc-a
        bands:
          - {id: low, low: 1, high: 3, advice: Read everything., source: doc-a}
          - {id: high, low: 4, high: 5, advice: Skim., source: doc-a}
        checkpoints:
          - {day: 0, task: Start, source: doc-a}
    """,
}


def shipped_study() -> dict[str, Any]:
    """The shipped study.yaml (plan layout and review spacing) as the extra file of a knowledge
    base built from models."""
    from roleadvisor.kb.study_models import FILE, StudyFile

    text = (DATA / FILE).read_text(encoding="utf-8")
    return {FILE: StudyFile.model_validate(yaml.safe_load(text))}


def tiny_kb_from(files: dict[str, str] | None = None) -> KnowledgeBase:
    """The tiny knowledge base as models (no files, no extra files), for pure-logic tests;
    `files` replaces whole files of TINY_FILES."""
    from roleadvisor.kb.loader import KB_FILES

    texts = {**TINY_FILES, **(files or {})}
    models = {
        name: KB_FILES[name].model_validate(yaml.safe_load(textwrap.dedent(text)))
        for name, text in texts.items()
    }
    return KnowledgeBase(
        directory=Path("tiny"),
        roles=tuple(cast(RolesFile, models["roles.yaml"]).roles),
        landscape=cast(Landscape, models["landscape.yaml"]),
        skills_file=cast(SkillsFile, models["skills.yaml"]),
        assessment=cast(AssessmentFile, models["assessment.yaml"]),
        extras=shipped_study(),
    )
