"""Pure selectors of the explorer, on a tiny made-up knowledge base (tests/conftest.py)."""

from __future__ import annotations

import json

import pytest

from helpers import tiny_kb_from
from roleadvisor import explore, labels, pay
from roleadvisor.comparison import compare
from roleadvisor.errors import UnknownRoleError, UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import PayFigure
from roleadvisor.render import json as render_json


def figure(**fields: object) -> PayFigure:
    base: dict[str, object] = {"label": "x", "basis": "total-comp", "low": 100_000, "source": "a"}
    return PayFigure.model_validate({**base, **fields})


# --- pay -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "text"),
    [(300_000, "$300K"), (92_500, "$92.5K"), (1_000_000, "$1M"), (1_250_000, "$1.25M")],
)
def test_money_is_compact_and_exact(amount: int, text: str) -> None:
    assert labels.money(amount) == text


def test_pay_amount_shows_ranges_floors_and_bands() -> None:
    assert labels.pay_amount(figure(low=130_000, high=200_000, open_ended=True)) == "$130K–$200K+"
    assert labels.pay_amount(figure(low=90_000)) == "$90K"
    band = figure(basis="qualitative", low=None, note="Climbing fast")
    assert labels.pay_amount(band) == "Climbing fast"


def test_pay_summary_prefers_l5_us_total_comp_even_when_listed_later(
    tiny_kb: KnowledgeBase,
) -> None:
    beta = tiny_kb.role("beta")
    assert beta.pay[0].level.value != "l5"  # the fixture lists a plain US range first
    rule = tiny_kb.landscape.pay_headline
    chosen = pay.pay_summary(beta, rule)
    assert chosen is not None and pay.is_headline(chosen, rule)


def test_pay_summary_falls_back_to_us_range_then_any_range_then_band(
    tiny_kb: KnowledgeBase,
) -> None:
    role = tiny_kb.role("gamma-guard")
    rule = tiny_kb.landscape.pay_headline
    band = role.pay[0]
    europe = figure(region="Berlin", low=70_000)
    us = figure(region="US", low=120_000, basis="salary")
    l5_europe = figure(region="Berlin", level="l5", low=150_000)
    assert pay.pay_summary(role, rule) is band
    assert pay.pay_summary(role.model_copy(update={"pay": [band, europe]}), rule) is europe
    assert pay.pay_summary(role.model_copy(update={"pay": [band, l5_europe, us]}), rule) is us
    assert pay.pay_summary(role.model_copy(update={"pay": []}), rule) is None


# --- look-ups --------------------------------------------------------------------------------


def test_select_roles_resolves_aliases_names_and_case(tiny_kb: KnowledgeBase) -> None:
    roles = explore.select_roles(tiny_kb, ["ALPHA", "Beta Builder"], minimum=2)
    assert [r.id for r in roles] == ["alpha-engineer", "beta-builder"]


def test_select_roles_refuses_the_same_role_twice(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(UsageError) as err:
        explore.select_roles(tiny_kb, ["alpha", "Alpha Engineer"], minimum=2)
    assert "'alpha' and 'Alpha Engineer'" in err.value.message
    assert "once" in err.value.message


@pytest.mark.parametrize("count", [1, 7])
def test_select_roles_enforces_the_count(tiny_kb: KnowledgeBase, count: int) -> None:
    with pytest.raises(UsageError) as err:
        explore.select_roles(tiny_kb, ["alpha"] * count, minimum=2)
    assert f"got {count}" in err.value.message and "2 to 6" in err.value.message


def test_unknown_role_suggests_close_names(tiny_kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownRoleError) as err:
        explore.select_roles(tiny_kb, ["alpha-enginer"])
    assert "alpha-engineer" in err.value.suggestions


def test_parse_tier_by_id_or_name_and_lists_choices(tiny_kb: KnowledgeBase) -> None:
    assert explore.parse_tier(tiny_kb, "SAFETY") == "safety"
    assert explore.parse_tier(tiny_kb, "Infrastructure") == "infrastructure"
    with pytest.raises(UsageError) as err:
        explore.parse_tier(tiny_kb, "wizardry")
    assert all(t.id in err.value.message for t in tiny_kb.landscape.tiers)


def test_tier_groups_follow_landscape_order_and_drop_empty_tiers(tiny_kb: KnowledgeBase) -> None:
    groups = explore.tier_groups(tiny_kb)
    order = [t.id for t in tiny_kb.landscape.tiers]
    assert [g.tier.id for g in groups] == [t for t in order if t in {"engineering", "safety"}]
    only = explore.tier_groups(tiny_kb, "safety")
    assert [r.id for g in only for r in g.roles] == ["gamma-guard"]
    assert explore.tier_groups(tiny_kb, "research") == []


# --- loops -----------------------------------------------------------------------------------


def test_loop_matrix_unions_round_kinds_in_canonical_order(tiny_kb: KnowledgeBase) -> None:
    alpha, beta = tiny_kb.role("alpha"), tiny_kb.role("beta")
    matrix = explore.loop_matrix(tiny_kb, [alpha, beta])
    kinds = {r.kind for r in alpha.loop.rounds} | {r.kind for r in beta.loop.rounds}
    assert set(matrix.kinds) == kinds
    declared = [k.id for k in tiny_kb.landscape.round_kinds]
    assert list(matrix.kinds) == [k for k in declared if k in kinds]
    assert matrix.cell("system-design", alpha) is None
    assert matrix.cell("system-design", beta) is beta.loop.rounds[1]
    assert matrix.labels["system-design"] == "System design"


def test_loop_matrix_of_one_role_keeps_its_own_order(tiny_kb: KnowledgeBase) -> None:
    alpha = tiny_kb.role("alpha")
    reordered = alpha.model_copy(
        update={"loop": alpha.loop.model_copy(update={"rounds": alpha.loop.rounds[::-1]})}
    )
    matrix = explore.loop_matrix(tiny_kb, [reordered])
    assert list(matrix.kinds) == [r.kind for r in reordered.loop.rounds]


def test_loop_json_has_a_cell_for_every_role(tiny_kb: KnowledgeBase) -> None:
    data = render_json.loop(explore.loop_matrix(tiny_kb, list(tiny_kb.roles)))
    for entry in data["rounds"]:
        assert set(entry["by_role"]) == {r.id for r in tiny_kb.roles}
    json.dumps(data)


# --- comparison ------------------------------------------------------------------------------


def test_compare_marks_differing_rows_and_drops_rows_nobody_has(tiny_kb: KnowledgeBase) -> None:
    alpha, beta = tiny_kb.role("alpha"), tiny_kb.role("beta")
    rows = {r.key: r for r in compare(tiny_kb, [alpha, beta]).rows}
    assert alpha.research_reading and beta.research_reading
    assert alpha.research_reading.level == beta.research_reading.level
    assert not rows["research_reading"].differs
    assert not rows["tier"].differs
    assert rows["coding_intensity"].differs
    l5 = rows["l5_us_tc"].values
    for role, value in zip((alpha, beta), l5, strict=True):
        expected = pay.headline_figure(role, tiny_kb.landscape.pay_headline)
        assert expected is not None and value == labels.pay_amount(expected)


def test_compare_shows_missing_values_as_none_and_counts_them_as_different(
    tiny_kb: KnowledgeBase,
) -> None:
    alpha, gamma = tiny_kb.role("alpha"), tiny_kb.role("gamma-guard")
    rows = {r.key: r for r in compare(tiny_kb, [alpha, gamma]).rows}
    assert gamma.primary_focus is None
    assert rows["primary_focus"].values[1] is None and rows["primary_focus"].differs
    assert rows["primary_focus"].sources[1] == ()
    assert "us_pay" not in rows  # neither has a broad US range


def test_compare_finds_the_known_confusion(tiny_kb: KnowledgeBase) -> None:
    pair = compare(tiny_kb, [tiny_kb.role("beta"), tiny_kb.role("alpha")])
    assert [c.id for c in pair.confusions] == [c.id for c in tiny_kb.landscape.confusions]
    other = compare(tiny_kb, [tiny_kb.role("alpha"), tiny_kb.role("gamma-guard")])
    assert other.confusions == ()


def test_compare_json_is_keyed_by_role_id(tiny_kb: KnowledgeBase) -> None:
    comparison = compare(tiny_kb, list(tiny_kb.roles))
    data = json.loads(json.dumps(render_json.compare(comparison)))
    ids = {r.id for r in tiny_kb.roles}
    assert [r["id"] for r in data["roles"]] == [r.id for r in tiny_kb.roles]
    for row in data["rows"]:
        assert set(row["values"]) == ids and set(row["sources"]) == ids
        assert row["differs"] == (len(set(row["values"].values())) > 1)


# --- market ----------------------------------------------------------------------------------


def test_heatmap_covers_rated_roles_and_used_sectors_only(tiny_kb: KnowledgeBase) -> None:
    grid = explore.heatmap(tiny_kb)
    rated = [r for r in tiny_kb.roles if r.sector_demand]
    assert [row.role.id for row in grid.rows] == [r.id for r in rated]
    used = {d.sector for r in rated for d in r.sector_demand}
    assert {s.id for s in grid.sectors} == used
    alpha_row = next(row for row in grid.rows if row.role.id == "alpha-engineer")
    by_sector = dict(zip((s.id for s in grid.sectors), alpha_row.levels, strict=True))
    assert by_sector["healthcare"] is None
    assert by_sector["faang"] is not None


def test_stats_sort_by_share_including_counts(tiny_kb: KnowledgeBase) -> None:
    market = tiny_kb.landscape.market
    ordered = explore.by_frequency(market.languages)
    shares = [explore.stat_share(s) for s in ordered]
    assert shares == sorted(shares, key=lambda v: -(v or 0))
    counted = market.skills[0]
    assert counted.count is not None and counted.total is not None
    assert explore.stat_share(counted) == pytest.approx(100 * counted.count / counted.total)
    assert str(counted.count) in labels.stat_value(counted)


def test_market_json_lists_every_rated_role(tiny_kb: KnowledgeBase) -> None:
    data = json.loads(json.dumps(render_json.market(tiny_kb)))
    assert {r["role"] for r in data["heatmap"]["rows"]} == {
        r.id for r in tiny_kb.roles if r.sector_demand
    }
    assert data["analysis"]["title"] == tiny_kb.landscape.market.title


# --- provenance ------------------------------------------------------------------------------


def test_show_json_lists_only_the_sources_the_role_uses(tiny_kb: KnowledgeBase) -> None:
    gamma = tiny_kb.role("gamma-guard")
    used = {ref for refs in explore.role_source_refs(gamma) for ref in refs}
    data = render_json.show(tiny_kb, gamma)
    assert {s["id"] for s in data["sources"]} == used
    assert "editorial" in used  # advice_source counts as a source


def test_kb_counts_match_the_knowledge_base() -> None:
    kb = tiny_kb_from()
    counts = explore.kb_counts(kb)
    assert counts["roles"] == len(kb.roles)
    assert counts["skills"] == len(kb.skills_file.skills)
