"""The recommendation engine: the handbook's practice problems give their strong answers, every
role has a case of its own under examples/, and the parts of a fit are what they claim."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from roleadvisor.answers import AnswersPrompter, load_answers
from roleadvisor.assessment import Recommendation, checkpoint_schedule
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import RoleStatus
from roleadvisor.kb.questionnaire_models import Questionnaire
from roleadvisor.profile import Answer, Profile
from roleadvisor.questionnaire import Walk, build_profile, walk
from roleadvisor.recommend import recommend
from roleadvisor.state.plain import replace

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"


def _run(kb: KnowledgeBase, q: Questionnaire, path: Path) -> tuple[Profile, Recommendation]:
    answers = load_answers(path, Walk(q, kb).all_ids())
    profile = build_profile(q, kb, walk(q, kb, AnswersPrompter(answers)))
    return profile, recommend(profile, kb)


def _answers(kb: KnowledgeBase, q: Questionnaire, path: Path) -> dict[str, Answer]:
    return load_answers(path, Walk(q, kb).all_ids())


# --- the handbook's practice problems --------------------------------------------------------


def test_role_matching_gets_ai_engineer_not_mle(kb: KnowledgeBase, q: Questionnaire) -> None:
    problem = next(p for p in kb.assessment.practice_problems if p.id == "role-matching")
    profile, rec = _run(kb, q, EXAMPLES / "handbook" / "role-matching.yaml")
    assert rec.top[0].role == problem.expected_roles[0]
    assert "You said you enjoy building things users touch." in rec.top[0].reasons
    # they would say "ML engineer": the answer says so plainly and names the cost
    assert rec.target is not None and not rec.target.matches
    assert rec.target.named == profile.target_role
    mle = kb.role(profile.target_role or "")
    decisive = max(mle.loop.rounds, key=lambda r: r.emphasis)
    assert any(decisive.tests in cost for cost in rec.target.costs)
    scores = dict(rec.ranking)
    assert scores[rec.top[0].role] > scores[mle.id] + 20


def test_career_transition_gets_ai_engineer_and_mlops_each_with_gaps(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    problem = next(p for p in kb.assessment.practice_problems if p.id == "career-transition")
    profile, rec = _run(kb, q, EXAMPLES / "handbook" / "career-transition.yaml")
    assert {f.role for f in rec.top[:2]} == set(problem.expected_roles)
    aie, mlops = (next(f for f in rec.top if f.role == r) for r in problem.expected_roles)
    # the gaps are the LLM side for one and the ML-platform side for the other
    assert {"rag", "llm-evaluation"} <= set(aie.gaps)
    assert "ml-platforms" in mlops.gaps
    for fit in (aie, mlops):
        assert fit.strengths and fit.ramp.documented
        assert not set(fit.gaps) & set(profile.skills)


def test_market_timing_gets_a_dual_track_of_mle_and_ai_engineer(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    problem = next(p for p in kb.assessment.practice_problems if p.id == "market-timing")
    profile, rec = _run(kb, q, EXAMPLES / "handbook" / "market-timing.yaml")
    dual = rec.dual_track
    assert dual is not None
    assert dual.roles == problem.expected_roles
    assert sum(dual.split.values()) == pytest.approx(1.0)
    # the role still to learn gets more of the time than the one already held
    assert dual.split[dual.roles[1]] > dual.split[dual.roles[0]]
    assert dual.sectors_first[0] == "ai-startups"
    assert any("2-4 weeks" in line and "6-8" in line for line in dual.advice)
    second = next(f for f in rec.top if f.role == dual.roles[1])
    weeks = profile.constraints.timeline_weeks
    assert weeks is not None and second.ramp.max_weeks <= weeks


# --- one case per role and per documented transition -----------------------------------------


CASES = sorted((EXAMPLES / "roles").glob("*.yaml")) + sorted(
    (EXAMPLES / "transitions").glob("*.yaml")
)


def test_every_role_has_a_case(kb: KnowledgeBase) -> None:
    assert {p.stem for p in (EXAMPLES / "roles").glob("*.yaml")} == {r.id for r in kb.roles}


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_case_gets_the_role_its_name_expects(
    kb: KnowledgeBase, q: Questionnaire, path: Path
) -> None:
    expected = path.stem.split("--")[-1]  # roles/<role>.yaml, transitions/<from>--<role>.yaml
    profile, rec = _run(kb, q, path)
    best = rec.top[0]
    assert best.role == expected, rec.ranking[:3]
    assert any(r.startswith("You said ") for r in best.reasons)
    if "--" in path.stem:
        background = path.stem.split("--")[0]
        assert profile.background == background
        route = [t for t in kb.role(expected).transitions if t.background == background]
        assert route and best.ramp.min_weeks == route[0].min_weeks


# --- the parts of a fit ----------------------------------------------------------------------


def test_ranking_is_sorted_and_scores_are_percentages(kb: KnowledgeBase, q: Questionnaire) -> None:
    _, rec = _run(kb, q, EXAMPLES / "roles" / "data-engineer.yaml")
    scores = [s for _, s in rec.ranking]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert len(rec.ranking) == len(kb.roles) and len(rec.top) == 3
    assert [f.role for f in rec.top] == [r for r, _ in rec.ranking[:3]]


def test_gaps_and_strengths_split_the_roles_key_skills(kb: KnowledgeBase, q: Questionnaire) -> None:
    profile, rec = _run(kb, q, EXAMPLES / "roles" / "ai-red-teamer.yaml")
    for fit in rec.top:
        key = list(kb.role(fit.role).skills.items)
        # both in the role's own order (key skills first), together covering every key skill
        assert fit.strengths == [s for s in key if s in profile.skills]
        assert fit.gaps == [s for s in key if s not in profile.skills]


def test_more_skills_never_lower_a_score(kb: KnowledgeBase, q: Questionnaire) -> None:
    profile, rec = _run(kb, q, EXAMPLES / "roles" / "evals-specialist.yaml")
    richer = replace(profile, skills=[*profile.skills, *rec.top[0].gaps])
    again = recommend(richer, kb)
    before, after = dict(rec.ranking), dict(again.ranking)
    assert after[rec.top[0].role] > before[rec.top[0].role]
    assert all(after[r] >= before[r] for r in before)


def test_a_short_timeline_favours_quick_ramp_ups(kb: KnowledgeBase, q: Questionnaire) -> None:
    profile, rec = _run(kb, q, EXAMPLES / "transitions" / "ml-engineer--ai-engineer.yaml")
    hurried = replace(
        profile,
        constraints=replace(
            profile.constraints,
            timeline="one-month",
            timeline_label="Within a month",
            timeline_weeks=4,
        ),
    )
    fast = recommend(hurried, kb)
    current = kb.backgrounds[profile.background].role
    assert current is not None
    # the job they already do climbs against the one they would have to learn
    gap_before = dict(rec.ranking)[rec.top[0].role] - dict(rec.ranking)[current]
    gap_after = dict(fast.ranking)[rec.top[0].role] - dict(fast.ranking)[current]
    assert gap_after < gap_before


def test_no_target_check_when_the_person_is_not_sure(kb: KnowledgeBase, q: Questionnaire) -> None:
    profile, rec = _run(kb, q, EXAMPLES / "handbook" / "career-transition.yaml")
    assert profile.target_role is None and rec.target is None


def test_matching_target_is_confirmed(kb: KnowledgeBase, q: Questionnaire) -> None:
    _, rec = _run(kb, q, EXAMPLES / "roles" / "ml-engineer.yaml")
    assert rec.target is not None and rec.target.matches and not rec.target.costs


def test_checkpoints_are_dated_from_today(kb: KnowledgeBase) -> None:
    today = date(2026, 3, 30)
    sched = checkpoint_schedule(kb, today)
    assert [c.day for c in sched] == [c.day for c in kb.assessment.checkpoints]
    assert all((c.date - today).days == c.day for c in sched)


def test_no_role_id_is_written_in_the_engine(kb: KnowledgeBase) -> None:
    src = REPO / "src" / "roleadvisor"
    code = " ".join(
        (src / name).read_text(encoding="utf-8")
        for name in ("recommend.py", "questionnaire.py", "profile.py")
    )
    for role in kb.roles:
        assert not re.search(rf"['\"]{re.escape(role.id)}['\"]", code), role.id


def test_a_fading_or_emerging_role_in_the_top_three_says_so(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    """A fit whose role is fading (or still emerging) carries that caution in its reasons."""
    seen = {RoleStatus.fading: False, RoleStatus.emerging: False}
    for path in sorted(EXAMPLES.rglob("*.yaml")):
        for fit in _run(kb, q, path)[1].top:
            status = kb.role(fit.role).status
            if status in seen:
                seen[status] = True
                assert any(status.value in r for r in fit.reasons), (path.name, fit.role)
    assert all(seen.values()), seen


# --- the dual track for two close scores -----------------------------------------------------


def _with_close_points(kb: KnowledgeBase, q: Questionnaire, points: float) -> KnowledgeBase:
    """The same knowledge base with the questionnaire's `close_points` set to `points`."""
    from dataclasses import replace

    from roleadvisor.kb.questionnaire_models import FILE

    scoring = q.scoring.model_copy(update={"close_points": points})
    changed = q.model_copy(update={"scoring": scoring})
    return replace(kb, extras={**kb.extras, FILE: changed})


@pytest.mark.parametrize(
    "path",
    [
        EXAMPLES / "transitions" / "ml-engineer--ai-engineer.yaml",
        EXAMPLES / "roles" / "ml-engineer.yaml",
    ],
    ids=["no-timeline", "six-months"],
)
def test_two_close_scores_make_a_dual_track_without_a_short_timeline(
    kb: KnowledgeBase, q: Questionnaire, path: Path
) -> None:
    """With no short timeline, a dual track appears exactly when the two best scores are
    within `close_points` of each other, and pairs those two roles."""
    profile, rec = _run(kb, q, path)
    assert not (
        profile.constraints.timeline_weeks is not None
        and profile.constraints.timeline_weeks <= q.scoring.short_timeline_weeks
    )
    first, second = rec.top[0], rec.top[1]
    gap = first.score - second.score
    assert gap > 0
    close = recommend(profile, _with_close_points(kb, q, gap + 0.5))
    far = recommend(profile, _with_close_points(kb, q, max(0.0, gap - 0.5)))
    assert far.dual_track is None
    dual = close.dual_track
    assert dual is not None
    assert dual.roles == [first.role, second.role]
    assert close.focus_roles() == [first.role, second.role]
    assert sum(dual.split.values()) == pytest.approx(1.0)
    assert first.name in dual.why and second.name in dual.why
    assert f"({first.score:.0f})" in dual.why and f"({second.score:.0f})" in dual.why
    assert len(dual.advice) >= 2
    assert first.name in dual.advice[0] and second.name in dual.advice[1]


def test_a_best_fit_beyond_the_timeline_is_paired_with_a_reachable_bridge(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    # a data scientist with six months: the documented move to ML engineering can take longer,
    # so the advice keeps it as the goal and bridges with the job they can get now
    profile, rec = _run(kb, q, EXAMPLES / "transitions" / "data-scientist--ml-engineer.yaml")
    best = rec.top[0]
    weeks = profile.constraints.timeline_weeks
    assert weeks is not None and weeks > q.scoring.short_timeline_weeks
    assert best.ramp.max_weeks > weeks
    assert any("longer than your timeline" in r for r in best.reasons)
    dual = rec.dual_track
    assert dual is not None and dual.roles[0] == best.role
    bridge = next(f for f in rec.top if f.role == dual.roles[1])
    assert bridge.ramp.current or bridge.ramp.max_weeks <= weeks
    # the job that gets them hired in time gets at least half the prep time
    assert dual.split[bridge.role] >= 0.5
    assert dual.split[best.role] >= round(1 - q.scoring.bridge_max_share, 2)
    assert best.name in dual.why and profile.constraints.timeline_label.lower() in dual.why


# --- backgrounds that are roles, weak markets, long skill lists -------------------------------


def _person(kb: KnowledgeBase, q: Questionnaire, **given: Answer) -> Profile:
    answers: dict[str, Answer] = {d.id: "3" for d in kb.assessment.dimensions}
    answers.update(
        {"years": "3-5", "timeline": "no-rush", "company": "any", "target-role": "not-sure"}
    )
    answers.update(given)
    answers.setdefault("skills", Walk(q, kb)._suggested_skills(answers))
    return build_profile(q, kb, walk(q, kb, AnswersPrompter(answers)))


def test_a_person_already_in_a_role_is_credited_with_it(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    # a prompt engineer of three years who would now name AI engineering
    tree = {"aim": "build", "build-what": "prompts", "pace": "fast", "coding": "most"}
    profile = _person(
        kb, q, background="prompt-engineer", **tree, math="avoid", **{"on-call": "no-view"}
    )
    profile = replace(profile, target_role="ai-engineer")
    rec = recommend(profile, kb)
    own = next(f for f in rec.top if f.role == "prompt-engineer")
    assert own.ramp.current and not own.gaps
    assert not any("No documented route" in r for f in rec.top for r in f.reasons)
    # naming their own job while another fits better costs them nothing of that job
    mine = replace(profile, target_role="prompt-engineer")
    check = recommend(mine, kb).target
    assert check is not None
    if not check.matches:
        assert check.costs == [] and "You work as" in check.message


def test_a_weak_market_is_cautioned_and_long_gap_lists_say_how_many_more(
    kb: KnowledgeBase, q: Questionnaire
) -> None:
    profile = _person(
        kb,
        q,
        background="analyst",
        aim="data",
        **{"data-part": "experiments", "sql": "like", "coding": "some", "math": "fine"},
        **{"on-call": "no-view", "target-role": "research-scientist"},
    )
    rec = recommend(profile, kb)
    weak = {k for k, v in q.scoring.supply_demand.items() if v < q.scoring.weak_market_below}
    for fit in rec.top:
        cautioned = any(r.startswith("Caution: a weak market") for r in fit.reasons)
        assert cautioned == (fit.demand.supply_demand in weak)
    assert rec.top[0].demand.supply_demand in weak  # the data scientist's market
    assert rec.target is not None
    lack = next(c for c in rec.target.costs if c.startswith("You lack"))
    named = kb.role("research-scientist")
    missing = [s for s in named.skills.items if s not in profile.skills]
    assert len(missing) > 5
    assert lack.endswith(f"and {len(missing) - 5} more.")
