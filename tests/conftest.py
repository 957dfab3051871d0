"""Shared fixtures: a pinned terminal, a CLI runner, and a tiny self-contained knowledge base.

Every test runs with COLUMNS=100, NO_COLOR=1, TERM=dumb, its own ROLEADVISOR_HOME and no
ROLEADVISOR_KB, so output does not depend on the terminal or the machine the tests run on.
A test that needs another width sets COLUMNS itself (monkeypatch.setenv or `invoke(env=...)`).

Knowledge bases: `real_kb` (the shipped one, validated), `kb_copy` (a writable copy of it, for
CLI tests that plant odd content with `edit_yaml`), `tiny_kb` (three made-up roles as models,
for pure-logic tests that must not depend on the shipped content).
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest
import yaml
from typer.testing import CliRunner, Result

from roleadvisor.kb.base import KnowledgeBase, load_kb
from roleadvisor.kb.models import AssessmentFile, Landscape, RolesFile, SkillsFile
from roleadvisor.questionnaire import Questionnaire, questionnaire_of

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("ROLEADVISOR_HOME", str(tmp_path / "home"))
    for name in ("ROLEADVISOR_KB", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Invoke = Callable[..., Result]


@pytest.fixture
def invoke(runner: CliRunner) -> Invoke:
    """Run the app: `invoke("compare", "mle", "aie", env={"COLUMNS": "60"})`.

    stdout and stderr come back separately (result.stdout / result.stderr); exceptions other
    than SystemExit propagate, so a traceback fails the test instead of hiding in output.
    """
    from roleadvisor.cli import app

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)

    return run


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
        confusions:
          - id: alpha-vs-beta
            roles: [alpha-engineer, beta-builder]
            distinction: {text: Alpha shapes the engine while Beta builds the car., source: doc-b}
        trends:
          - {text: Beta demand keeps climbing., source: doc-a}
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
    )


@pytest.fixture
def tiny_kb() -> KnowledgeBase:
    return tiny_kb_from()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded once (files that test a broken one override it)."""
    return load_kb(DATA)


@pytest.fixture(scope="session")
def q(kb: KnowledgeBase) -> Questionnaire:
    """The shipped questionnaire."""
    return questionnaire_of(kb)


@pytest.fixture
def real_kb() -> KnowledgeBase:
    """The shipped knowledge base; a broken one fails the test with every problem listed."""
    from roleadvisor.kb.base import validate_dir

    kb, problems = validate_dir(DATA)
    assert kb is not None, "the shipped knowledge base is invalid:\n" + "\n".join(
        map(str, problems)
    )
    return kb


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge base (edit it with `edit_yaml`)."""
    target = tmp_path / "kb-copy"
    target.mkdir()
    for file in DATA.glob("*.yaml"):
        shutil.copy(file, target / file.name)
    return target


def edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    """Load a YAML file, let `change` mutate the data, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
