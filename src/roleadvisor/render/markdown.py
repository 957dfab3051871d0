"""A study plan as GitHub-flavoured Markdown: summary, loop, a checklist a week, what to study
for each topic (linked from the checklist), checkpoints, sources.

Every piece of text from the knowledge base or the request goes through `md`, which escapes
what Markdown would otherwise read as syntax, so no text can break a table or add a link.
"""

from __future__ import annotations

import re
from datetime import timedelta

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.labels import WEIGHT_NOTE, emphasis_label, emphasis_word
from roleadvisor.plan_models import PrepPlan
from roleadvisor.render.console import clean

# Characters with inline meaning in CommonMark/GFM; `|` ends a table cell.
_SPECIAL = re.compile(r"([\\`*_\[\]|#~!])")


def md(text: str) -> str:
    """Inline-safe Markdown for any text: one line, markup characters escaped."""
    text = " ".join(clean(text).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def _row(*cells: str) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    rule = ["---:" if i in right else "---" for i in range(len(header))]
    return [_row(*header), _row(*rule), *(_row(*r) for r in rows), ""]


def anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces as dashes."""
    words = re.sub(r"[^\w\- ]", "", clean(heading).lower(), flags=re.UNICODE)
    return words.replace(" ", "-")


def plan_markdown(plan: PrepPlan, kb: KnowledgeBase) -> str:
    req = plan.request
    roles = [kb.role(r.role_id) for r in req.roles]
    total = sum(s.minutes for s in plan.sessions)
    out: list[str] = [
        f"# Study plan: {md(' + '.join(r.name for r in roles))}",
        "",
        f"Interview on **{req.interview.isoformat()}**, studying from {req.start.isoformat()} "
        f"for {req.hours_per_week:g} h a week: {len(plan.topics)} topics in "
        f"{len(plan.sessions)} sessions ({total / 60:.1f} h).",
        "",
    ]
    if not plan.fits:
        out += [f"> **Does not fit:** {md(plan.shortfall_text())}", ""]

    out += ["## Profile and recommendation", ""]
    if req.background and req.background in kb.backgrounds:
        out.append(f"- Background: {md(kb.backgrounds[req.background].name)}")
    if req.ratings:
        names = kb.dimension_names
        rated = ", ".join(f"{md(names.get(k, k))} {v}/5" for k, v in req.ratings.items())
        out.append(f"- Self-assessment: {rated}")
    if req.recommended:
        fits = ", ".join(f"{md(kb.role(r).name)} ({score:.0f})" for r, score in req.recommended)
        out.append(f"- Best fits: {fits}")
    out.append(
        "- Preparing for: "
        + ", ".join(f"{md(kb.role(r.role_id).name)} ({r.share:.0%} of the time)" for r in req.roles)
    )
    if req.why:
        out.append(f"- Why: {md(req.why)}")
    if req.skill_gaps:
        skills = kb.skills
        gaps = sorted({s for ids in req.skill_gaps.values() for s in ids})
        out.append("- Skill gaps: " + ", ".join(md(skills[s].name) for s in gaps if s in skills))
    if req.weak_dimensions:
        names = kb.dimension_names
        out.append("- Weak spots: " + ", ".join(md(names.get(d, d)) for d in req.weak_dimensions))
    if req.assessed_on:
        out.append(f"- Assessed on {req.assessed_on.isoformat()}")
    out.append("")

    out += ["## The interview loop", ""]
    for role in roles:
        out += [f"### {md(role.name)}", "", md(role.loop.emphasis.text), ""]
        out += [md(WEIGHT_NOTE), ""]
        out += _table(
            ["Round", "What it tests", "Weight", "Study", "Skip"],
            [
                [
                    md(r.title),
                    md(r.tests),
                    emphasis_label(r.emphasis)
                    + (" [editorial]" * r.emphasis_provenance.is_editorial),
                    md("; ".join(r.study)),
                    md("; ".join(r.skip)) if r.skip else "",
                ]
                for r in role.loop.rounds
            ],
            right={2},
        )

    # the schedule is one checklist, a heading per week; each session links to its topic
    anchors = {t.id: anchor(t.title) for t in plan.topics}
    out += ["## Schedule", ""]
    for week in plan.weeks:
        out += [
            f"### Week {week.number}: {week.first.isoformat()} to {week.last.isoformat()} "
            f"({week.used} of {week.budget} min)",
            "",
        ]
        for s in plan.sessions:
            if s.week != week.number:
                continue
            title = md(s.title)
            if s.topic_id in anchors:
                title = f"[{title}](#{anchors[s.topic_id]})"
            out.append(
                f"- [ ] {s.day.strftime('%a')} {s.day.isoformat()} · {s.activity.value} · "
                f"{title} ({s.minutes} min)"
            )
        out.append("")
    out += ["### Totals", ""]
    out += _table(
        ["Topic", "Sessions", "Minutes"],
        [[md(t.title), str(t.sessions), str(t.minutes)] for t in plan.totals()],
        right={1, 2},
    )

    out += ["## What to study", ""]
    for topic in plan.topics:
        out += [f"### {md(topic.title)}", "", f"Counts: {emphasis_word(topic.weight)}.", ""]
        if topic.tests:
            out += [f"Tests: {md(topic.tests)}", ""]
        if topic.covers:
            out += ["Covers your gaps: " + ", ".join(md(c) for c in topic.covers), ""]
        out += [f"- {md(item)}" for item in topic.study]
        if topic.skip:
            out.append(f"- Skip: {md('; '.join(topic.skip))}")
        out += ["", "[Back to the schedule](#schedule)", ""]

    out += ["## Checkpoints", ""]
    for cp in kb.assessment.checkpoints:
        when = req.start + timedelta(days=cp.day)
        if when < req.interview:
            out.append(f"- **Day {cp.day}** ({when.isoformat()}): {md(cp.task)}")
    out.append("")

    out += ["## Sources", ""]
    used: list[str] = []
    for topic in plan.topics:
        used.extend(topic.source)
    for role in roles:
        used.extend(role.loop.emphasis.source)
    for cp in kb.assessment.checkpoints:
        used.extend(cp.source)
    docs = kb.sources
    for ref in dict.fromkeys(used):
        doc = docs.get(ref)
        if doc is None:
            continue
        out.append(f"- {md(doc.title)} ({md(doc.kind)}, {doc.as_of})")
    out.append("")
    return "\n".join(out)
