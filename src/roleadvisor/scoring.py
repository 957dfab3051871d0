"""One role's fit to a person: the five parts of its score, their weights, and the reasons.

Each part is 0-1: interest (the weights the person's answers moved toward the role or its
tier), skills (share of the role's key skills held), ramp-up (how fast the documented
transition from their background is), market demand (supply/demand) and sector demand for the
kind of company wanted. A short timeline shifts the blend toward ramp-up and demand. Every
reason quotes an answer or a documented figure. The values are questionnaire.yaml's scoring
table.

Two ways in, one computation: `score_roles` gives every role's score from the plain facts the
knowledge base keeps of it (kb.role_facts), for ranking thousands of roles; `fit_with` gives
one role's score with its parts, reasons and the move into it, for the few a result shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from roleadvisor.assessment import Demand, Ramp, RoleFit
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import RoleStatus
from roleadvisor.kb.role_facts import RoleFacts, facts_of
from roleadvisor.labels import duration_label, supply_label
from roleadvisor.profile import Profile

if TYPE_CHECKING:
    from roleadvisor.kb.models import Role
    from roleadvisor.kb.questionnaire_models import Part, Scoring


class RoleScore(NamedTuple):
    """A role's score and the numbers the recommendation weighs besides it: what ranking every
    role needs, without the words that explain it (fit_with gives those)."""

    score: float  # 0-100, rounded as shown
    role: str
    position: int  # where the role is in the knowledge base's roles
    min_weeks: int
    max_weeks: int
    current: bool  # the person does this job today
    demand: float  # the market-demand part, rounded as shown


class _Person:
    """What scoring reads of the person and the scoring table, looked up once for every role."""

    def __init__(self, profile: Profile, kb: KnowledgeBase, scoring: Scoring) -> None:
        self.profile = profile
        self.scoring = scoring
        background = kb.backgrounds.get(profile.background)
        self.background = background
        self.current_role = background.role if background is not None else None
        self.skills = set(profile.skills)
        self.weights = part_weights(profile, scoring)
        self.total_weight = sum(self.weights.values())
        short = short_timeline(profile, scoring)
        horizon = profile.constraints.timeline_weeks if short else None
        self.horizon = horizon or scoring.ramp_horizon_weeks


def _interest(facts: RoleFacts, person: _Person, said: list[str] | None = None) -> float:
    """The interest the answers moved toward the role; with `said`, the answers that truly
    support it are added to it.

    An answer counts toward a role it names, or toward every role of a tier it names; a tier
    that is our own guess for the role carries no interest (the documents do not place it).
    An answer is quoted only where it pulls toward the role: a role it names with a positive
    weight, or a role of a tier it favours that it does not name at all."""
    raw = 0.0
    tier_counts = not facts.tier_estimate
    tier_factor = person.scoring.tier_factor
    for e in person.profile.enjoys:
        by_name = e.role_weights.get(facts.role, 0.0)
        by_tier = tier_factor * e.tier_weights.get(facts.tier, 0.0) if tier_counts else 0.0
        traits = e.trait_weights
        by_trait = (  # most answers weigh no trait: no sum to start for each role
            sum(levels.get(facts.traits.get(t) or "", 0.0) for t, levels in traits.items())
            if traits
            else 0
        )
        raw += by_name + by_tier + by_trait
        if said is not None and e.reason:
            unnamed = facts.role not in e.role_weights
            if by_name > 0 or (unnamed and by_tier + by_trait > 0):
                said.append(e.reason)
    return raw


def _weeks(facts: RoleFacts, person: _Person) -> tuple[int, int, bool]:
    """The weeks of the move into the role, fewest and most, and whether it is their job."""
    if person.current_role == facts.role:
        return 0, 0, True
    documented = facts.weeks.get(person.profile.background)
    if documented is not None:
        return documented[0], documented[1], False
    scoring = person.scoring
    missing = sum(1 for s in facts.skills if s not in person.skills)
    weeks = min(scoring.max_estimate_weeks, scoring.weeks_per_missing_skill * missing)
    low = max(scoring.min_estimate_weeks, weeks // 2)
    return low, max(low, weeks), False


def _parts(
    facts: RoleFacts, person: _Person, said: list[str] | None = None
) -> tuple[dict[Part, float], float, tuple[int, int, bool]]:
    """The five parts of the role's score (unrounded), the score, and the weeks of the move
    (see `_weeks`): the one computation behind both a ranking and an explained fit."""
    scoring = person.scoring
    raw = _interest(facts, person, said)
    low, high, current = _weeks(facts, person)
    if current:
        raw += scoring.current_role_interest
    interest = min(1.0, max(0.0, raw / scoring.interest_scale))
    key = facts.skills
    skills = sum(1 for s in key if s in person.skills) / len(key)
    ramp = max(0.0, 1.0 - (low + high) / 2 / person.horizon)

    sectors = facts.sectors
    market = scoring.supply_demand.get(
        facts.supply_demand or "", scoring.supply_demand["balanced"]
    )
    wanted = person.profile.constraints.sectors or list(sectors)
    values = [scoring.sector_demand[sectors[s]] for s in wanted if s in sectors]
    sector = sum(values) / len(values) if values else scoring.sector_demand["medium"]
    parts: dict[Part, float] = {
        "interest": interest,
        "skills": skills,
        "ramp": ramp,
        "demand": market,
        "sector": sector,
    }
    weights = person.weights
    score = 100 * sum(weights[p] * v for p, v in parts.items()) / person.total_weight
    return parts, score, (low, high, current)


def score_roles(profile: Profile, kb: KnowledgeBase, scoring: Scoring) -> list[RoleScore]:
    """Every role's score, in the knowledge base's order (`fit_with` explains one of them)."""
    person = _Person(profile, kb, scoring)
    scores = []
    for position, facts in enumerate(kb.role_facts):
        parts, score, (low, high, current) = _parts(facts, person)
        scores.append(
            RoleScore(
                round(score, 1), facts.role, position, low, high, current, round(parts["demand"], 3)
            )
        )
    return scores


def _ramp(role: Role, profile: Profile, weeks: tuple[int, int, bool], missing: int) -> Ramp:
    low, high, current = weeks
    if current:
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
    return Ramp(
        min_weeks=low,
        max_weeks=high,
        duration=(
            f"about {low}-{high} weeks (our estimate, from the {missing} key skills "
            "you would add)"
        ),
        documented=False,
        estimate=True,
    )


def short_timeline(profile: Profile, scoring: Scoring) -> bool:
    """The person needs a job within the scoring table's short timeline."""
    weeks = profile.constraints.timeline_weeks
    return weeks is not None and weeks <= scoring.short_timeline_weeks


def part_weights(profile: Profile, scoring: Scoring) -> dict[Part, float]:
    """The weights of the five parts for this person (a short timeline has its own)."""
    return dict(scoring.short_weights if short_timeline(profile, scoring) else scoring.weights)


def fit_of(role: Role, profile: Profile, kb: KnowledgeBase) -> RoleFit:
    """How well one role fits the person (see the module docstring)."""
    return fit_with(role, profile, kb, kb.questionnaire.scoring)


def fit_with(role: Role, profile: Profile, kb: KnowledgeBase, scoring: Scoring) -> RoleFit:
    """`fit_of` with the scoring table already in hand: the score `score_roles` gives the role,
    with its parts, its reasons and the move into it."""
    facts = facts_of(role)
    person = _Person(profile, kb, scoring)
    said: list[str] = []
    parts, score, weeks = _parts(facts, person, said)
    key = list(facts.skills)
    strengths = [s for s in key if s in person.skills]
    gaps = [s for s in key if s not in person.skills]
    ramp = _ramp(role, profile, weeks, len(gaps))
    sectors = dict(facts.sectors)
    note = role.supply_demand.note if role.supply_demand else None
    demand = Demand(supply_demand=facts.supply_demand, note=note, sectors=sectors)
    market = parts["demand"]

    background = person.background
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
        tier_estimate=facts.tier_estimate,
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
