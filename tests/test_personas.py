"""The persona suite: people written from the source documents' guidance (tests/personas/),
each with the role an expert would put in their top two and the reasons the expert would give.
Every reason shown must quote an answer the person gave and pull toward the role it explains;
small edits to the scoring weights must not move any expert's role out of the top two."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from roleadvisor.answers import AnswersPrompter
from roleadvisor.assessment import Recommendation, RoleFit
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.questionnaire_models import FILE, Questionnaire
from roleadvisor.profile import Answer, Profile
from roleadvisor.questionnaire import Walk, build_profile, walk
from roleadvisor.recommend import recommend

PERSONAS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "personas" / "personas.yaml").read_text(encoding="utf-8")
)
DEFAULTS: dict[str, Answer] = {
    "years": "3-5",
    "timeline": "no-rush",
    "company": "any",
    "target-role": "not-sure",
}


def _answers(kb: KnowledgeBase, q: Questionnaire, persona: dict[str, Any]) -> dict[str, Answer]:
    answers: dict[str, Answer] = {d.id: "3" for d in kb.assessment.dimensions}
    answers.update(DEFAULTS)
    answers.update(persona["answers"])
    if "skills" not in answers:  # what the questionnaire pre-ticks, plus what they add
        ticked = Walk(q, kb)._suggested_skills(answers)
        answers["skills"] = sorted({*ticked, *persona.get("add_skills", [])})
    return answers


def _profile(kb: KnowledgeBase, q: Questionnaire, persona: dict[str, Any]) -> Profile:
    given = walk(q, kb, AnswersPrompter(_answers(kb, q, persona), persona["id"]))
    return build_profile(q, kb, given)


def _top_two(rec: Recommendation) -> list[str]:
    return [f.role for f in rec.top[:2]]


def test_the_suite_is_big_and_covers_every_role(kb: KnowledgeBase) -> None:
    assert len(PERSONAS) >= 30
    assert len({p["id"] for p in PERSONAS}) == len(PERSONAS)
    expected = {p["expect"] for p in PERSONAS}
    assert expected == {r.id for r in kb.roles}


@pytest.mark.parametrize("persona", PERSONAS, ids=[p["id"] for p in PERSONAS])
def test_the_experts_role_is_in_the_top_two_for_the_experts_reasons(
    kb: KnowledgeBase, q: Questionnaire, persona: dict[str, Any]
) -> None:
    profile = _profile(kb, q, persona)
    rec = recommend(profile, kb)
    assert persona["expect"] in _top_two(rec), f"top two: {_top_two(rec)}"
    fit = next(f for f in rec.top if f.role == persona["expect"])
    for phrase in persona["reasons"]:
        assert any(phrase in r for r in fit.reasons), f"{phrase!r} not in {fit.reasons}"
    for shown in rec.top:
        _reasons_are_honest(kb, profile, shown)


def _reasons_are_honest(kb: KnowledgeBase, profile: Profile, fit: RoleFit) -> None:
    """Each "You said ..." quotes one of the person's answers that pulls toward this role;
    "you already work in this role" only for their own role."""
    role = kb.role(fit.role)
    pulls = {}
    for e in profile.enjoys:
        if e.reason is None:
            continue
        by_name = e.role_weights.get(role.id)
        tier = 0.0 if role.tier_provenance.is_editorial else e.tier_weights.get(role.tier, 0.0)
        trait = sum(
            levels.get(str(getattr(role, t).level.value), 0.0)
            for t, levels in e.trait_weights.items()
            if getattr(role, t) is not None
        )
        pulls[f"You said {e.reason}."] = by_name > 0 if by_name is not None else tier + trait > 0
    for reason in fit.reasons:
        if reason.startswith("You said "):
            assert reason in pulls, f"{fit.role}: {reason!r} quotes no answer given"
            assert pulls[reason], f"{fit.role}: {reason!r} does not support the role"
        if reason.startswith("You already work in this role"):
            assert kb.backgrounds[profile.background].role == fit.role


# --- stability: small edits to the weights do not flip any persona -------------------------

_NUMBERS = ("tier_factor", "interest_scale", "current_role_interest", "weeks_per_missing_skill")
_TABLES = ("weights", "short_weights", "supply_demand", "sector_demand")


def _perturbations(q: Questionnaire) -> list[tuple[str, dict[str, Any]]]:
    """Every scoring weight nudged 10% up and 10% down, one at a time."""
    s = q.scoring
    edits: list[tuple[str, dict[str, Any]]] = []
    for factor in (0.9, 1.1):
        for name in _NUMBERS:
            value = getattr(s, name)
            nudged = (
                type(value)(round(value * factor)) if isinstance(value, int) else value * factor
            )
            edits.append((f"{name}x{factor}", {name: nudged}))
        for name in _TABLES:
            table = getattr(s, name)
            for key in table:
                changed = {**table, key: min(1.0, table[key] * factor)}
                if name.endswith("weights"):
                    changed[key] = table[key] * factor
                edits.append((f"{name}.{key}x{factor}", {name: changed}))
    return edits


def _with_scoring(kb: KnowledgeBase, q: Questionnaire, update: dict[str, Any]) -> KnowledgeBase:
    changed = q.model_copy(update={"scoring": q.scoring.model_copy(update=update)})
    return replace(kb, extras={**kb.extras, FILE: changed})


def _with_tree_scaled(
    kb: KnowledgeBase, q: Questionnaire, node_id: str, factor: float
) -> KnowledgeBase:
    nodes = []
    for n in q.tree.nodes:
        if n.id == node_id:
            choices = [
                c.model_copy(
                    update={
                        "roles": {r: w * factor for r, w in c.roles.items()},
                        "tiers": {t: w * factor for t, w in c.tiers.items()},
                        "traits": {
                            t: {lv: w * factor for lv, w in ws.items()}
                            for t, ws in c.traits.items()
                        },
                    }
                )
                for c in n.choices
            ]
            n = n.model_copy(update={"choices": choices})
        nodes.append(n)
    tree = q.tree.model_copy(update={"nodes": nodes})
    return replace(kb, extras={**kb.extras, FILE: q.model_copy(update={"tree": tree})})


def test_ten_percent_on_any_weight_flips_no_persona(kb: KnowledgeBase, q: Questionnaire) -> None:
    profiles = [(p, _profile(kb, q, p)) for p in PERSONAS]
    variants = [(name, _with_scoring(kb, q, edit)) for name, edit in _perturbations(q)]
    variants += [
        (f"tree.{n.id}x{f}", _with_tree_scaled(kb, q, n.id, f))
        for n in q.tree.nodes
        for f in (0.9, 1.1)
    ]
    flips = []
    for name, changed in variants:
        for persona, profile in profiles:
            # the profile carries the weights it was answered with: rebuild it on the variant
            if name.startswith("tree."):
                profile = build_profile(changed.questionnaire, changed, dict(profile.answers))
            if persona["expect"] not in _top_two(recommend(profile, changed)):
                flips.append(f"{persona['id']} under {name}")
    assert len(variants) > 60
    assert not flips, flips
