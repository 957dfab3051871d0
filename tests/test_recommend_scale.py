"""Ranking every role by number and explaining only the roles the result names gives the same
recommendation as explaining every role, on the shipped knowledge base and on a generated one
of hundreds of roles, whether its facts were computed from its records or read back packed;
and scoring a packed knowledge base builds no record of a role the result does not name."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from typing import Any, get_args

import pytest

from helpers import DATA, REPO
from roleadvisor import recommend as engine
from roleadvisor.answers import AnswersPrompter, load_answers
from roleadvisor.assessment import Recommendation, RoleFit
from roleadvisor.fit import explain_fit
from roleadvisor.kb.base import PACKED_FACTS, KnowledgeBase
from roleadvisor.kb.models import Role
from roleadvisor.kb.packing import pack, unpack
from roleadvisor.kb.questionnaire_models import Trait
from roleadvisor.kb.records import served
from roleadvisor.kb.role_facts import TRAITS, facts_of
from roleadvisor.kb.validation import validate_dir
from roleadvisor.profile import Profile
from roleadvisor.questionnaire import Walk, build_profile, walk
from roleadvisor.recommend import recommend
from roleadvisor.scoring import RoleScore, fit_of, score_roles
from roleadvisor.state.plain import replace

HANDBOOK = REPO / "examples" / "handbook"
GENERATOR = REPO / "benchmarks" / "gen_kb.py"
GENERATED_ROLES = 240


def _profile(kb: KnowledgeBase, answers_file: Path) -> Profile:
    q = kb.questionnaire
    answers = load_answers(answers_file, Walk(q, kb).all_ids())
    return build_profile(q, kb, walk(q, kb, AnswersPrompter(answers)))


def _variants(kb: KnowledgeBase, base: Profile) -> list[Profile]:
    """`base` with other timelines (a month to none), backgrounds (one the job of a role of
    the knowledge base) and targets: every branch of the dual track and the target check."""
    timelines = [(4, "Within a month"), (13, "Within three months"), (26, "Soon"), (None, "No")]
    owned = [b.id for b in kb.skills_file.backgrounds if b.role is not None][:1]
    backgrounds = [base.background, "student", *owned]
    ids = [r.id for r in kb.roles]
    targets = [None, ids[0], ids[len(ids) // 2], ids[-1]]
    made = []
    for (weeks, label), background, target in itertools.product(timelines, backgrounds, targets):
        constraints = replace(base.constraints, timeline_weeks=weeks, timeline_label=label)
        made.append(
            replace(base, background=background, target_role=target, constraints=constraints)
        )
    return made


def _explaining_every_role(profile: Profile, kb: KnowledgeBase) -> Recommendation:
    """The recommendation as it is when every role is explained first: the ranking, the top
    three, the dual track and the target all taken from the explained fits."""
    fits = sorted((fit_of(r, profile, kb) for r in kb.roles), key=lambda f: (-f.score, f.role))
    position = {r.id: n for n, r in enumerate(kb.roles)}
    by_role = {f.role: f for f in fits}
    ranked = [
        RoleScore(
            f.score,
            f.role,
            position[f.role],
            f.ramp.min_weeks,
            f.ramp.max_weeks,
            f.ramp.current,
            f.parts["demand"],
        )
        for f in fits
    ]

    def explained(scored: RoleScore) -> RoleFit:
        return by_role[scored.role]

    scoring = kb.questionnaire.scoring
    return Recommendation(
        top=fits[:3],
        ranking=[(f.role, f.score) for f in fits],
        dual_track=engine._dual_track(ranked, explained, profile, kb, scoring),
        target=engine._target_check(ranked, explained, profile, kb),
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    spec = importlib.util.spec_from_file_location("gen_kb", GENERATOR)
    assert spec is not None and spec.loader is not None
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    out = tmp_path_factory.mktemp("generated") / "kb"
    generator.generate(out, roles=GENERATED_ROLES, nodes=30)
    return out


@pytest.fixture(scope="module")
def generated_whole(generated: Path) -> KnowledgeBase:
    """The generated knowledge base as records, its facts computed from them."""
    kb, problems = validate_dir(generated)
    assert kb is not None, problems
    return served(kb)


def _packed(kb: KnowledgeBase, directory: Path) -> KnowledgeBase:
    """`kb` as a command reads it from the cache: roles unpacked a field at a time, facts
    read back from the pickle beside them."""
    unpacked = unpack(pack(kb), directory)
    assert unpacked is not None
    assert PACKED_FACTS in unpacked.__dict__
    return unpacked


def test_the_facts_name_every_trait_an_answer_can_weigh() -> None:
    assert set(TRAITS) == set(get_args(Trait))


def test_packed_facts_are_the_facts_of_the_roles(generated_whole: KnowledgeBase) -> None:
    packed = _packed(generated_whole, Path())
    assert len(generated_whole.roles) == GENERATED_ROLES
    assert packed.role_facts == tuple(facts_of(r) for r in generated_whole.roles)
    for facts, role in zip(packed.role_facts, generated_whole.roles, strict=True):
        assert (facts.role, facts.tier) == (role.id, role.tier)
        assert facts.tier_estimate == role.tier_provenance.is_editorial
        assert facts.skills == tuple(role.skills.items)
        assert facts.weeks == {t.background: (t.min_weeks, t.max_weeks) for t in role.transitions}
        level = role.supply_demand.level.value if role.supply_demand else None
        assert facts.supply_demand == level
        assert facts.sectors == {d.sector: d.level.value for d in role.sector_demand}
        rated = {t: getattr(role, t) for t in TRAITS}
        assert facts.traits == {t: r.level.value for t, r in rated.items() if r is not None}
    # some roles have their moves documented, rated traits and sector demand, some guessed
    # tiers: the facts hold more than defaults
    assert {f.tier_estimate for f in packed.role_facts} == {True, False}
    assert any(f.weeks for f in packed.role_facts)
    assert any(f.traits for f in packed.role_facts)
    assert any(f.sectors for f in packed.role_facts)


def test_the_shipped_knowledge_base_recommends_as_when_every_role_is_explained(
    real_kb: KnowledgeBase,
) -> None:
    branches = set()
    for kb in (served(real_kb), _packed(served(real_kb), DATA)):
        for answers_file in sorted(HANDBOOK.glob("*.yaml")):
            for profile in _variants(kb, _profile(kb, answers_file)):
                rec = recommend(profile, kb)
                assert rec == _explaining_every_role(profile, kb), (answers_file.name, profile)
                branches.add((rec.dual_track is not None, rec.target is not None))
    assert branches == {(True, True), (True, False), (False, True), (False, False)}


def test_a_generated_knowledge_base_recommends_as_when_every_role_is_explained(
    generated: Path, generated_whole: KnowledgeBase
) -> None:
    packed = _packed(generated_whole, generated)
    base = _profile(generated_whole, generated / "answers.yaml")
    for profile in _variants(generated_whole, base)[::3]:
        expected = _explaining_every_role(profile, generated_whole)
        assert recommend(profile, generated_whole) == expected
        assert recommend(profile, packed) == expected


def test_every_score_carries_the_numbers_of_its_explained_fit(
    generated_whole: KnowledgeBase,
) -> None:
    kb = generated_whole
    base = _profile(kb, HANDBOOK / "market-timing.yaml")
    for profile in _variants(kb, base)[::7]:
        for scored in score_roles(profile, kb, kb.questionnaire.scoring):
            fit = fit_of(kb.roles[scored.position], profile, kb)
            ramp = fit.ramp
            assert (scored.role, scored.score, scored.demand) == (
                fit.role,
                fit.score,
                fit.parts["demand"],
            )
            assert (scored.min_weeks, scored.max_weeks, scored.current) == (
                ramp.min_weeks,
                ramp.max_weeks,
                ramp.current,
            )


def test_only_the_roles_the_result_names_are_explained_or_unpacked(
    generated: Path, generated_whole: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb = _packed(generated_whole, generated)
    profile = _profile(kb, generated / "answers.yaml")
    # a bridge to a job in time and a target far down the ranking: both name more roles
    constraints = replace(profile.constraints, timeline_weeks=4, timeline_label="Within a month")
    profile = replace(profile, constraints=constraints, target_role=kb.roles[-1].id)
    explained: list[str] = []
    real_fit_with = engine.fit_with

    def counting(role: Role, *args: Any) -> RoleFit:
        explained.append(role.id)
        return real_fit_with(role, *args)

    monkeypatch.setattr(engine, "fit_with", counting)
    rec = recommend(profile, kb)
    assert rec.dual_track is not None and rec.target is not None
    named = {f.role for f in rec.top} | set(rec.dual_track.roles) | {rec.target.named}
    assert sorted(explained) == sorted(named)  # each once, and no other
    assert len(rec.ranking) == GENERATED_ROLES
    untouched = [r for r in kb.roles if r.id not in named]
    assert untouched
    for role in untouched:  # no field holding records was unpacked to score it
        assert "transitions" not in role.__dict__ and "skills" not in role.__dict__


def test_explaining_a_fit_names_its_rank_among_every_role(
    generated_whole: KnowledgeBase,
) -> None:
    kb = generated_whole
    profile = _profile(kb, HANDBOOK / "role-matching.yaml")
    rec = recommend(profile, kb)
    last = kb.role(rec.ranking[-1][0])
    explanation = explain_fit(profile, last, kb)
    assert (explanation.rank, explanation.of) == (GENERATED_ROLES, GENERATED_ROLES)
    assert explanation.best == rec.ranking[0][0]
    assert explanation.score == rec.ranking[-1][1]
    assert explanation.best_score == rec.ranking[0][1]
