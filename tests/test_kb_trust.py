"""Every value a user sees has provenance of its own, and nothing is credited to a document
that does not say it. Checked against the source documents and on every rendered view."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from helpers import SEEDS, Invoke, rewrite, seed_text
from roleadvisor import explore, labels
from roleadvisor.comparison import compare
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import ProvenanceKind, RoleStatus, Round, Transition
from test_kb_content import _careers_map_rows, _resolve

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"the source documents are not present at {SEEDS}"
)

WIDE = "3000"  # no cell ever wraps, so a value and its tag share a line


@pytest.fixture(autouse=True)
def shipped(monkeypatch: pytest.MonkeyPatch, real_kb: KnowledgeBase) -> KnowledgeBase:
    monkeypatch.setenv("ROLEADVISOR_KB", str(real_kb.directory))
    return real_kb


def doc(kb: KnowledgeBase, source_id: str) -> str:
    file = kb.sources[source_id].file
    assert file is not None
    return seed_text(file)


def out(invoke: Invoke, *args: str, width: str = WIDE) -> str:
    result = invoke(*args, env={"COLUMNS": width})
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def careers_map_roles(kb: KnowledgeBase) -> set[str]:
    """Ids of the roles the careers map's table lists (and so puts in a tier)."""
    rows = _careers_map_rows(doc(kb, "careers-map"))
    return {role.id for name, _ in rows if (role := _resolve(kb, name)) is not None}


# --- 1. round weights ------------------------------------------------------------------------


HANDBOOK_DEPTH = {"Deep": 5, "Moderate": 3, "Light": 2}


def test_a_round_cannot_omit_the_provenance_of_its_weight(kb: KnowledgeBase) -> None:
    data = kb.roles[0].loop.rounds[0].model_dump(mode="json")
    del data["emphasis_provenance"]
    with pytest.raises(ValidationError, match="emphasis_provenance"):
        Round.model_validate(data)


def test_only_the_ml_depth_words_of_the_handbook_source_a_weight(real_kb: KnowledgeBase) -> None:
    row = next(ln for ln in doc(real_kb, "handbook").splitlines() if ln.startswith("ML depth"))
    words = re.findall(r"(Deep|Moderate|Light):", row)  # MLE, AI engineer, MLOps, DS
    order = ["ml-engineer", "ai-engineer", "mlops-engineer", "data-scientist"]
    assert len(words) == len(order)
    for role in real_kb.roles:
        for rnd in role.loop.rounds:
            prov = rnd.emphasis_provenance
            if rnd.kind == "ml-depth" and role.id in order:
                assert prov.kind is ProvenanceKind.derived, role.id
                assert rnd.emphasis == HANDBOOK_DEPTH[words[order.index(role.id)]], role.id
            else:
                assert prov.is_editorial, (role.id, rnd.kind)


def test_loop_view_marks_our_weights_and_says_the_plan_uses_them(invoke: Invoke) -> None:
    text = out(invoke, "loop", "mle")
    assert labels.WEIGHT_NOTE in " ".join(text.split())
    assert re.search(r"3/5 moderate \[editorial\]", text)
    assert re.search(r"5/5 decisive \[derived:\d+\]", text)  # ML depth: the handbook's "deep"


# --- 2. tiers --------------------------------------------------------------------------------


def test_tiers_the_careers_map_never_assigns_are_editorial(real_kb: KnowledgeBase) -> None:
    mapped = careers_map_roles(real_kb)
    assert len(mapped) == 13
    for role in real_kb.roles:
        if role.id in mapped:
            assert role.tier_provenance.source == ("careers-map",), role.id
        else:
            assert role.tier_provenance.is_editorial, role.id
    assert {"data-scientist", "ml-platform-engineer", "llm-ops-engineer"} - mapped == {
        "data-scientist",
        "ml-platform-engineer",
        "llm-ops-engineer",
    }


def test_compare_shows_a_guessed_tier_as_ours(invoke: Invoke) -> None:
    tier_line = next(ln for ln in out(invoke, "compare", "ds", "mle").splitlines() if "Tier" in ln)
    assert "Application [editorial]" in tier_line
    assert re.search(r"Engineering \[\d\]", tier_line)


def test_scoring_can_tell_a_guessed_tier(kb: KnowledgeBase) -> None:
    from roleadvisor import scoring
    from roleadvisor.state.plain import field_names

    assert "tier_estimate" in field_names(scoring.RoleFit)
    assert "estimate" in field_names(scoring.Ramp)


# --- 3. quality-practice shares --------------------------------------------------------------


def test_a_share_whose_base_the_webinar_omits_is_marked_inferred(real_kb: KnowledgeBase) -> None:
    webinar = doc(real_kb, "jd-analysis")
    market = real_kb.landscape.market
    for stat in [*market.languages, *market.skills, *market.quality_practices, *market.stack]:
        if stat.total is None or stat.percent is None:
            continue
        lines = [ln for ln in webinar.splitlines() if f"{stat.percent:g}%" in ln]
        assert lines, stat.label
        given = [f"{stat.total:,}"] + ([f"{stat.count:,} jobs"] if stat.count is not None else [])
        # the base beside the share, or a count of the announced sample beside it
        stated = any(g in ln for ln in lines for g in given)
        assert stat.total_basis == ("stated" if stated else "inferred"), stat.label


def test_no_claim_gives_1397_as_the_base_of_more_than_the_tdd_count(
    real_kb: KnowledgeBase,
) -> None:
    claims = [*real_kb.landscape.market.findings, *real_kb.landscape.trends]
    about = [c.text for c in claims if "1,397" in c.text or "1397" in c.text]
    assert about and all("TDD" in text and "only" in text for text in about)


def test_market_shows_the_base_and_whether_it_is_inferred(invoke: Invoke) -> None:
    text = out(invoke, "market")
    assert re.search(r"73% · of 1,397 · base inferred", text)
    assert "0.4% · 5/1397" in text and "0.4% · 5/1397 · base inferred" not in text


# --- 4 and 9. durations ----------------------------------------------------------------------


def test_ready_to_interview_time_is_kept_apart_from_learning_time(
    real_kb: KnowledgeBase, invoke: Invoke
) -> None:
    handbook = doc(real_kb, "handbook")
    assert "4-6 weeks to get sharp" in handbook and "3-month timeline" in handbook
    for role in real_kb.roles:
        for t in role.transitions:
            if "handbook" in t.duration_provenance.source:  # its only time is the deadline answer
                assert t.measure == "interview-ready", (role.id, t.background)
    aie = real_kb.role("ai-engineer")
    by_bg = {t.background: t for t in aie.transitions}
    assert by_bg["ml-engineer"].measure == "interview-ready"
    assert by_bg["software-engineer"].measure == "learn-skills"
    row = next(ln for ln in out(invoke, "show", "aie").splitlines() if "Machine learning" in ln)
    assert "ready to interview" in row


def test_every_editorial_duration_says_it_is_an_estimate(
    real_kb: KnowledgeBase, invoke: Invoke
) -> None:
    for role in real_kb.roles:
        text = out(invoke, "show", role.id)
        for t in role.transitions:
            label = labels.duration_label(t)
            if t.duration_provenance.is_editorial:
                assert "estimate" in label.lower(), (role.id, t.background)
                assert f"{label} [editorial]" in text, (role.id, t.background)


def test_a_transition_cannot_omit_the_provenance_of_its_duration(kb: KnowledgeBase) -> None:
    data = next(r for r in kb.roles if r.transitions).transitions[0].model_dump(mode="json")
    del data["duration_provenance"]
    with pytest.raises(ValidationError, match="duration_provenance"):
        Transition.model_validate(data)


def test_the_fit_reason_calls_an_editorial_duration_our_estimate(kb: KnowledgeBase) -> None:
    from roleadvisor.scoring import _ramp

    role = kb.role("mlops-engineer")
    t = next(t for t in role.transitions if t.duration_provenance.is_editorial)

    class P:  # only what _ramp reads
        background = t.background
        skills: list[str] = []

    weeks = (t.min_weeks, t.max_weeks, False)  # documented, not their own job
    ramp = _ramp(role, P(), weeks, 0)  # type: ignore[arg-type]
    assert ramp.estimate and "estimate" in ramp.duration


# --- 5. portfolio tips -----------------------------------------------------------------------


def test_the_two_portfolio_tips_stay_apart(real_kb: KnowledgeBase) -> None:
    texts = [i for t in real_kb.landscape.advice for i in t.items.items]
    texts += [i for r in real_kb.roles if r.entry_points for i in r.entry_points.items]
    assert any("5-6" in t for t in texts) and any("2-3" in t for t in texts)
    assert not [t for t in texts if "5-6" in t and "2-3" in t]
    topics = {t.id: t for t in real_kb.landscape.advice}
    assert "2-3" not in " ".join(topics["portfolio-projects"].items.items)
    assert "master" in (topics["portfolio-projects"].audience or "").lower()


# --- 6. compare's pay cell and "differs" ----------------------------------------------------


def test_each_us_pay_figure_carries_its_own_label_and_source(kb: KnowledgeBase) -> None:
    roles = [kb.role("aie"), kb.role("mle")]
    row = next(r for r in compare(kb, roles).rows if r.key == "us_pay")
    aie = row.parts[0]
    assert len(aie) >= 2
    figures = {f.label: f for f in roles[0].pay}
    for text, refs in aie:
        label = re.search(r"\((.*)\)$", text)
        assert label is not None
        assert refs == figures[label.group(1)].source
    assert any("National average range" in t for t, _ in aie)
    assert not any("salary range" in f.label.lower() for r in kb.roles for f in r.pay)
    template = next(f for f in roles[0].pay if "template" in f.label)
    assert template.region is None  # the template names no region


def test_compare_cell_tags_each_figure_separately(invoke: Invoke) -> None:
    data = json.loads(out(invoke, "compare", "aie", "mle", "--json"))
    row = next(r for r in data["rows"] if r["key"] == "us_pay")
    assert {tuple(p["source"]) for p in row["parts"]["ai-engineer"]} == {
        ("role-comparison",),
        ("aie-job-description",),
    }


def test_path_to_staff_differs_only_where_the_handbook_differs(kb: KnowledgeBase) -> None:
    core = ["ml-engineer", "ai-engineer", "mlops-engineer", "data-scientist", "data-engineer"]
    comparison = compare(kb, [kb.role(r) for r in core])
    row = next(r for r in comparison.rows if r.key == "path_to_staff")
    assert not row.differs
    with_re = compare(kb, [kb.role("ml-engineer"), kb.role("research-engineer")])
    assert next(r for r in with_re.rows if r.key == "path_to_staff").differs


# --- 7 and 8. supply labels and status -------------------------------------------------------


def test_a_sourced_supply_label_is_written_in_its_document(real_kb: KnowledgeBase) -> None:
    for role in real_kb.roles:
        sd = role.supply_demand
        if sd is None:
            continue
        prov = sd.level_provenance
        label = labels.supply_label(sd.level)
        if prov.kind is ProvenanceKind.sourced:
            text = " ".join(doc(real_kb, s) for s in prov.source)
            assert label in text, (role.id, label)
        if "careers-map" in prov.source:  # the map gives no supply labels at all
            assert prov.kind is ProvenanceKind.derived and prov.rule, role.id


def test_status_follows_the_careers_map(real_kb: KnowledgeBase) -> None:
    assert real_kb.role("agentic-ai-developer").status is RoleStatus.emerging
    assert real_kb.role("evals-specialist").status is RoleStatus.emerging
    for role in real_kb.roles:
        prov = role.status_provenance
        if prov.kind is ProvenanceKind.sourced:
            text = " ".join(doc(real_kb, s) for s in prov.source).lower()
            assert role.status.value in text, role.id
        if prov.kind is ProvenanceKind.derived:
            assert prov.rule


# --- 10. the smaller items -------------------------------------------------------------------


def test_phd_is_not_required_for_most(real_kb: KnowledgeBase) -> None:
    claims = [i for r in real_kb.roles if r.entry_points for i in r.entry_points.items]
    phd = [c for c in claims if "PhD" in c and "not required" in c]
    assert phd and all("for most" in c for c in phd)


def test_no_level_is_claimed_where_the_document_names_none(invoke: Invoke) -> None:
    for line in out(invoke, "show", "aie").splitlines():
        assert not re.search(r"│\s*any\s*│", line), line


def test_the_hiring_speed_is_shown_as_a_model_answer(real_kb: KnowledgeBase) -> None:
    speed = [t for t in real_kb.landscape.trends if "6-8 weeks" in t.text]
    assert speed and all("model answer" in t.text for t in speed)


def test_disagreeing_documents_are_shown_side_by_side(
    real_kb: KnowledgeBase, invoke: Invoke
) -> None:
    growth = next(d for d in real_kb.landscape.disagreements if d.id == "fastest-growing-role")
    assert {s.source for s in growth.sides} == {("handbook",), ("jd-analysis",)}
    assert "180 million" in doc(real_kb, "jd-analysis")
    for command in (["show", "aie"], ["show", "mle"], ["compare", "aie", "mle"], ["market"]):
        text = " ".join(out(invoke, *command).split())
        for side in growth.sides:
            assert " ".join(side.text.split()) in text, (command, side.text)


def test_level_years_match_the_job_description(real_kb: KnowledgeBase) -> None:
    guide = doc(real_kb, "aie-job-description")
    for role in real_kb.roles:
        for lv in role.levels:
            if "aie-job-description" in lv.source:
                assert lv.years.replace(" years", "") in guide, (role.id, lv.level)


# --- missing knowledge, now where the user meets it ------------------------------------------


@pytest.mark.parametrize(
    ("command", "phrase"),
    [
        (["show", "mle"], "self-awareness expected of senior hires"),
        (["loop", "aie"], "self-awareness expected of senior hires"),
        (["show", "ds"], "Six core roles"),
        (["show", "aie"], "Vertex AI"),
        (["show", "aie"], "Kubernetes can wait"),
        (["show", "aie"], "AWS ML, Google Cloud ML, Azure AI"),
        (["show", "mle"], "recognised programmes"),
        (["show", "aie"], "Java, C++ or Scala"),
        (["show", "aie"], "upper end of each band"),
        (["compare", "aie", "mle"], "upper end of each band"),
        (["show", "aie"], "security clearance"),
    ],
)
def test_missing_knowledge_reaches_the_views(
    invoke: Invoke, command: list[str], phrase: str
) -> None:
    assert phrase in " ".join(out(invoke, *command).split())


def test_plan_material_carries_the_advice_for_its_role(kb: KnowledgeBase) -> None:
    from roleadvisor.kb.models import StudyMaterial
    from roleadvisor.plan_topics import _material

    items, refs = _material(StudyMaterial.roles, [kb.role("aie")], kb)
    assert any("Vertex AI" in i for i in items) and "jd-analysis" in refs


# --- the walk: every figure, weight and label of every view has provenance -------------------

TAG = r"\[(?:derived:)?(?:\d+|editorial)(?:,(?:\d+|editorial))*\]"
FIGURE = re.compile(
    r"\$\d[\d.,]*[KM]?(?:\s*[–-]\s*\$\d[\d.,]*[KM]?)?\+?"  # pay
    r"|\b[1-5]/5 \w+"  # round weight
    r"|\d+(?:\.\d+)?%"  # shares
    r"|\b\d+\s*[-–]\s*\d+\s*(?:weeks|months|years)\b"  # durations
    r"|\((?:established|emerging|fading)\)"  # status
    r"|\b(?:High demand(?:, low supply)?|Balanced|Oversupplied|Scarce roles)\b"  # supply
    r"|\b(?:Research|Engineering|Infrastructure|Safety and red-teaming|Application) tier\b"
)


def _blocks(text: str) -> Iterator[str]:
    """Units a tag must stand in: each cell of a boxed table (all its lines), or a line of
    text or of a borderless grid, with a bullet under a tagged head sharing the head's tag
    (a list has one provenance, given at its head)."""
    lines = text.splitlines()
    row: list[list[str]] = []
    head = ""
    for line in lines:
        if line.strip().startswith(("╭", "├", "╰", "┏", "┡", "└", "━", "─")):
            if row:
                yield from (" ".join(col) for col in zip(*row, strict=False))
            row = []
            continue
        if "│" in line:
            row.append([c.strip() for c in line.split("│")])
            continue
        if line.strip().startswith("•") and head:
            yield line + " " + head  # the list's tag stands at its head
        else:
            head = line if re.search(TAG, line) else ""
            yield line
    if row:
        yield from (" ".join(col) for col in zip(*row, strict=False))


def untagged(text: str) -> list[str]:
    """Figures and labels with no provenance tag after them in their row or line."""
    text = text.split("\nSources\n")[0]  # the source list itself names documents
    bad = []
    for block in _blocks(text):
        for m in FIGURE.finditer(block):
            if not re.search(TAG, block[m.end() :]):
                bad.append(f"{m.group(0)!r} in {block.strip()[:160]!r}")
    return bad


def all_views(kb: KnowledgeBase) -> Iterator[list[str]]:
    yield ["roles"]
    yield ["market"]
    ids = [r.id for r in kb.roles]
    for rid in ids:
        yield ["show", rid]
        yield ["loop", rid]
    for start in range(0, len(ids), explore.MAX_COMPARED):
        group = ids[start : start + explore.MAX_COMPARED]
        if len(group) == 1:
            group = [ids[0], *group]
        yield ["compare", *group]
        yield ["loop", *group]


def test_every_terminal_view_tags_every_figure_weight_and_label(
    real_kb: KnowledgeBase, invoke: Invoke
) -> None:
    problems = []
    for command in all_views(real_kb):
        problems += [f"{' '.join(command)}: {p}" for p in untagged(out(invoke, *command))]
    assert not problems, "\n".join(problems[:30])


FIGURE_KEYS = {"low", "high", "percent", "count", "total", "min_weeks", "emphasis", "level"}
OWN_PROVENANCE = {  # values a view shows on their own: each needs its own provenance
    "tier": "tier_provenance",
    "status": "status_provenance",
    "emphasis": "emphasis_provenance",
    "duration": "duration_provenance",
}


def json_problems(value: Any, at: str = "$") -> Iterator[str]:
    """Dicts holding a figure, weight or label without a provenance of its own."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            yield from json_problems(item, f"{at}[{i}]")
        return
    if not isinstance(value, dict):
        return
    scalars = {k for k, v in value.items() if isinstance(v, (int, float, str))}
    for key, own in OWN_PROVENANCE.items():
        if key in scalars and own not in value:
            yield f"{at}.{key} has no {own}"
    if {"level", "note"} <= scalars and "basis" not in value and "level_provenance" not in value:
        yield f"{at}.level shares its note's source; it needs a level_provenance"
    figures = FIGURE_KEYS & scalars
    sourced = "source" in value or any(k in value for k in OWN_PROVENANCE.values())
    rated = "sector" in value or "score" in value  # a sector rating or a checkpoint
    if figures and not sourced and not rated:
        yield f"{at} holds {sorted(figures)} without a source"
    for key, child in value.items():
        yield from json_problems(child, f"{at}.{key}")


def test_every_json_view_gives_every_value_a_provenance(
    real_kb: KnowledgeBase, invoke: Invoke
) -> None:
    problems = []
    for command in all_views(real_kb):
        data = json.loads(out(invoke, *command, "--json"))
        problems += [f"{' '.join(command)}: {p}" for p in json_problems(data)]
        if command[0] == "compare":
            for row in data["rows"]:
                for rid, value in row["values"].items():
                    if value is not None:
                        assert row["sources"][rid], (command, row["key"], rid)
    assert not problems, "\n".join(problems[:30])


def test_the_walk_catches_an_untagged_figure() -> None:
    assert untagged("Pay  $130K–$200K (National average range)\n")
    assert untagged("Weight 3/5 moderate\n")
    assert untagged("│ Round │ 3/5 moderate │ Study this [1] │\n")
    assert not untagged("Weight 3/5 moderate [editorial]\n")
    assert list(json_problems({"tier": "safety"}))
    assert list(json_problems({"low": 1, "high": 2}))
    assert not list(json_problems({"low": 1, "high": 2, "source": ["a"]}))


def test_provenance_kinds_are_validated() -> None:
    from roleadvisor.kb.models import ValueProvenance

    with pytest.raises(ValidationError, match="rule"):
        ValueProvenance.model_validate({"kind": "derived", "source": "handbook"})
    with pytest.raises(ValidationError, match="editorial"):
        ValueProvenance.model_validate({"kind": "sourced", "source": ["handbook", "editorial"]})
    with pytest.raises(ValidationError, match="editorial"):
        ValueProvenance.model_validate({"kind": "editorial", "source": "handbook"})


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (lambda role: role.pop("tier_provenance"), "tier_provenance"),
        (lambda role: role.update(tier_provenance="no-such-document"), "unknown source"),
        (
            lambda role: role["loop"]["rounds"][0].update(
                emphasis_provenance={"kind": "derived", "source": "handbook"}
            ),
            "rule",
        ),
    ],
)
def test_a_knowledge_base_without_value_provenance_is_refused(
    kb_copy: Any, change: Any, says: str
) -> None:
    from roleadvisor.kb.validation import validate_dir

    rewrite(kb_copy / "roles.yaml", lambda data: change(data["roles"][0]))
    loaded, problems = validate_dir(kb_copy)
    assert loaded is None
    assert any(says in f"{p.path} {p.message}" and p.file == "roles.yaml" for p in problems), (
        problems
    )
