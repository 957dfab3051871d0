"""The topics of a study plan: the loop rounds of each target role, the person's skill gaps
and their weak self-assessment dimensions, each weighted by how much the loop leans on it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from roleadvisor.errors import UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import StudyMaterial
from roleadvisor.plan_models import PlanRequest, Topic, TopicKind

if TYPE_CHECKING:
    from roleadvisor.kb.models import PayFigure, Role


def learn_minutes(weight: float) -> int:
    """Heavier topics get longer first sessions: 45 minutes to two hours in 15-minute steps."""
    return 15 * min(8, max(3, round(weight) + 2))


def review_minutes(weight: float) -> int:
    return 25 if weight >= 3 else 15


def build_topics(request: PlanRequest, kb: KnowledgeBase) -> list[Topic]:
    """The topics of a request, heaviest first (ties keep the loop's order).

    A skill gap is not a topic of its own: it is studied in the heaviest round whose tests or
    study material mention it (that round's topic `covers` it), so one subject never gets two
    sets of sessions. A gap no round mentions has no study material: see `unstudied_gaps`."""
    roles = [(kb.role(r.role_id), r.share) for r in request.roles]
    covers, _ = gap_coverage(request, roles, kb)
    topics: list[Topic] = []
    for role, share in roles:
        for rnd in role.loop.rounds:
            topic_id = f"{role.id}/{rnd.kind}"
            topics.append(
                Topic(
                    id=topic_id,
                    title=f"{role.name}: {rnd.title}" if len(roles) > 1 else rnd.title,
                    kind=TopicKind.round,
                    group=role.name,
                    role_id=role.id,
                    weight=rnd.emphasis * share,
                    tests=rnd.tests,
                    study=list(rnd.study),
                    skip=list(rnd.skip),
                    source=_sources(rnd.source, rnd.advice_source),
                    covers=covers.get(topic_id, []),
                )
            )
    topics.extend(_dimension_topics(request, roles, kb))
    order = {t.id: i for i, t in enumerate(topics)}
    return sorted(topics, key=lambda t: (-t.weight, order[t.id]))


def unstudied_gaps(request: PlanRequest, kb: KnowledgeBase) -> list[str]:
    """Names of the skill gaps that no round of the target roles studies: not scheduled."""
    roles = [(kb.role(r.role_id), r.share) for r in request.roles]
    return gap_coverage(request, roles, kb)[1]


def _sources(*refs: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(s for ref in refs for s in ref))


def gap_coverage(
    request: PlanRequest, roles: list[tuple[Role, float]], kb: KnowledgeBase
) -> tuple[dict[str, list[str]], list[str]]:
    """Which round topic studies each skill gap (topic id -> skill names), and the names of
    the gaps no round mentions. A gap goes to the heaviest round that mentions its name or
    one of its keywords."""
    skills = kb.skills
    covers: dict[str, list[str]] = defaultdict(list)
    covered: set[str] = set()
    missing: list[str] = []
    for role, _share in roles:
        for skill_id in request.skill_gaps.get(role.id, []):
            skill = skills.get(skill_id)
            if skill is None:
                raise UsageError(f"Unknown skill '{skill_id}' in the skill gaps of {role.id}.")
            words = [skill.name.lower(), *(k.strip().lower() for k in skill.keywords)]
            hits = [
                r
                for r in role.loop.rounds
                if any(w and w in " ".join([r.tests, *r.study]).lower() for w in words)
            ]
            if not hits:
                missing.append(skill_id)
                continue
            heaviest = max(hits, key=lambda r: r.emphasis)  # the first of equals: loop order
            topic_id = f"{role.id}/{heaviest.kind}"
            if skill.name not in covers[topic_id]:
                covers[topic_id].append(skill.name)
            covered.add(skill_id)
    unstudied = [skills[s].name for s in dict.fromkeys(missing) if s not in covered]
    return dict(covers), unstudied


def _dimension_topics(
    request: PlanRequest, roles: list[tuple[Role, float]], kb: KnowledgeBase
) -> list[Topic]:
    """A weak dimension is studied from the material that raises it, toward its top anchor."""
    dims = {d.id: d for d in kb.assessment.dimensions}
    mean = sum(
        share * sum(r.emphasis for r in role.loop.rounds) / len(role.loop.rounds)
        for role, share in roles
    )
    topics = []
    for dim_id in dict.fromkeys(request.weak_dimensions):
        dim = dims.get(dim_id)
        if dim is None:
            raise UsageError(f"Unknown self-assessment dimension '{dim_id}'.")
        rating = request.ratings.get(dim_id, 1)
        top = next(a.text for a in dim.anchors if a.score == 5)
        study: list[str] = []
        sources = list(dim.source)
        for material in dim.material:
            items, refs = _material(material, [r for r, _ in roles], kb)
            study.extend(items)
            sources.extend(refs)
        topics.append(
            Topic(
                id=f"dimension/{dim_id}",
                title=dim.name,
                kind=TopicKind.dimension,
                group="Self-assessment",
                weight=round(mean * (6 - rating) / 5, 2),
                tests=f"{dim.question} Aim for: {top}",
                study=study or [a.text for a in sorted(dim.anchors, key=lambda a: a.score)],
                source=list(dict.fromkeys(sources)),
            )
        )
    return topics


def _material(
    material: StudyMaterial, roles: list[Role], kb: KnowledgeBase
) -> tuple[list[str], list[str]]:
    """Study items drawn from one part of the knowledge base, with their sources."""
    items: list[str] = []
    refs: list[str] = []
    for role in roles:
        if material is StudyMaterial.loop:
            rounds = "; ".join(r.title for r in role.loop.rounds)
            items.append(f"{role.name} loop - {role.loop.emphasis.text} Rounds: {rounds}.")
            refs.extend(role.loop.emphasis.source)
        elif material is StudyMaterial.pay:
            for fig in role.pay:
                items.append(f"{role.name} - {format_pay(fig)}")
                refs.extend(fig.source)
        elif material is StudyMaterial.market:
            if role.supply_demand is not None:
                note = f" ({role.supply_demand.note})" if role.supply_demand.note else ""
                items.append(
                    f"{role.name} supply and demand: {role.supply_demand.level.value}{note}"
                )
                refs.extend(role.supply_demand.source)
        elif material is StudyMaterial.roles:
            items.append(f"{role.name}: {role.summary.text}")
            refs.extend(role.summary.source)
            for c in kb.landscape.confusions:
                if role.id in c.roles:
                    items.append(c.distinction.text)
                    refs.extend(c.distinction.source)
            for topic in kb.landscape.advice:  # what to say about the role, and how
                if role.id in topic.roles:
                    items.extend(f"{topic.title}: {item}" for item in topic.items.items)
                    refs.extend(topic.items.source)
        elif material is StudyMaterial.career:
            if role.path_to_staff is not None:
                items.append(f"{role.name} path to staff: {role.path_to_staff.text}")
                refs.extend(role.path_to_staff.source)
            for lvl in role.levels:
                items.append(f"{role.name} {lvl.level.value} ({lvl.years}): {lvl.expectations[0]}")
                refs.extend(lvl.source)
    if material is StudyMaterial.pay:
        for fig in kb.landscape.pay:
            items.append(format_pay(fig))
            refs.extend(fig.source)
    if material is StudyMaterial.market:
        for claim in kb.landscape.trends:
            items.append(claim.text)
            refs.extend(claim.source)
    return list(dict.fromkeys(items)), list(dict.fromkeys(refs))


def format_pay(fig: PayFigure) -> str:
    if fig.low is None:
        return f"{fig.label}: {fig.note or ''}".strip()
    high = f"–${fig.high:,}" if fig.high is not None else ("+" if fig.open_ended else "")
    where = f", {fig.region}" if fig.region else ""
    return f"{fig.label}: ${fig.low:,}{high} ({fig.basis}{where})"
