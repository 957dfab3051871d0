"""From a Profile to a ranked, explained Recommendation: a pure function of the profile, the
knowledge base and the scoring table of questionnaire.yaml.

Every role is scored (roleadvisor.scoring: five parts blended into 0-100); the ranking then
decides whether a second role is worth preparing for (the dual track: a bridge to a job in
time, a quicker role in more demand, or a near tie) and how the person's own target compares
with the best fit. Only the roles the result names (the top three, the dual track's, the
target) are explained, with parts and reasons: on a knowledge base of thousands of roles,
explaining every one would cost more than everything else an assessment does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from roleadvisor.assessment import DualTrack, Recommendation, RoleFit, TargetCheck
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import RoleStatus
from roleadvisor.profile import Profile
from roleadvisor.scoring import (
    RoleScore,
    fit_with,
    in_sentence,
    measure_words,
    score_roles,
    short_timeline,
)

if TYPE_CHECKING:
    from roleadvisor.kb.questionnaire_models import Scoring


def recommend(profile: Profile, kb: KnowledgeBase) -> Recommendation:
    scoring = kb.questionnaire.scoring
    ranked = sorted(score_roles(profile, kb, scoring), key=lambda s: (-s.score, s.role))
    explain = _Explained(profile, kb, scoring)
    return Recommendation(
        top=[explain(s) for s in ranked[:3]],
        ranking=[(s.role, s.score) for s in ranked],
        dual_track=_dual_track(ranked, explain, profile, kb, scoring),
        target=_target_check(ranked, explain, profile, kb),
    )


class _Explained:
    """The explained fit of a scored role, built once and only for the roles the result
    names: ranking every role needs numbers alone (RoleScore)."""

    def __init__(self, profile: Profile, kb: KnowledgeBase, scoring: Scoring) -> None:
        self.profile, self.kb, self.scoring = profile, kb, scoring
        self.made: dict[int, RoleFit] = {}

    def __call__(self, scored: RoleScore) -> RoleFit:
        found = self.made.get(scored.position)
        if found is None:
            role = self.kb.roles[scored.position]
            found = self.made[scored.position] = fit_with(role, self.profile, self.kb, self.scoring)
        return found


def _dual_track(
    ranked: list[RoleScore],
    explain: Callable[[RoleScore], RoleFit],
    profile: Profile,
    kb: KnowledgeBase,
    scoring: Scoring,
) -> DualTrack | None:
    first = ranked[0]
    best = explain(first)
    weeks = profile.constraints.timeline_weeks
    second: RoleFit | None = None
    why = ""
    when = profile.constraints.timeline_label.lower()
    bridging = weeks is not None and not first.current and first.max_weeks > weeks
    if bridging and weeks is not None:
        # the best fit may not be reachable in time, whatever the timeline: pair it with the
        # best role that is (or, when none is, the quickest among the better half)
        # a fading role is no bridge to anything, unless it is the person's own job
        fading = {r.id for r in kb.roles if r.status is RoleStatus.fading}
        rest = ranked[1:]
        lasting = [s for s in rest if s.current or s.role not in fading] or rest
        reachable = [s for s in lasting if s.current or s.max_weeks <= weeks]
        better_half = lasting[: max(1, len(ranked) // 2)]
        chosen = reachable[0] if reachable else min(better_half, key=lambda s: s.max_weeks)
        second = explain(chosen)
        how = (
            "you already do it"
            if second.ramp.current
            else f"{measure_words(second.ramp)}: {in_sentence(second.ramp.duration)}"
        )
        why = (
            f"You need a job {when}, and for {best.name} {measure_words(best.ramp)} takes "
            f"{in_sentence(best.ramp.duration)}. Keep it as the goal, and get hired sooner as "
            f"{second.name} ({how})."
        )
        if not reachable:
            why += " No role that fits you is surely reachable in time: apply while you learn."
    elif short_timeline(profile, scoring) and weeks is not None:
        # a short timeline: keep the strongest role and prepare one more that can be reached in
        # half the time left and is in at least as much demand
        reachable = [
            s for s in ranked[1:] if s.max_weeks <= weeks / 2 and s.demand >= first.demand
        ]
        if reachable:
            second = explain(reachable[0])
            why = (
                f"You need a job {when}: keep applying as "
                f"{best.name} while you prepare for {second.name}, which is in more demand and "
                f"within reach ({in_sentence(second.ramp.duration)})."
            )
    if second is None and len(ranked) > 1 and first.score - ranked[1].score <= scoring.close_points:
        second = explain(ranked[1])
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
    if len(ordered) > 1 and short_timeline(profile, scoring):
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


def _target_check(
    ranked: list[RoleScore],
    explain: Callable[[RoleScore], RoleFit],
    profile: Profile,
    kb: KnowledgeBase,
) -> TargetCheck | None:
    if profile.target_role is None:
        return None
    best = explain(ranked[0])
    rank, scored = next((n, s) for n, s in enumerate(ranked, 1) if s.role == profile.target_role)
    named = explain(scored)
    if named.role == best.role:
        return TargetCheck(
            named=named.role,
            best=best.role,
            matches=True,
            message=f"The role you would name, {named.name}, is also your best fit.",
        )
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
            f"Getting ready: {in_sentence(named.ramp.duration)}, against "
            f"{in_sentence(best.ramp.duration)} for {best.name}."
        )
    return TargetCheck(
        named=named.role, best=best.role, matches=False, message=message, costs=costs
    )


def _some(items: list[str], shown: int) -> str:
    """The first `shown` items, then how many more there are."""
    listed = ", ".join(items[:shown])
    rest = len(items) - shown
    return f"{listed} and {rest} more" if rest > 0 else listed


