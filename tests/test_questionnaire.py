"""The questionnaire: its validation when the knowledge base loads, every path through the
tree, the walk (order, progress, going back) and the profile built from the answers."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers import copy_data, rewrite
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.questionnaire_models import FixedKind, Questionnaire
from roleadvisor.kb.validation import validate_dir
from roleadvisor.profile import Answer, Constraints, Enjoyment, Profile
from roleadvisor.questionnaire import BACK, Prompt, Reply, Walk, build_profile, walk
from roleadvisor.recommend import recommend

REPO = Path(__file__).resolve().parent.parent


# --- validation ----------------------------------------------------------------------------


def _broken(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> list[str]:
    kb_dir = copy_data(tmp_path / "kb")
    rewrite(kb_dir / "questionnaire.yaml", change)
    kb, problems = validate_dir(kb_dir)
    assert kb is None
    return [str(p) for p in problems]


def _node(data: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in data["tree"]["nodes"] if n["id"] == node_id)


def test_cycle_is_refused(tmp_path: Path) -> None:
    def loop_back(data: dict[str, Any]) -> None:
        _node(data, "reading")["choices"][0]["next"] = "research-part"

    problems = _broken(tmp_path, loop_back)
    assert any("cycle: research-part -> reading -> research-part" in p for p in problems)


def test_choice_leading_nowhere_is_refused(tmp_path: Path) -> None:
    def dangle(data: dict[str, Any]) -> None:
        _node(data, "aim")["choices"][0]["next"] = "no-such-node"

    problems = _broken(tmp_path, dangle)
    assert any("aim.invent" in p and "unknown node 'no-such-node'" in p for p in problems)


def test_unreachable_node_is_refused(tmp_path: Path) -> None:
    def orphan(data: dict[str, Any]) -> None:
        nodes = data["tree"]["nodes"]
        nodes.append({**_node(data, "sql"), "id": "orphan"})

    problems = _broken(tmp_path, orphan)
    assert any("never reached" in p and "orphan" in p for p in problems)


def test_unknown_role_and_skill_are_named_with_their_line(tmp_path: Path) -> None:
    def misname(data: dict[str, Any]) -> None:
        choice = _node(data, "build-what")["choices"][0]
        choice["roles"] = {"ai-enginer": 4}
        choice["suggests_skills"] = ["telepathy"]

    problems = _broken(tmp_path, misname)
    role = [p for p in problems if "unknown role 'ai-enginer'" in p]
    skill = [p for p in problems if "unknown skill 'telepathy'" in p]
    assert role and role[0].startswith("questionnaire.yaml:")
    assert skill and "suggests_skills" in skill[0]


def test_a_weight_without_its_basis_is_refused(tmp_path: Path) -> None:
    def unsourced(data: dict[str, Any]) -> None:
        del _node(data, "aim")["choices"][0]["basis"]
        _node(data, "sql")["choices"][1]["basis"] = {"source": "editorial"}
        del data["scoring"]["basis"]["tier_factor"]

    problems = _broken(tmp_path, unsourced)
    for needle in (
        "choice 'invent' weighs roles and needs `basis`",
        "an editorial weight needs `why`",
        "`basis` says nothing of: tier_factor",
    ):
        assert any(needle in p for p in problems), (needle, problems)


def test_unknown_trait_levels_and_sources_are_refused(tmp_path: Path) -> None:
    def misname(data: dict[str, Any]) -> None:
        _node(data, "coding")["choices"][0]["traits"]["coding_intensity"]["extreme"] = 1
        data["scoring"]["basis"]["weights"]["source"] = "folklore"

    problems = _broken(tmp_path, misname)
    assert any("extreme" in p and "traits" in p for p in problems), problems
    assert any("folklore" in p and "basis" in p for p in problems), problems


def test_every_role_is_also_a_background(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")

    def drop(data: dict[str, Any]) -> None:
        data["backgrounds"] = [
            b for b in data["backgrounds"] if b.get("role") != "evals-specialist"
        ]

    rewrite(kb_dir / "skills.yaml", drop)
    kb, problems = validate_dir(kb_dir)
    assert kb is None
    assert any("no background for role 'evals-specialist'" in str(p) for p in problems)


def test_missing_fixed_question_is_refused(tmp_path: Path) -> None:
    def drop_timeline(data: dict[str, Any]) -> None:
        data["after_tree"] = [x for x in data["after_tree"] if x["kind"] != "timeline"]

    problems = _broken(tmp_path, drop_timeline)
    assert any("questions missing for: timeline" in p for p in problems)


def test_every_tree_node_is_reachable_and_every_choice_ends_or_continues(
    q: Questionnaire,
) -> None:
    paths = list(q.paths())
    seen = {node.id for path in paths for node, _ in path}
    assert seen == {n.id for n in q.tree.nodes}
    for path in paths:
        assert path[0][0].id == q.tree.start
        assert path[-1][1].next is None
        for (_, choice), (node, _) in itertools.pairwise(path):
            assert choice.next == node.id


# --- every role can come out on top ----------------------------------------------------------


def _profile(kb: KnowledgeBase, background: str, path: list[Any]) -> Profile:
    bg = kb.backgrounds[background]
    return Profile(
        ratings={},
        background=background,
        years=4,
        years_label="3-5 years",
        skills=list(bg.skills),
        enjoys=[Enjoyment.of(node.id, c) for node, c in path],
        constraints=Constraints(
            timeline="no-rush",
            timeline_label="No rush",
            timeline_weeks=None,
            company="any",
            company_label="Any",
            sectors=[],
        ),
        target_role=None,
        answers={},
    )


def test_every_path_and_every_background_and_every_role_wins_somewhere(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    # every path with a background that brings no skills, and every background along a few
    # paths: the full product grows too fast to enumerate in the default run
    winners: dict[str, tuple[str, str]] = {}
    paths = list(q.paths())
    cases = [("other", p) for p in paths]
    cases += [(b, p) for b in kb.backgrounds for p in paths[:: max(1, len(paths) // 25)]]
    for background, path in cases:
        best = recommend(_profile(kb, background, path), kb).top[0]
        winners.setdefault(best.role, (background, "/".join(c.id for _, c in path)))
    missing = sorted({r.id for r in kb.roles} - set(winners))
    assert not missing, f"roles that never come out on top: {missing}"


# --- the walk --------------------------------------------------------------------------------


class Scripted:
    """Answers from a list of (expected question id, reply); records every prompt."""

    def __init__(self, script: list[tuple[str, Reply]]) -> None:
        self.script = list(script)
        self.prompts: list[Prompt] = []

    def ask(self, prompt: Prompt) -> Reply:
        self.prompts.append(prompt)
        expected, reply = self.script.pop(0)
        assert prompt.id == expected, f"asked {prompt.id}, script expected {expected}"
        return reply


def _script(
    kb: KnowledgeBase, q: Questionnaire, tree: list[tuple[str, str]]
) -> list[tuple[str, Reply]]:
    script: list[tuple[str, Reply]] = [(d.id, "3") for d in kb.assessment.dimensions]
    script += [("background", "software-engineer"), ("years", "3-5")]
    script += list(tree)
    # the questions every path shares, after its branch
    script += [("coding", "most"), ("math", "fine"), ("on-call", "no-view")]
    script += [
        ("skills", ["python", "backend"]),
        ("timeline", "six-months"),
        ("company", "any"),
        ("target-role", "not-sure"),
    ]
    return script


def test_walk_follows_the_tree_and_counts_progress(kb: KnowledgeBase, q: Questionnaire) -> None:
    prompter = Scripted(
        _script(kb, q, [("aim", "build"), ("build-what", "products"), ("pace", "fast")])
    )
    answers = walk(q, kb, prompter)
    assert not prompter.script
    ids = [p.id for p in prompter.prompts]
    assert ids[5:10] == ["background", "years", "aim", "build-what", "pace"]
    steps = [p.step for p in prompter.prompts]
    assert steps == list(range(1, len(ids) + 1))
    assert all(p.step <= p.total for p in prompter.prompts)
    assert prompter.prompts[-1].total == len(ids)
    assert not prompter.prompts[0].can_go_back and prompter.prompts[1].can_go_back
    assert answers["build-what"] == "products"


def test_back_returns_to_the_previous_question_and_drops_the_abandoned_branch(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    tree: list[tuple[str, Reply]] = [
        ("aim", "data"),
        ("data-part", "experiments"),
        ("sql", BACK),
        ("data-part", BACK),
        ("aim", "build"),
        ("build-what", "agents"),
        ("pace", "either"),
    ]
    prompter = Scripted(_script(kb, q, tree))  # type: ignore[arg-type]
    answers = walk(q, kb, prompter)
    assert "data-part" not in answers and "sql" not in answers
    assert answers["aim"] == "build" and answers["build-what"] == "agents"
    again = [p for p in prompter.prompts if p.id == "data-part"]
    assert again[1].default == "experiments"  # the earlier choice is preselected


def test_skills_prompt_pre_ticks_background_and_suggested_skills(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    prompter = Scripted(
        _script(kb, q, [("aim", "build"), ("build-what", "agents"), ("pace", "fast")])
    )
    walk(q, kb, prompter)
    skills = next(p for p in prompter.prompts if p.id == "skills")
    ticked = {o.id for o in skills.options if o.checked}
    assert skills.multi
    assert set(kb.backgrounds["software-engineer"].skills) <= ticked
    assert "agents" in ticked  # suggested by the "agents" answer
    assert len(skills.options) == len(kb.skills)


def test_rating_prompts_show_the_anchors(kb: KnowledgeBase, q: Questionnaire) -> None:
    prompt = Walk(q, kb).prompt(kb.assessment.dimensions[0].id, {}, 1)
    labels = [o.label for o in prompt.options]
    assert [o.id for o in prompt.options] == ["1", "2", "3", "4", "5"]
    for anchor in kb.assessment.dimensions[0].anchors:
        assert anchor.text in labels[anchor.score - 1]


def test_build_profile_reads_every_kind_of_answer(kb: KnowledgeBase, q: Questionnaire) -> None:
    answers: dict[str, Answer] = {d.id: "4" for d in kb.assessment.dimensions}
    answers.update(
        {
            "background": "data-scientist",
            "years": "6-9",
            "aim": "data",
            "data-part": "experiments",
            "sql": "like",
            "skills": ["python", "sql"],
            "timeline": "three-months",
            "company": "healthcare",
            "target-role": "data-scientist",
        }
    )
    profile = build_profile(q, kb, answers)
    years = next(c for c in q.fixed(FixedKind.years).choices if c.id == "6-9")
    assert profile.years == years.years
    assert profile.constraints.timeline_weeks == 13
    assert profile.constraints.sectors == ["healthcare"]
    assert profile.target_role == "data-scientist"
    assert [e.choice for e in profile.enjoys] == ["data", "experiments", "like"]
    assert profile.enjoys[1].role_weights["data-scientist"] > 0
    assert set(profile.ratings.values()) == {4}


def test_a_retake_starts_from_the_last_answers_and_marks_them(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    tree: list[tuple[str, str]] = [("aim", "build"), ("build-what", "agents"), ("pace", "fast")]
    first = walk(q, kb, Scripted(_script(kb, q, tree)))  # type: ignore[arg-type]
    first["skills"] = ["python", "sql"]
    again = Scripted(_script(kb, q, tree))  # type: ignore[arg-type]
    walk(q, kb, again, previous=first)
    by_id = {p.id: p for p in again.prompts}
    for qid in ("aim", "build-what", "background", "timeline", "target-role"):
        prompt = by_id[qid]
        assert prompt.default == first[qid]
        marked = [o.id for o in prompt.options if "(last time)" in o.label]
        assert marked == [first[qid]]
    ticked = {o.id for o in by_id["skills"].options if o.checked}
    assert ticked == {"python", "sql"}
    # a first run marks nothing
    fresh = Scripted(_script(kb, q, tree))  # type: ignore[arg-type]
    walk(q, kb, fresh)
    assert not any("(last time)" in o.label for p in fresh.prompts for o in p.options)
