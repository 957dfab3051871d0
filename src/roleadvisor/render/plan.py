"""Rich views of a study plan, today's agenda, a recorded review and progress.

Text from the knowledge base enters only as `rich.text.Text` (cleaned, never parsed as markup).
Every table lets its text columns wrap, so the views stay readable at 60 columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.plan_models import Activity, PrepPlan
from roleadvisor.render.console import clean, hanging

if TYPE_CHECKING:  # annotations only: `plan` never imports the review scheduler
    from roleadvisor.reviews import Agenda, Progress, ReviewRecord


def _t(text: str, style: str = "") -> Text:
    return Text(clean(text), style=style)


def _table(title: str, *columns: tuple[str, str]) -> Table:
    table = Table(title=_t(title, "bold"), title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for name, justify in columns:
        table.add_column(name, justify="right" if justify == "r" else "left", overflow="fold")
    return table


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f} h"


def plan_header(plan: PrepPlan, kb: KnowledgeBase) -> Text:
    req = plan.request
    roles = ", ".join(
        f"{kb.role(r.role_id).name} ({r.share:.0%})"
        if len(req.roles) > 1
        else kb.role(r.role_id).name
        for r in req.roles
    )
    text = Text()
    text.append("Study plan for ", style="bold")
    text.append(clean(roles), style="bold")
    text.append(
        f"\n{req.start.isoformat()} → interview {req.interview.isoformat()} "
        f"({req.days} days), {req.hours_per_week:g} h per week, "
        f"{len(plan.topics)} topics, {len(plan.sessions)} sessions, "
        f"{_hours(sum(s.minutes for s in plan.sessions))} in all"
    )
    return text


def show_plan(plan: PrepPlan, kb: KnowledgeBase, console: Console) -> None:
    lines: list[Text] = [plan_header(plan, kb)]
    if not plan.fits:
        lines.append(_t("Does not fit: " + plan.shortfall_text(), "bold red"))
    if plan.skipped_reviews:
        lines.append(
            _t(f"{plan.skipped_reviews} spaced review(s) had no room and were left out.", "yellow")
        )
    width = console.width
    lines += [Text(), _t(f"  {'Date':<10}  {'Activity':<10} {'Min':>4}  Topic", "dim")]
    for week in plan.weeks:
        lines.append(Text())
        lines.append(
            _t(
                f"Week {week.number} · {week.first.isoformat()} – {week.last.isoformat()} · "
                f"{week.used} of {week.budget} min",
                "bold",
            )
        )
        for s in plan.sessions:
            if s.week == week.number:
                prefix = f"  {s.day.strftime('%a %d %b')}  {s.activity.value:<10} {s.minutes:>4}  "
                lines.append(hanging(prefix, s.title, width))
                if s.activity is Activity.checkpoint and s.detail:
                    lines.append(hanging(" " * len(prefix), s.detail, width, style="dim"))
    # one print for the whole listing: each rich print has a fixed cost worth avoiding here
    console.print(Text("\n").join(lines))
    console.print()
    totals = _table(
        "Totals per round and topic", ("Topic", "l"), ("Sessions", "r"), ("Minutes", "r")
    )
    for row in plan.totals():
        totals.add_row(_t(row.title), str(row.sessions), str(row.minutes))
    totals.add_row(
        Text("All", style="bold"),
        str(len(plan.sessions)),
        str(sum(s.minutes for s in plan.sessions)),
    )
    console.print(totals)
    show_topics(plan, console)


def show_topics(plan: PrepPlan, console: Console) -> None:
    """What each topic's sessions are for: what the round tests, what to study, what to skip."""
    width = console.width
    lines = [_t("What to study", "bold")]
    for topic in plan.topics:
        lines.append(Text())
        lines.append(Text.assemble((clean(topic.title), "bold"), f"  weight {topic.weight:g}"))
        if topic.tests:
            lines.append(hanging("  Tests: ", topic.tests, width, prefix_style="italic"))
        lines += [hanging("  • ", item, width) for item in topic.study]
        if topic.skip:
            lines.append(hanging("  Skip: ", "; ".join(topic.skip), width, style="dim"))
    console.print(Text("\n").join(lines))


def show_agenda(agenda: Agenda, console: Console) -> None:
    console.print(
        _t(
            f"Today {agenda.today.isoformat()} · {agenda.days_left} day(s) to the interview",
            "bold",
        )
    )
    if agenda.days_left <= 0:
        console.print("The interview date has passed; run `roleadvisor plan` for a new plan.")
        return
    if agenda.due:
        table = _table("Due today", ("Topic", "l"), ("Status", "l"))
        for item in agenda.due:
            table.add_row(_t(item.title), "review" if item.reviewed else "first study")
        console.print(table)
    else:
        console.print("Nothing due today.")
    if agenda.overdue:
        table = _table("Overdue", ("Topic", "l"), ("Due", "l"), ("Late", "r"))
        for item in agenda.overdue:
            table.add_row(_t(item.title), item.due.isoformat(), f"{item.days_overdue} d")
        console.print(table)
    if agenda.sessions:
        table = _table("Planned for today", ("Topic", "l"), ("Activity", "l"), ("Min", "r"))
        for s in agenda.sessions:
            table.add_row(_t(s.title), s.activity.value, str(s.minutes))
        console.print(table)
    if agenda.due or agenda.overdue:
        console.print("Record a review with `roleadvisor review TOPIC --rating good`.")


def show_review(title: str, record: ReviewRecord, console: Console) -> None:
    line = Text(f"Recorded {record.rating.value} for ")
    line.append(_t(title, "bold"))
    if record.next_due is None:
        line.append(" · no further review before the interview.")
    else:
        line.append(f" · next review {record.next_due.isoformat()}.")
    console.print(line)


def show_progress(progress: Progress, console: Console) -> None:
    console.print(
        _t(
            f"Progress on {progress.today.isoformat()} · {progress.reviews_done} review(s) done · "
            f"streak {progress.streak} day(s) · {progress.due_today} due today, "
            f"{progress.overdue} overdue",
            "bold",
        )
    )
    if progress.dimensions:
        first, last = progress.assessed[0], progress.assessed[-1]
        table = _table(
            f"Self-assessment: {first.isoformat()} → {last.isoformat()} "
            f"({len(progress.assessed)} assessment(s))",
            ("Dimension", "l"),
            ("First", "r"),
            ("Latest", "r"),
            ("Change", "r"),
        )
        for d in progress.dimensions:
            table.add_row(_t(d.name), str(d.first), str(d.latest), f"{d.latest - d.first:+d}")
        console.print(table)
    else:
        console.print("No saved assessment yet: run `roleadvisor assess` to track your ratings.")
    table = _table(
        "Estimated retention on interview day",
        ("Topic", "l"),
        ("Reviews", "r"),
        ("Next", "l"),
        ("Retention", "r"),
    )
    for t in progress.topics:
        table.add_row(
            _t(t.title),
            str(t.reviews),
            t.next_due.isoformat() if t.next_due else "-",
            f"{t.retention:.0%}" if t.retention is not None else "not reviewed",
        )
    console.print(table)
