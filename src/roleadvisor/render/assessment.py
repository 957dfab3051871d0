"""Terminal views of an assessment and of the assessment history. They only lay out what the
AssessmentResult already holds (plus knowledge-base text such as loop rounds)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from roleadvisor import labels
from roleadvisor.assessment import AssessmentResult, RoleFit, SavedAssessment
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import DemandLevel, SupplyDemand
from roleadvisor.render.role_parts import demand_text, loop_table, supply_text
from roleadvisor.render.terminal import Footnotes, bullets, heading, join, kb_text

if TYPE_CHECKING:
    from roleadvisor.kb.models import Role

BAR_FULL, BAR_EMPTY = "█", "░"


def bar(value: int, maximum: int = 5) -> Text:
    return Text(BAR_FULL * value + BAR_EMPTY * (maximum - value), style="cyan")


def _change(delta: int | None) -> Text:
    if delta is None:
        return Text("")
    if delta == 0:
        return Text("= same as last time", style="dim")
    sign = "+" if delta > 0 else ""
    return Text(f"{sign}{delta} since last time", style="green" if delta > 0 else "red")


def _section(console: Console, title: str, body: RenderableType, indent: int = 2) -> None:
    console.print()
    console.print(heading(title))
    console.print(Padding(body, (0, 0, 0, indent)) if indent else body)


def self_assessment_view(
    console: Console, kb: KnowledgeBase, result: AssessmentResult, changes: dict[str, int]
) -> None:
    sa = result.self_assessment
    grid = Table.grid(padding=(0, 1))
    grid.add_column()
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for dim in kb.assessment.dimensions:
        value = sa.ratings[dim.id]
        grid.add_row(
            kb_text(dim.name), join([bar(value), Text(f"{value}/5")]), _change(changes.get(dim.id))
        )
    total = Text(f"Total {sa.total}/{sa.maximum} ({sa.band}): ", style="bold")
    total.append_text(kb_text(sa.advice))
    _section(console, "Self-assessment", Group(grid, Text(""), total))


def _skills(kb: KnowledgeBase, ids: Sequence[str], limit: int = 6) -> Text:
    """Skill names, the first `limit` of them (roles list their key skills first)."""
    if not ids:
        return Text("none", style="dim")
    names = kb.skills
    text = kb_text(", ".join(names[i].name for i in ids[:limit]))
    if len(ids) > limit:
        text.append(f" and {len(ids) - limit} more", style="dim")
    return text


def _demand(fit: RoleFit, kb: KnowledgeBase) -> Text:
    parts: list[Text | str] = []
    if fit.demand.supply_demand:
        parts.append(supply_text(SupplyDemand(fit.demand.supply_demand)))
    labels = kb.sector_names
    for sector, level in fit.demand.sectors.items():
        parts.append(
            join([kb_text(f"{labels.get(sector, sector)}:"), demand_text(DemandLevel(level))])
        )
    return join(parts, "; ") if parts else Text("not documented", style="dim")


def _fit_title(rank: int, fit: RoleFit) -> Text:
    title = Text(f"{rank}. ", style="bold")
    title.append_text(kb_text(fit.name, "bold"))
    title.append(f"  fit {fit.score:.0f}/100", style="bold cyan")
    return title


# The short view keeps the reasons a fit leads with: what the person said, the route from
# their background, the skills they have; the rest is one `--full` away.
SHORT_REASONS = (3, 2, 2)


def fit_summary(console: Console, kb: KnowledgeBase, rank: int, fit: RoleFit) -> None:
    """One fit in a few lines: its strongest reasons, gaps and ramp-up."""
    console.print()
    console.print(_fit_title(rank, fit))
    shown = SHORT_REASONS[min(rank, len(SHORT_REASONS)) - 1]
    body = Group(
        bullets(kb_text(r) for r in fit.reasons[:shown]),
        _labelled("Gaps", _skills(kb, fit.gaps, limit=4)),
        _labelled("Ramp-up", kb_text(fit.ramp.duration)),
    )
    console.print(Padding(body, (0, 0, 0, 3)))


def loop_summary(role: Role, notes: Footnotes) -> RenderableType:
    """A role's loop, one line a round: its title, how much it counts, what it tests."""
    lines = []
    for rnd in role.loop.rounds:
        line = kb_text(rnd.title, "bold")
        line.append(f" · {labels.emphasis_word(rnd.emphasis)} · ", style="cyan")
        line.append_text(join([kb_text(rnd.tests), notes.tag(rnd.source)]))
        line.no_wrap, line.overflow = True, "ellipsis"
        lines.append(line)
    return Group(*lines)


def fit_view(console: Console, kb: KnowledgeBase, rank: int, fit: RoleFit) -> None:
    role = kb.role(fit.role)
    console.print()
    console.print(_fit_title(rank, fit))
    rounds = ", ".join(r.title for r in role.loop.rounds)
    body = Group(
        bullets(kb_text(r) for r in fit.reasons),
        _labelled("Strengths", _skills(kb, fit.strengths)),
        _labelled("Gaps", _skills(kb, fit.gaps)),
        _labelled("Ramp-up", kb_text(fit.ramp.duration)),
        _labelled("Demand", _demand(fit, kb)),
        _labelled(
            "Interviews", join([kb_text(role.loop.emphasis.text), kb_text(f"({rounds})", "dim")])
        ),
    )
    console.print(Padding(body, (0, 0, 0, 3)))


def _labelled(label: str, value: Text) -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append_text(value)
    return text


def assessment_view(
    console: Console,
    kb: KnowledgeBase,
    result: AssessmentResult,
    changes: dict[str, int],
    *,
    full: bool = False,
    saved_to: Path | None = None,
) -> None:
    """The answer first: the fits, then (in full) every reason and the whole loop tables."""
    self_assessment_view(console, kb, result, changes)
    rec = result.recommendation
    console.print()
    console.print(heading("Your best fits"))
    for i, fit in enumerate(rec.top, 1):
        (fit_view if full else fit_summary)(console, kb, i, fit)

    if rec.dual_track is not None:
        dt = rec.dual_track
        names = {f.role: f.name for f in rec.top}
        split = Table.grid(padding=(0, 1))
        split.add_column()
        split.add_column(no_wrap=True)
        for role_id, share in dt.split.items():
            name = names.get(role_id) or kb.role(role_id).name
            blocks = round(share * 20)
            split.add_row(kb_text(name), Text(BAR_FULL * blocks + f" {share:.0%}", style="cyan"))
        _section(console, "Dual track", Group(kb_text(dt.why), split, bullets(dt.advice)))

    if rec.target is not None:
        t = rec.target
        body: list[RenderableType] = [kb_text(t.message)]
        if t.costs:
            body.append(bullets(kb_text(c) for c in t.costs))
        _section(console, "The role you would name", Group(*body))

    notes = Footnotes(kb)
    if full:
        for role_id in rec.focus_roles():
            role = kb.role(role_id)
            # the loop table sizes itself to the full console width: no indent
            _section(console, f"Interview loop: {role.name}", loop_table(console, role, notes), 0)
    else:
        best = kb.role(rec.top[0].role)
        _section(console, f"Interview loop: {best.name}", loop_summary(best, notes))

    sched = Table.grid(padding=(0, 2))
    sched.add_column(no_wrap=True)
    sched.add_column(no_wrap=True)
    sched.add_column(ratio=1)
    for c in result.checkpoints:
        sched.add_row(Text(c.date.isoformat(), style="bold"), Text(f"day {c.day}"), kb_text(c.task))
    _section(console, "Review checkpoints", sched)
    console.print()
    console.print(notes.render())
    if saved_to is not None:
        console.print()
        # a path is never folded: it must stay one piece to copy
        console.print(join([Text("Saved to", style="dim"), kb_text(str(saved_to))]), soft_wrap=True)
    top_two = " ".join(f.role for f in rec.top[:2])
    steps = [
        ("roleadvisor plan", "a day-by-day study plan for these roles, with reviews"),
        (f"roleadvisor show {rec.top[0].role}", "the full profile of your best fit"),
        (f"roleadvisor compare {top_two}", "your top two side by side"),
        ("roleadvisor decode POSTING.txt", "check a job posting against your profile"),
    ]
    if not full:
        loop = (f"roleadvisor loop {rec.top[0].role}", "its interview loop: what to study and skip")
        steps.insert(1, loop)
    _section(
        console,
        "Next",
        Group(*(Text.assemble((command, "bold"), f" - {why}") for command, why in steps)),
    )


def history_view(console: Console, kb: KnowledgeBase, saved: list[SavedAssessment]) -> None:
    table = Table(box=box.SIMPLE_HEAD, expand=False)
    table.add_column("Taken", no_wrap=True)
    table.add_column("Score", no_wrap=True)
    table.add_column("Best fits")
    table.add_column("Change")
    previous: SavedAssessment | None = None
    for s in saved:
        top = ", ".join(f"{f.name} {f.score:.0f}" for f in s.recommendation.top)
        if previous is None:
            change = Text("first", style="dim")
        else:
            now, before = s.self_assessment.ratings, previous.self_assessment.ratings
            deltas = [
                f"{d.name} {now[d.id] - before[d.id]:+d}"
                for d in kb.assessment.dimensions
                if d.id in before and d.id in now
            ]
            change = Text("; ".join(deltas))
        table.add_row(
            Text(s.taken_at.strftime("%Y-%m-%d %H:%M")),
            Text(f"{s.self_assessment.total}/{s.self_assessment.maximum}"),
            kb_text(top),
            change,
        )
        previous = s
    console.print(table)
