"""From a Profile to a ranked, explained Recommendation: a pure function of the profile, the
knowledge base and the scoring table of questionnaire.yaml.

The score of a role (0-100) blends five parts, each 0-1: interest (the weights the person's
answers moved toward the role or its tier), skills (share of the role's key skills held),
ramp-up (how fast the documented transition from their background is), market demand
(supply/demand) and sector demand for the kind of company wanted. A short timeline shifts the
blend toward ramp-up and demand. Every reason quotes an answer or a documented figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleadvisor.assessment import (
    Demand,
    DualTrack,
    Ramp,
    Recommendation,
    RoleFit,
    TargetCheck,
)
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import RoleStatus
from roleadvisor.labels import duration_label, supply_label
from roleadvisor.profile import Profile

if TYPE_CHECKING:
    from roleadvisor.kb.models import Role
    from roleadvisor.kb.questionnaire_models import Part, Scoring

# --- the engine ------------------------------------------------------------------------------


def recommend(profile: Profile, kb: KnowledgeBase) -> Recommendation:
    scoring = kb.questionnaire.scoring
    fits = sorted(
        (_fit(role, profile, kb, scoring) for role in kb.roles),
        key=lambda f: (-f.score, f.role),
    )
    top = fits[:3]
    return Recommendation(
        top=top,
        ranking=[(f.role, f.score) for f in fits],
        dual_track=_dual_track(fits, profile, kb, scoring),
        target=_target_check(fits, profile, kb),
    )


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


def _short(profile: Profile, scoring: Scoring) -> bool:
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
    return dict(scoring.short_weights if _short(profile, scoring) else scoring.weights)


def fit_of(role: Role, profile: Profile, kb: KnowledgeBase) -> RoleFit:
    """How well one role fits the person (see the module docstring)."""
    return _fit(role, profile, kb, kb.questionnaire.scoring)


def _fit(role: Role, profile: Profile, kb: KnowledgeBase, scoring: Scoring) -> RoleFit:
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

    short = _short(profile, scoring)
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
        reasons.append(f"From your background ({bg_name}) {where}: {_lower(ramp.duration)}.")
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
                f"{_measure_words(ramp).capitalize()} ({_lower(ramp.duration)}) can take longer "
                f"than your timeline ({when})."
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


def _dual_track(
    fits: list[RoleFit], profile: Profile, kb: KnowledgeBase, scoring: Scoring
) -> DualTrack | None:
    best = fits[0]
    weeks = profile.constraints.timeline_weeks
    second: RoleFit | None = None
    why = ""
    when = profile.constraints.timeline_label.lower()
    bridging = weeks is not None and not best.ramp.current and best.ramp.max_weeks > weeks
    if bridging and weeks is not None:
        # the best fit may not be reachable in time, whatever the timeline: pair it with the
        # best role that is (or, when none is, the quickest among the better half)
        # a fading role is no bridge to anything, unless it is the person's own job
        fading = {r.id for r in kb.roles if r.status is RoleStatus.fading}
        lasting = [f for f in fits[1:] if f.ramp.current or f.role not in fading] or fits[1:]
        reachable = [f for f in lasting if f.ramp.current or f.ramp.max_weeks <= weeks]
        better_half = lasting[: max(1, len(fits) // 2)]
        second = reachable[0] if reachable else min(better_half, key=lambda f: f.ramp.max_weeks)
        how = (
            "you already do it"
            if second.ramp.current
            else f"{_measure_words(second.ramp)}: {_lower(second.ramp.duration)}"
        )
        why = (
            f"You need a job {when}, and for {best.name} {_measure_words(best.ramp)} takes "
            f"{_lower(best.ramp.duration)}. Keep it as the goal, and get hired sooner as "
            f"{second.name} ({how})."
        )
        if not reachable:
            why += " No role that fits you is surely reachable in time: apply while you learn."
    elif _short(profile, scoring) and weeks is not None:
        # a short timeline: keep the strongest role and prepare one more that can be reached in
        # half the time left and is in at least as much demand
        reachable = [
            f
            for f in fits[1:]
            if f.ramp.max_weeks <= weeks / 2 and f.parts["demand"] >= best.parts["demand"]
        ]
        if reachable:
            second = reachable[0]
            why = (
                f"You need a job {when}: keep applying as "
                f"{best.name} while you prepare for {second.name}, which is in more demand and "
                f"within reach ({_lower(second.ramp.duration)})."
            )
    if second is None and len(fits) > 1 and best.score - fits[1].score <= scoring.close_points:
        second = fits[1]
        why = (
            f"{best.name} ({best.score:.0f}) and {second.name} ({second.score:.0f}) fit you "
            f"almost equally well: prepare for both and let the interviews decide."
        )
    if second is None:
        return None
    pair = [best, second]
    need = [(f.ramp.min_weeks + f.ramp.max_weeks) / 2 + scoring.dual_base_weeks for f in pair]
    shares = [round(20 * n / sum(need)) / 20 for n in need]  # to the nearest 5%
    if bridging and weeks is not None:
        # the bridge is what gets them hired in time: it gets the time it needs, within bounds
        share = min(scoring.bridge_max_share, max(0.5, need[1] / weeks))
        shares = [0.0, round(20 * share) / 20]
        shares[0] = round(1 - shares[1], 2)
    shares[1] = round(1 - shares[0], 2)
    names = kb.skills
    advice = []
    for f, share in zip(pair, shares, strict=True):
        todo = ", ".join(names[g].name for g in f.gaps[:4]) or "keep your strengths sharp"
        verb = "Keep applying as" if f.ramp.current else "Prepare for"
        advice.append(f"{verb} {f.name}: {share:.0%} of your prep time; work on {todo}.")
    speeds = sorted(scoring.hiring_speed, key=lambda s: s.min_weeks)
    wanted = set(profile.constraints.sectors)
    ordered = [s for s in speeds if not wanted or s.sector in wanted]
    sectors_first = [s.sector for s in ordered]
    if len(ordered) > 1 and _short(profile, scoring):
        fast, slow = ordered[0], ordered[-1]
        label = kb.sector_names
        advice.append(
            f"Apply to {label[fast.sector]} first: they take {fast.min_weeks}-"
            f"{fast.max_weeks} weeks to hire, against {slow.min_weeks}-{slow.max_weeks} at "
            f"{label[slow.sector]}."
        )
    return DualTrack(
        roles=[f.role for f in pair],
        split={f.role: s for f, s in zip(pair, shares, strict=True)},
        why=why,
        advice=advice,
        sectors_first=sectors_first,
    )


def _target_check(fits: list[RoleFit], profile: Profile, kb: KnowledgeBase) -> TargetCheck | None:
    if profile.target_role is None:
        return None
    best = fits[0]
    named = next(f for f in fits if f.role == profile.target_role)
    if named.role == best.role:
        return TargetCheck(
            named=named.role,
            best=best.role,
            matches=True,
            message=f"The role you would name, {named.name}, is also your best fit.",
        )
    rank = [f.role for f in fits].index(named.role) + 1
    message = (
        f"You would name {named.name} today, but {best.name} fits you better "
        f"({best.score:.0f} against {named.score:.0f}; {named.name} ranks #{rank})."
    )
    costs: list[str] = []
    if named.ramp.current:
        # their own job: its loop and skills are no cost to them
        message = (
            f"You work as {named.name} today; by your answers {best.name} fits you better "
            f"({best.score:.0f} against {named.score:.0f})."
        )
        return TargetCheck(
            named=named.role, best=best.role, matches=False, message=message, costs=costs
        )
    role = kb.role(named.role)
    heavy = sorted(role.loop.rounds, key=lambda r: -r.emphasis)[:2]
    costs.extend(f"Its loop leans on {r.title}: {r.tests}" for r in heavy)
    names = kb.skills
    if named.gaps:
        costs.append(
            f"You lack {len(named.gaps)} of its {len(named.gaps) + len(named.strengths)}"
            f" key skills: {_some([names[g].name for g in named.gaps], 5)}."
        )
    if named.ramp.max_weeks > best.ramp.max_weeks:
        costs.append(
            f"Getting ready: {_lower(named.ramp.duration)}, against "
            f"{_lower(best.ramp.duration)} for {best.name}."
        )
    return TargetCheck(
        named=named.role, best=best.role, matches=False, message=message, costs=costs
    )


def _some(items: list[str], shown: int) -> str:
    """The first `shown` items, then how many more there are."""
    listed = ", ".join(items[:shown])
    rest = len(items) - shown
    return f"{listed} and {rest} more" if rest > 0 else listed


def _measure_words(ramp: Ramp) -> str:
    """What a ramp's weeks count, for a sentence."""
    if ramp.measure == "interview-ready":
        return "getting ready to interview"
    return "learning its core skills"


def _lower(text: str) -> str:
    """Lower-case a leading capital so a quoted duration reads inside a sentence."""
    text = text.rstrip(".")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
