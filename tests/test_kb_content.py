"""The shipped knowledge base against the source documents it was written from.

Figures are read out of the documents themselves (tables and lists parsed here), so a figure
that drifts from its document, or a document entry the knowledge base lost, fails a test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import yaml
from pydantic import BaseModel

from helpers import DATA, SEEDS, numbers_in, seed_text
from roleadvisor.errors import UnknownRoleError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import Claim, ClaimList, PayFigure, Role, RoleStatus, Stat
from roleadvisor.kb.validation import validate_dir

# Only the tests that read a source document need ../shared; the rest always run.
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"reads the source documents, which are not at {SEEDS}"
)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    loaded, found = validate_dir(DATA)
    assert loaded is not None, "\n".join(str(p) for p in found)
    return loaded


def _doc(kb: KnowledgeBase, source_id: str) -> str:
    if not SEEDS.is_dir():
        pytest.skip(f"reads the source document '{source_id}', and {SEEDS} is not present")
    file = kb.sources[source_id].file
    assert file is not None
    return seed_text(file)


# --- sources ------------------------------------------------------------------------------------


@needs_seeds
def test_every_document_source_names_a_seed_file(kb: KnowledgeBase) -> None:
    documents = [s for s in kb.landscape.sources if s.kind == "document"]
    assert {s.file for s in documents} == {p.name for p in SEEDS.glob("0*.txt")}
    for source in documents:
        assert source.file is not None and (SEEDS / source.file).is_file()


# --- roles --------------------------------------------------------------------------------------


def test_every_role_has_a_summary_and_a_loop(kb: KnowledgeBase) -> None:
    for role in kb.roles:
        assert role.summary.text.strip(), role.id
        assert role.loop.rounds, role.id
        assert all(r.study for r in role.loop.rounds), role.id


TIER_NAMES = {
    str(t["id"]).title()
    for t in yaml.safe_load((DATA / "landscape.yaml").read_text(encoding="utf-8"))["tiers"]
}


def _careers_map_rows(text: str) -> list[tuple[str, str]]:
    """(role name, tier) of each row of the roles table in the careers map."""
    rows = []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and cells[1] in TIER_NAMES:
            rows.append((cells[0], cells[1]))
    return rows


def _name_variants(name: str) -> Iterator[str]:
    """Ways the careers map's role names may be spelled in the knowledge base."""
    yield name
    bare = re.sub(r"\s*\(.*?\)", "", name).strip()
    yield bare
    yield from re.findall(r"\((.*?)\)", name)
    if " / " in bare:
        left, right = bare.split(" / ", 1)
        yield f"{left} {right.split()[-1]}"
        yield right
        yield f"{left.split()[0]} {right}"


def _resolve(kb: KnowledgeBase, name: str) -> Role | None:
    for variant in _name_variants(name):
        try:
            return kb.role(variant)
        except UnknownRoleError:
            continue
    return None


def test_careers_map_roles_are_all_present_with_their_tier(kb: KnowledgeBase) -> None:
    rows = _careers_map_rows(_doc(kb, "careers-map"))
    assert len(rows) == 13, rows  # the document announces thirteen roles
    resolved = {name: _resolve(kb, name) for name, _ in rows}
    missing = [name for name, role in resolved.items() if role is None]
    assert not missing, f"careers-map roles missing from the knowledge base: {missing}"
    assert len({role.id for role in resolved.values() if role}) == 13
    for name, tier in rows:
        role = resolved[name]
        assert role is not None
        assert role.tier == tier.lower(), f"{name}: {role.tier} vs {tier}"
        if "fading" in name.lower():
            assert role.status is RoleStatus.fading, name


def test_l5_total_comp_matches_the_handbook_matrix(kb: KnowledgeBase) -> None:
    handbook = _doc(kb, "handbook")
    matrix_row = next(line for line in handbook.splitlines() if line.startswith("Typical TC"))
    checked = []
    for role in kb.roles:
        for pay in role.pay:
            if pay.level.value == "l5" and "handbook" in pay.source:
                assert pay.low is not None and pay.high is not None, role.id
                figure = f"{pay.low // 1000}-{pay.high // 1000}K"
                assert figure in matrix_row, f"{role.id}: {figure} not in {matrix_row!r}"
                checked.append(role.id)
    # the matrix gives six roles; each must carry its figure
    assert len(re.findall(r"\d+-\d+K", matrix_row)) == len(checked)
    assert {"ml-engineer", "ai-engineer"} <= set(checked)


def test_metro_salaries_match_the_job_description(kb: KnowledgeBase) -> None:
    text = _doc(kb, "aie-job-description")
    table = text[text.index("Regional Salary Data") : text.index("Compensation Factors")]
    metros = re.findall(r"^([^\d\n]+?) (\d{3},\d{3}) - (\d{3},\d{3}) ", table, flags=re.MULTILINE)
    assert len(metros) >= 8, metros
    figures = {
        (p.region or "").lower(): p
        for p in kb.role("ai-engineer").pay
        if "aie-job-description" in p.source
    }
    for metro, low, high in metros:
        pay = figures.get(metro.strip().lower())
        assert pay is not None, f"no ai-engineer pay figure for the {metro} metro area"
        assert (pay.low, pay.high) == (int(low.replace(",", "")), int(high.replace(",", "")))


def test_pay_numbers_appear_in_their_documents(kb: KnowledgeBase) -> None:
    figures: list[tuple[str, PayFigure]] = [(r.id, p) for r in kb.roles for p in r.pay]
    figures += [("landscape", p) for p in kb.landscape.pay]
    for owner, pay in figures:
        if kb.is_editorial(pay.source) or pay.basis == "qualitative":
            continue
        written = set().union(*(numbers_in(_doc(kb, s)) for s in pay.source))
        for value in (pay.low, pay.high):
            assert value is None or value in written, f"{owner}: {pay.label} {value}"


# --- the self-assessment ------------------------------------------------------------------------


def test_score_bands_are_the_handbook_bands(kb: KnowledgeBase) -> None:
    handbook = _doc(kb, "handbook")
    written = [(int(a), int(b)) for a, b in re.findall(r"^\s*•?\s*(\d+)-(\d+): ", handbook, re.M)]
    assert written, "no score bands found in the handbook"
    assert sorted((b.low, b.high) for b in kb.assessment.bands) == written
    dimensions = kb.assessment.dimensions
    assert written[0][0] == len(dimensions) and written[-1][1] == 5 * len(dimensions)
    for dimension in dimensions:
        assert dimension.name.lower() in handbook.lower(), dimension.name


def test_checkpoint_days_are_the_handbook_days(kb: KnowledgeBase) -> None:
    handbook = _doc(kb, "handbook")
    days = [int(d) for d in re.findall(r"Day (\d+)\b", handbook)]
    assert days and [c.day for c in kb.assessment.checkpoints] == days


def test_practice_problems_match_the_handbook(kb: KnowledgeBase) -> None:
    handbook = _doc(kb, "handbook")
    titles = re.findall(r"^Problem \d+: (.+)$", handbook, flags=re.M)
    assert [p.title.lower() for p in kb.assessment.practice_problems] == [
        t.strip().lower() for t in titles
    ]
    for problem in kb.assessment.practice_problems:
        assert {r.grade for r in problem.rubric} == {"strong-hire", "lean-hire", "no-hire"}
        for role_id in problem.expected_roles:
            kb.role(role_id)


# --- the market analysis ------------------------------------------------------------------------


def test_language_counts_match_the_webinar(kb: KnowledgeBase) -> None:
    text = _doc(kb, "jd-analysis")
    written = {
        name: (int(count), float(percent))
        for name, count, percent in re.findall(r"^- (\w+) - (\d+) jobs \(([\d.]+)%\)", text, re.M)
    }
    sample = re.search(r"analysis of (\d+) job descriptions", text)
    assert sample is not None, "the webinar notes no longer state the sample size"
    total = int(sample.group(1))
    assert written, "no language counts found in the webinar notes"
    stored = {s.label: s for s in kb.landscape.market.languages}
    assert set(stored) == set(written)
    for name, (count, percent) in written.items():
        stat = stored[name]
        assert (stat.count, stat.percent, stat.total) == (count, percent, total), name
        assert stat.count is not None and round(100 * stat.count / total, 1) == percent


def test_market_statistics_appear_in_their_documents(kb: KnowledgeBase) -> None:
    market = kb.landscape.market
    stats: list[Stat] = [
        *market.languages,
        *market.skills,
        *market.quality_practices,
        *market.stack,
    ]
    assert stats
    for stat in stats:
        written = set().union(*(numbers_in(_doc(kb, s)) for s in stat.source))
        for value in (stat.percent, stat.count, stat.total):
            assert value is None or float(value) in written, f"{stat.label}: {value}"


def test_quality_practice_shares_match_the_webinar(kb: KnowledgeBase) -> None:
    text = _doc(kb, "jd-analysis")
    written = [float(p) for p in re.findall(r"^- ([\d.]+)% mention", text, flags=re.M)]
    assert [s.percent for s in kb.landscape.market.quality_practices] == written


# --- numbers inside sentences -------------------------------------------------------------------


def _claims(value: object) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Every sourced sentence in a model: claims and claim lists."""
    if isinstance(value, Claim):
        yield value.text, value.source
    elif isinstance(value, ClaimList):
        for item in value.items:
            yield item, value.source
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _claims(getattr(value, name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _claims(item)


def test_numbers_in_sourced_sentences_come_from_their_sources(kb: KnowledgeBase) -> None:
    """A number in a claim must be written in one of the documents the claim cites."""
    wrong = []
    for model in (kb.landscape, kb.assessment, *kb.roles):
        for text, source in _claims(model):
            if kb.is_editorial(source):
                continue
            written = set().union(*(numbers_in(_doc(kb, s)) for s in source if s != "editorial"))
            wrong += [(text, n) for n in numbers_in(text) if n not in written]
    assert not wrong, "\n".join(f"{n:g} in {t!r}" for t, n in wrong)
