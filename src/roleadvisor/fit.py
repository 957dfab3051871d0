"""Why one role scored what it did for a person: each part of its score in words, how far it
sits from the best fit, and what would raise it most. A pure function of a saved profile and
the knowledge base (the engine is roleadvisor.recommend, a role's score roleadvisor.scoring)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roleadvisor.assessment import RoleFit
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.profile import Profile
from roleadvisor.recommend import recommend
from roleadvisor.scoring import fit_of, part_weights
from roleadvisor.state.plain import Plain

if TYPE_CHECKING:
    from roleadvisor.kb.models import Role


class FitPart(Plain):
    part: str  # interest, skills, ramp, demand or sector
    value: float  # 0-1, before weighting
    weight: float  # its share of the score (the weights sum to 1)
    points: float  # what it adds to the 0-100 score
    behind_best: float  # points it trails the best fit's same part by
    words: str


class FitExplanation(Plain):
    role: str
    name: str
    score: float
    rank: int
    of: int
    best: str
    best_name: str
    best_score: float
    parts: list[FitPart]
    levers: list[str]  # what would raise the score most, biggest first
    reasons: list[str]


def explain_fit(profile: Profile, role: Role, kb: KnowledgeBase) -> FitExplanation:
    rec = recommend(profile, kb)
    fit, best = fit_of(role, profile, kb), rec.top[0]
    weights = part_weights(profile, kb.questionnaire.scoring)
    total = sum(weights.values())
    parts = [
        FitPart(
            part=p,
            value=fit.parts[p],
            weight=round(weights[p] / total, 3),
            points=round(100 * weights[p] * fit.parts[p] / total, 1),
            behind_best=round(100 * weights[p] * (best.parts[p] - fit.parts[p]) / total, 1),
            words=_words(p, fit, profile, kb),
        )
        for p in weights
    ]
    rank = [r for r, _ in rec.ranking].index(role.id) + 1
    return FitExplanation(
        role=role.id,
        name=role.name,
        score=fit.score,
        rank=rank,
        of=len(rec.ranking),
        best=best.role,
        best_name=best.name,
        best_score=best.score,
        parts=parts,
        levers=_levers(parts, fit, role, kb),
        reasons=fit.reasons,
    )


def _words(part: str, fit: RoleFit, profile: Profile, kb: KnowledgeBase) -> str:
    said = [r for r in fit.reasons if r.startswith("You said ")]
    if part == "interest":
        if fit.ramp.current:
            return "You do this job today, which counts as interest; " + (
                f"{len(said)} of your answers point to it too."
                if said
                else "no answer of yours points to it."
            )
        against = [
            e.reason for e in profile.enjoys if e.reason and e.role_weights.get(fit.role, 0) < 0
        ]
        words = (
            f"{len(said)} of your answers point to it: " + " ".join(said)
            if said
            else "None of your answers points to this role."
        )
        if against:
            words += " Against it, you said " + "; ".join(against) + "."
        return words
    if part == "skills":
        total = len(fit.strengths) + len(fit.gaps)
        return f"You have {len(fit.strengths)} of its {total} key skills."
    if part == "ramp":
        return f"Getting there: {fit.ramp.duration}."
    if part == "demand":
        level = fit.demand.supply_demand
        return f"Market for job seekers: {level.replace('-', ' ') if level else 'not rated'}."
    chosen = [s for s in profile.constraints.sectors if s in fit.demand.sectors]
    if not chosen:
        return "Demand averaged over every kind of company (you named none)."
    names = kb.sector_names
    return (
        "Demand where you want to work: "
        + ", ".join(f"{names.get(s, s)} {fit.demand.sectors[s].replace('-', ' ')}" for s in chosen)
        + "."
    )


def _levers(parts: list[FitPart], fit: RoleFit, role: Role, kb: KnowledgeBase) -> list[str]:
    """The parts with the most points left to gain, each with what would gain them."""
    room = sorted(parts, key=lambda p: -(p.weight * 100 - p.points))
    levers: list[str] = []
    for p in room:
        gain = round(p.weight * 100 - p.points, 1)
        if gain < 1:
            continue
        if p.part == "interest":
            picks = _choices_toward(role, kb)
            if picks:
                levers.append(
                    f"Interest (up to +{gain}): answers that point to it, such as "
                    + "; ".join(f'"{c}"' for c in picks[:3])
                    + "."
                )
        elif p.part == "skills" and fit.gaps:
            names = kb.skills
            levers.append(
                f"Skills (up to +{gain}): add "
                + ", ".join(names[g].name for g in fit.gaps[:4])
                + (f" and {len(fit.gaps) - 4} more" if len(fit.gaps) > 4 else "")
                + "."
            )
        elif p.part == "ramp" and not fit.ramp.current:
            levers.append(
                f"Ramp-up (up to +{gain}): every skill you add shortens the move; "
                "a longer timeline weighs the move less."
            )
        elif p.part in ("demand", "sector"):
            levers.append(
                f"{p.part.capitalize()} (up to +{gain}): set by the market, not by you"
                + (
                    "; a company type where it is in more demand would help."
                    if p.part == "sector"
                    else "."
                )
            )
    return levers


def _choices_toward(role: Role, kb: KnowledgeBase) -> list[str]:
    """Labels of the tree choices that weigh this role most, heaviest first."""
    weighted = [
        (c.roles.get(role.id, 0.0), c.label)
        for n in kb.questionnaire.tree.nodes
        for c in n.choices
        if c.roles.get(role.id, 0.0) > 0
    ]
    return [label for _, label in sorted(weighted, key=lambda x: -x[0])]
