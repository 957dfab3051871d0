"""The explorer commands end to end, on the shipped knowledge base (and copies of it)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import Invoke, rewrite
from roleadvisor import explore, labels
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import Role
from roleadvisor.pay import headline_figure, pay_summary

ANSI = "\x1b["


@pytest.fixture(autouse=True)
def shipped(monkeypatch: pytest.MonkeyPatch, real_kb: KnowledgeBase) -> KnowledgeBase:
    """Every test here starts from the validated shipped knowledge base."""
    monkeypatch.setenv("ROLEADVISOR_KB", str(real_kb.directory))
    return real_kb


def ok(result: Any) -> str:
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return str(result.stdout)


# enum values and ids that `show` renders as words or names rather than verbatim
NOT_SHOWN_AS_TEXT = {
    "source",
    "advice_source",
    "id",
    "kind",
    "level",
    "sector",
    "currency",
    "background",
    "status",
    "basis",
    "tier",
    "open_ended",
    "measure",
}


def role_words(role: Role) -> set[str]:
    """Every whitespace-separated word of the role's text fields (what must survive wrapping)."""
    words: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            words.update(value.split())
        elif isinstance(value, dict):
            for key, child in value.items():
                if key not in NOT_SHOWN_AS_TEXT:
                    walk(child)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(role.model_dump(mode="json", exclude={"signals", "aliases", "skills"}))
    return words


def with_l5(kb: KnowledgeBase) -> list[Role]:
    return [r for r in kb.roles if headline_figure(r, kb.landscape.pay_headline) is not None]


# --- roles -----------------------------------------------------------------------------------


def test_roles_lists_every_role_under_its_tier(invoke: Invoke, shipped: KnowledgeBase) -> None:
    out = ok(invoke("roles", env={"COLUMNS": "200"}))
    positions = []
    for tier in shipped.landscape.tiers:
        members = [r for r in shipped.roles if r.tier == tier.id]
        if not members:
            continue
        heading = out.index(f"{tier.name} tier")
        positions.append(heading)
        for role in members:
            assert out.index(role.id, heading) > heading
    assert positions == sorted(positions)
    for role in shipped.roles:
        summary = pay_summary(role, shipped.landscape.pay_headline)
        if summary is not None and summary.low is not None:
            assert labels.pay_amount(summary) in out


def test_roles_marks_emerging_and_fading_roles(invoke: Invoke, shipped: KnowledgeBase) -> None:
    out = ok(invoke("roles", env={"COLUMNS": "200"}))
    assert "(established)" not in out
    lines = out.splitlines()
    for role in shipped.roles:
        if role.status.value != "established":
            # the marker follows the name in the role's cell, which may wrap over lines
            at = next(i for i, line in enumerate(lines) if re.search(rf"\b{role.id}\b", line))
            assert f"({role.status.value})" in " ".join(lines[max(at - 3, 0) : at + 1])


def test_roles_tier_filter_and_unknown_tier(invoke: Invoke, shipped: KnowledgeBase) -> None:
    tier = shipped.roles[0].tier
    out = ok(invoke("roles", "--tier", tier.upper()))
    for role in shipped.roles:
        assert (re.search(rf"\b{re.escape(role.id)}\b", out) is not None) == (role.tier == tier)
    bad = invoke("roles", "--tier", "wizardry")
    assert bad.exit_code == 2
    assert "Unknown tier 'wizardry'" in bad.stderr and tier in bad.stderr


def test_roles_json_groups_every_role_once(invoke: Invoke, shipped: KnowledgeBase) -> None:
    data = json.loads(ok(invoke("roles", "--json")))
    ids = [r["id"] for t in data["tiers"] for r in t["roles"]]
    assert sorted(ids) == sorted(r.id for r in shipped.roles)
    for tier in data["tiers"]:
        assert all(shipped.role(r["id"]).tier == tier["id"] for r in tier["roles"])


# --- show ------------------------------------------------------------------------------------


def test_show_has_sections_in_order_every_pay_figure_and_its_sources(
    invoke: Invoke, shipped: KnowledgeBase
) -> None:
    role = max(shipped.roles, key=lambda r: len(r.pay))
    out = ok(invoke("show", role.id, env={"COLUMNS": "200"}))
    wanted = ["Day to day", "Skills", "Interview loop", "Pay", "Sources"]
    assert [out.index(w) for w in wanted] == sorted(out.index(w) for w in wanted)
    for fig in role.pay:
        if fig.low is not None:
            assert labels.pay_amount(fig) in out
    for doc in explore.sources_of(shipped, explore.role_source_refs(role)):
        assert doc.title in out  # by title, never the file name
        assert not doc.file or doc.file not in out
    vocab = shipped.skills
    assert all(vocab[s].name.split()[0] in out for s in role.skills.items)


def test_show_marks_editorial_content(invoke: Invoke, shipped: KnowledgeBase) -> None:
    editorial = next(
        r
        for r in shipped.roles
        if any(shipped.is_editorial(s) for s in explore.role_source_refs(r))
    )
    out = ok(invoke("show", editorial.id))
    assert "[editorial]" in out
    title = shipped.sources["editorial"].title
    assert " ".join(title.split()[:2]) in out


def test_show_accepts_alias_name_and_any_case(invoke: Invoke, shipped: KnowledgeBase) -> None:
    role = next(r for r in shipped.roles if r.aliases)
    by_id = ok(invoke("show", role.id))
    assert ok(invoke("show", role.aliases[0].upper())) == by_id
    assert ok(invoke("show", role.name.lower())) == by_id


def test_unknown_role_is_a_one_line_usage_error(invoke: Invoke, shipped: KnowledgeBase) -> None:
    role = shipped.roles[0]
    result = invoke("show", role.id[:-1] + "x")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Did you mean" in result.stderr and role.id in result.stderr


# --- loop ------------------------------------------------------------------------------------


def test_loop_of_one_role_lists_each_round_with_study_advice(
    invoke: Invoke, shipped: KnowledgeBase
) -> None:
    role = shipped.roles[0]
    out = ok(invoke("loop", role.id, env={"COLUMNS": "200"}))
    for rnd in role.loop.rounds:
        assert rnd.title.split()[0] in out
        assert f"{rnd.emphasis}/5" in out
    assert "Study" in out


def test_loop_side_by_side_has_a_row_per_round_kind(invoke: Invoke, shipped: KnowledgeBase) -> None:
    roles = list(shipped.roles[:3])
    data = json.loads(ok(invoke("loop", *(r.id for r in roles), "--json")))
    kinds = {r.kind for role in roles for r in role.loop.rounds}
    assert {e["kind"] for e in data["rounds"]} == kinds
    out = ok(invoke("loop", *(r.id for r in roles), env={"COLUMNS": "200"}))
    for entry in data["rounds"]:
        assert entry["label"] in out


# --- compare ---------------------------------------------------------------------------------


def test_compare_names_both_roles_and_their_l5_figures(
    invoke: Invoke, shipped: KnowledgeBase
) -> None:
    first, second = with_l5(shipped)[:2]
    for width in ("60", "200"):
        out = ok(
            invoke(
                "compare",
                first.aliases[0] if first.aliases else first.id,
                second.id,
                env={"COLUMNS": width},
            )
        )
        for role in (first, second):
            fig = headline_figure(role, shipped.landscape.pay_headline)
            assert fig is not None and labels.pay_amount(fig) in out
            assert role.name.split()[0] in out


def test_compare_marks_differing_rows_and_prints_the_confusion(
    invoke: Invoke, shipped: KnowledgeBase
) -> None:
    confusion = shipped.landscape.confusions[0]
    ids = confusion.roles[:2]
    data = json.loads(ok(invoke("compare", *ids, "--json")))
    out = ok(invoke("compare", *ids, env={"COLUMNS": "200"}))
    assert any(row["differs"] for row in data["rows"])
    for row in data["rows"]:
        assert (f"≠ {row['label'].split()[0]}" in out) == row["differs"], row["label"]
    first_words = " ".join(confusion.distinction.text.split()[:4])
    assert first_words in " ".join(out.split())


@pytest.mark.parametrize("count", [1, 7])
def test_compare_needs_two_to_six_roles(invoke: Invoke, shipped: KnowledgeBase, count: int) -> None:
    ids = [r.id for r in shipped.roles][:count]
    assert len(ids) == count, "the shipped knowledge base has fewer than seven roles"
    result = invoke("compare", *ids)
    assert result.exit_code == 2
    assert f"got {count}" in result.stderr and "Traceback" not in result.output


def test_compare_refuses_a_role_given_twice(invoke: Invoke, shipped: KnowledgeBase) -> None:
    role = next(r for r in shipped.roles if r.aliases)
    result = invoke("compare", role.id, role.aliases[0].upper())
    assert result.exit_code == 2
    assert role.id in result.stderr and "once" in result.stderr


# --- market ----------------------------------------------------------------------------------


def test_market_shows_the_heatmap_in_words_and_the_analysis(
    invoke: Invoke, shipped: KnowledgeBase
) -> None:
    out = ok(invoke("market", env={"COLUMNS": "200"}))
    grid = explore.heatmap(shipped)
    for row in grid.rows:
        line = next(line for line in out.splitlines() if line.strip().startswith(row.role.name))
        for level in row.levels:
            if level is not None:
                assert labels.demand_label(level) in line
    market = shipped.landscape.market
    for stat in market.languages:
        assert stat.label in out and labels.stat_value(stat) in out
    data = json.loads(ok(invoke("market", "--json")))
    assert len(data["heatmap"]["rows"]) == len(grid.rows)


# --- every command: width, colour, markup, JSON ----------------------------------------------

COMMANDS = [
    ["roles"],
    ["show", "{a}"],
    ["loop", "{a}", "{b}"],
    ["compare", "{a}", "{b}"],
    ["market"],
]


def _args(cmd: list[str], kb: KnowledgeBase) -> list[str]:
    a, b = with_l5(kb)[:2]
    return [c.format(a=a.id, b=b.id) for c in cmd]


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c[0])
@pytest.mark.parametrize("width", [60, 200])
def test_output_fits_the_width_without_splitting_words(
    invoke: Invoke, shipped: KnowledgeBase, cmd: list[str], width: int
) -> None:
    args = _args(cmd, shipped)
    out = ok(invoke(*args, env={"COLUMNS": str(width)}))
    assert max(len(line) for line in out.splitlines()) <= width
    if args[0] in ("show", "loop", "compare"):
        role = shipped.role(args[1])
        words = {w for w in role_words(role) if len(w) < width - 10}
        if args[0] == "loop":
            words = {w for r in role.loop.rounds for w in f"{r.tests} {' '.join(r.study)}".split()}
        if args[0] == "compare":  # the compared claims, not the whole profile
            claims = (role.primary_focus, role.key_skill, role.loop.emphasis)
            words = {w for c in claims if c is not None for w in c.text.split()}
        missing = sorted(w for w in words if w not in out)
        assert not missing, f"split or lost at {width} columns: {missing[:10]}"


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c[0])
def test_json_is_valid_and_stable(invoke: Invoke, shipped: KnowledgeBase, cmd: list[str]) -> None:
    out = ok(invoke(*_args(cmd, shipped), "--json"))
    data = json.loads(out)
    assert out == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("cmd", COMMANDS, ids=lambda c: c[0])
def test_no_color_means_no_escape_codes_even_on_a_forced_terminal(
    invoke: Invoke, shipped: KnowledgeBase, cmd: list[str]
) -> None:
    forced = {"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1", "TERM": "xterm-256color"}
    coloured = ok(invoke(*_args(cmd, shipped), env={**forced, "NO_COLOR": ""}))
    assert ANSI in coloured  # the forced terminal really is styled...
    plain = ok(invoke(*_args(cmd, shipped), env={**forced, "NO_COLOR": "1"}))
    assert ANSI not in plain  # ...and NO_COLOR turns every escape code off


def test_knowledge_base_text_is_literal_and_cleaned(
    invoke: Invoke, shipped: KnowledgeBase, kb_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = shipped.roles[0].id
    long_word = "Pneumonoultramicroscopicsilicovolcanoconiosis"

    def plant(data: Any) -> None:
        role = next(r for r in data["roles"] if r["id"] == target)
        role["summary"]["text"] = f"Keeps [bold]markup[/bold] and \x1b[31m{long_word} literal."

    rewrite(kb_copy / "roles.yaml", plant)
    monkeypatch.setenv("ROLEADVISOR_KB", str(kb_copy))
    for cmd in (["show", target], ["roles"]):
        out = ok(invoke(*cmd, env={"COLUMNS": "60"}))
        assert "[bold]markup[/bold]" in out
        assert "\x1b" not in out
        assert long_word in out
        assert max(len(line) for line in out.splitlines()) <= 60


# --- kb validate -----------------------------------------------------------------------------


def test_kb_validate_reports_a_valid_knowledge_base(invoke: Invoke, shipped: KnowledgeBase) -> None:
    out = ok(invoke("kb", "validate"))
    assert out.startswith(f"Knowledge base OK: {len(shipped.roles)} roles")


def test_kb_validate_lists_every_problem_with_its_line(
    invoke: Invoke, shipped: KnowledgeBase, kb_copy: Path
) -> None:
    def break_two(data: Any) -> None:
        data["roles"][0]["colour"] = "blue"
        data["roles"][1]["tier"] = "wizardry"

    rewrite(kb_copy / "roles.yaml", break_two)
    result = invoke("kb", "validate", str(kb_copy))
    assert result.exit_code == 3
    lines = result.stdout.strip().splitlines()
    assert any(re.match(r"roles\.yaml:\d+ at roles\[0\]\.colour: unknown key", ln) for ln in lines)
    assert any(re.match(r"roles\.yaml:\d+ at roles\[1\]\.tier: ", ln) for ln in lines)
    assert lines[-1].startswith(f"{len(lines) - 1} problems")


def test_other_commands_on_a_broken_knowledge_base_exit_3_with_one_line(
    invoke: Invoke, kb_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (kb_copy / "roles.yaml").write_text("roles: [\n", encoding="utf-8")
    monkeypatch.setenv("ROLEADVISOR_KB", str(kb_copy))
    result = invoke("compare", "a", "b")
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "roles.yaml" in result.stderr
    assert "Traceback" not in result.output


def test_help_of_every_command_has_an_example(invoke: Invoke) -> None:
    for cmd in (["roles"], ["show"], ["loop"], ["compare"], ["market"], ["kb", "validate"]):
        out = ok(invoke(*cmd, "--help"))
        assert f"roleadvisor {' '.join(cmd)}" in out.split("Examples:")[1]


def test_the_headline_pay_figure_is_chosen_by_the_knowledge_base(
    invoke: Invoke, tmp_path: Path
) -> None:
    """landscape.yaml's `pay_headline` decides which figure leads: declare another, and `show`,
    `roles` and `compare` follow it, with the comparison row named as the data names it."""
    from helpers import copy_data

    kb_dir = copy_data(tmp_path / "kb")

    def all_levels(data: dict[str, Any]) -> None:
        data["pay_headline"].update(
            id="us-total", label="US total comp, all levels", level="any", market=["US"]
        )

    before = json.loads(ok(invoke("--kb", str(kb_dir), "show", "mle", "--json")))
    kb_dir = copy_data(tmp_path / "changed")  # a knowledge base is loaded once per process
    rewrite(kb_dir / "landscape.yaml", all_levels)
    after = json.loads(ok(invoke("--kb", str(kb_dir), "show", "mle", "--json")))
    assert before["pay_summary"]["level"] == "l5"
    assert after["pay_summary"]["level"] == "any" and after["pay_summary"]["region"] == "US"
    assert after["pay_summary"]["label"] != before["pay_summary"]["label"]

    roles = json.loads(ok(invoke("--kb", str(kb_dir), "roles", "--json")))
    listed = next(r for t in roles["tiers"] for r in t["roles"] if r["id"] == "ml-engineer")
    assert listed["pay_summary"] == after["pay_summary"]

    compared = json.loads(ok(invoke("--kb", str(kb_dir), "compare", "mle", "aie", "--json")))
    keys = {row["key"]: row["label"] for row in compared["rows"]}
    assert keys.get("us_total") == "US total comp, all levels" and "l5_us_tc" not in keys
