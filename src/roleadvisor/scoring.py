"""One role's fit to a person: the five parts of its score, their weights, and the reasons.

Each part is 0-1: interest (the weights the person's answers moved toward the role or its
tier), skills (share of the role's key skills held), ramp-up (how fast the documented
transition from their background is), market demand (supply/demand) and sector demand for the
kind of company wanted. A short timeline shifts the blend toward ramp-up and demand. Every
reason quotes an answer or a documented figure. The values are questionnaire.yaml's scoring
table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleadvisor.assessment import Demand, Ramp, RoleFit
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import RoleStatus
from roleadvisor.labels import duration_label, supply_label
from roleadvisor.profile import Profile

if TYPE_CHECKING:
    from roleadvisor.kb.models import Role
    from roleadvisor.kb.questionnaire_models import Part, Scoring


def _interest(role: Role, profile: Profile, scoring: Scoring) -> tuple[float, list[str]]:
    """The interest the answers moved toward `role`, and the answers that truly support it.

    An answer counts toward a role it names, or toward every role of a tier it names; a tier
    that is our own guess for the role carries no interest (the documents do not place it).
    An answer is quoted only where it pulls toward the role: a role it names with a positive
    weight, or a role of a tier it favours that it does not name at all."""
    raw = 0.0
    phrases: list[str] = []
    tier_counts = not role.tier_provenance.is_editorial
    for e in profile.enjoys:
        by_name = e.role_weights.get(role.id, 0.0)
        by_tier = scoring.tier_factor * e.tier_weights.get(role.tier, 0.0) if tier_counts else 0.0
        by_trait = sum(
            levels.get(_trait_level(role, trait) or "", 0.0)
            for trait, levels in e.trait_weights.items()
        )
        raw += by_name + by_tier + by_trait
        unnamed = role.id not in e.role_weights
        supports = by_name > 0 or (unnamed and by_tier + by_trait > 0)
        if e.reason and supports:
            phrases.append(e.reason)
    return raw, phrases


def _trait_level(role: Role, trait: str) -> str | None:
    """The level of one of a role's rated traits (coding intensity, research reading)."""
    rating = getattr(role, trait, None)
    return None if rating is None else str(rating.level.value)


def _ramp(role: Role, profile: Profile, kb: KnowledgeBase, scoring: Scoring) -> Ramp:
    background = kb.backgrounds.get(profile.background)
    if background is not None and background.role == role.id:
        return Ramp(
            min_weeks=0,
            max_weeks=0,
            duration="you already do this job",
            documented=True,
            current=True,
        )
    for t in role.transitions:
        if t.background == profile.background:
            return Ramp(
                min_weeks=t.min_weeks,
                max_weeks=t.max_weeks,
                duration=duration_label(t),
                documented=True,
                estimate=t.duration_provenance.is_editorial,
                measure=t.measure,
                learn=list(t.learn),
                reuse=list(t.reuse),
            )
    missing = [s for s in role.skills.items if s not in profile.skills]
    weeks = min(scoring.max_estimate_weeks, scoring.weeks_per_missing_skill * len(missing))
    low = max(scoring.min_estimate_weeks, weeks // 2)
    high = max(low, weeks)
    return Ramp(
        min_weeks=low,
        max_weeks=high,
        duration=(
            f"about {low}-{high} weeks (our estimate, from the {len(missing)} key skills "
            "you would add)"
        ),
        documented=False,
        estimate=True,
    )


def short_timeline(profile: Profile, scoring: Scoring) -> bool:
    """The person needs a job within the scoring table's short timeline."""
    weeks = profile.constraints.timeline_weeks
    return weeks is not None and weeks <= scoring.short_timeline_weeks


def _demand(role: Role, profile: Profile, scoring: Scoring) -> tuple[Demand, float, float]:
    sectors = {d.sector: d.level.value for d in role.sector_demand}
    level = role.supply_demand.level.value if role.supply_demand else None
    market = scoring.supply_demand.get(level or "", scoring.supply_demand["balanced"])
    wanted = profile.constraints.sectors or list(sectors)
    values = [scoring.sector_demand[sectors[s]] for s in wanted if s in sectors]
    sector = sum(values) / len(values) if values else scoring.sector_demand["medium"]
    note = role.supply_demand.note if role.supply_demand else None
    return Demand(supply_demand=level, note=note, sectors=sectors), market, sector


def part_weights(profile: Profile, scoring: Scoring) -> dict[Part, float]:
    """The weights of the five parts for this person (a short timeline has its own)."""
    return dict(scoring.short_weights if short_timeline(profile, scoring) else scoring.weights)


def fit_of(role: Role, profile: Profile, kb: KnowledgeBase) -> RoleFit:
    """How well one role fits the person (see the module docstring)."""
    return fit_with(role, profile, kb, kb.questionnaire.scoring)


def fit_with(role: Role, profile: Profile, kb: KnowledgeBase, scoring: Scoring) -> RoleFit:
    """`fit_of` with the scoring table already in hand (the engine scores every role)."""
    raw, said = _interest(role, profile, scoring)
    background = kb.backgrounds.get(profile.background)
    ramp = _ramp(role, profile, kb, scoring)
    if ramp.current:
        raw += scoring.current_role_interest
    interest = min(1.0, max(0.0, raw / scoring.interest_scale))

    key = list(role.skills.items)
    strengths = [s for s in key if s in profile.skills]
    gaps = [s for s in key if s not in profile.skills]
    skills = len(strengths) / len(key)

    short = short_timeline(profile, scoring)
    horizon = profile.constraints.timeline_weeks if short else None
    horizon = horizon or scoring.ramp_horizon_weeks
    mid = (ramp.min_weeks + ramp.max_weeks) / 2
    ramp_part = max(0.0, 1.0 - mid / horizon)

    demand, market, sector = _demand(role, profile, scoring)
    parts: dict[Part, float] = {
        "interest": interest,
        "skills": skills,
        "ramp": ramp_part,
        "demand": market,
        "sector": sector,
    }
    weights = part_weights(profile, scoring)
    score = 100 * sum(weights[p] * v for p, v in parts.items()) / sum(weights.values())

    reasons = [f"You said {r}." for r in said]
    names = kb.skills
    bg_name = background.name if background else profile.background
    if ramp.current:
        reasons.append(f"You already work in this role ({bg_name}, {profile.years_label}).")
    elif ramp.documented:
        where = "our estimate for the move" if ramp.estimate else "the usual route"
        reasons.append(f"From your background ({bg_name}) {where}: {in_sentence(ramp.duration)}.")
    else:
        reasons.append(f"From your background ({bg_name}): {ramp.duration}.")
    if strengths:
        listed = ", ".join(names[s].name for s in strengths[:3])
        reasons.append(
            f"You already have {len(strengths)} of its {len(key)} key skills ({listed})."
        )
    if role.supply_demand is not None:
        reasons.append(f"Market: {supply_label(role.supply_demand.level).lower()}.")
    if role.supply_demand is not None and market < scoring.weak_market_below:
        reasons.append(
            f"Caution: a weak market for job seekers "
            f"({supply_label(role.supply_demand.level).lower()}); expect a longer search."
        )
    if role.status is RoleStatus.fading:
        reasons.append("Caution: this role is fading; its work is being folded into other roles.")
    elif role.status is RoleStatus.emerging:
        reasons.append("Note: this role is emerging; titles and loops still vary by company.")
    chosen = [s for s in profile.constraints.sectors if s in demand.sectors]
    sector_names = kb.sector_names
    for s in chosen:
        reasons.append(
            f"Demand in {sector_names.get(s, s)}: {demand.sectors[s].replace('-', ' ')}."
        )
    deadline = profile.constraints.timeline_weeks
    if deadline is not None and not ramp.current:
        when = profile.constraints.timeline_label.lower()
        if ramp.max_weeks <= deadline:
            reasons.append(f"Reachable before your deadline ({when}).")
        else:
            reasons.append(
                f"{measure_words(ramp).capitalize()} ({in_sentence(ramp.duration)}) can take "
                f"longer than your timeline ({when})."
            )
    return RoleFit(
        role=role.id,
        name=role.name,
        tier=role.tier,
        tier_estimate=role.tier_provenance.is_editorial,
        score=round(score, 1),
        parts={p: round(v, 3) for p, v in parts.items()},
        reasons=reasons,
        strengths=strengths,
        gaps=gaps,
        ramp=ramp,
        demand=demand,
    )


def measure_words(ramp: Ramp) -> str:
    """What a ramp's weeks count, for a sentence."""
    if ramp.measure == "interview-ready":
        return "getting ready to interview"
    return "learning its core skills"


def in_sentence(text: str) -> str:
    """Lower-case a leading capital so a quoted duration reads inside a sentence."""
    text = text.rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
