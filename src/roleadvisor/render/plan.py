"""Rich views of a study plan, today's agenda, a recorded review and progress.

Text from the knowledge base enters only as `rich.text.Text` (cleaned, never parsed as markup).
Every table lets its text columns wrap, so the views stay readable at 60 columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.labels import emphasis_word, plural
from roleadvisor.plan_models import Activity, PrepPlan, Session, Topic, WeekSummary
from roleadvisor.render.console import clean, hanging

if TYPE_CHECKING:  # annotations only: `plan` never imports the review scheduler
    from roleadvisor.progress import Progress
    from roleadvisor.reviews import Agenda, ReviewRecord


def _t(text: str, style: str = "") -> Text:
    return Text(clean(text), style=style)


def _table(title: str, *columns: tuple[str, str]) -> Table:
    table = Table(title=_t(title, "bold"), title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    for name, justify in columns:
        table.add_column(name, justify="right" if justify == "r" else "left", overflow="fold")
    return table


def _show(console: Console, table: Table) -> None:
    """A table under its title: the title is a heading of its own, never wrapped to the
    width of a narrow table."""
    if table.title is not None:
        console.print(table.title, soft_wrap=False)
        table.title = None
    console.print(table)


def _hours(minutes: int) -> str:
    return f"{minutes / 60:.1f} h"


def plan_header(plan: PrepPlan, kb: KnowledgeBase, origins: Sequence[str] = ()) -> Text:
    """The plan in two lines, then where each setting came from (`origins`, one a line)."""
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
    for origin in origins:
        text.append(f"\n  {clean(origin)}", style="dim")
    return text


def _notices(plan: PrepPlan) -> list[Text]:
    lines = []
    if not plan.fits:
        lines.append(_t("Does not fit: " + plan.shortfall_text(), "bold red"))
    if plan.skipped_reviews:
        lines.append(
            _t(
                f"{plural(plan.skipped_reviews, 'spaced review')} had no room and were left out.",
                "yellow",
            )
        )
    if plan.unstudied_gaps:
        lines.append(
            _t(
                "Not scheduled (no round of the loop covers them, so there is no material to "
                "study): " + ", ".join(plan.unstudied_gaps),
                "yellow",
            )
        )
    return lines


def _week_days(plan: PrepPlan, week: WeekSummary, width: int) -> list[Text]:
    lines = [
        Text(),
        _t(
            f"Week {week.number} · {week.first.isoformat()} – {week.last.isoformat()} · "
            f"{week.used} of {week.budget} min",
            "bold",
        ),
    ]
    for s in plan.sessions:
        if s.week == week.number:
            prefix = f"  {s.day.strftime('%a %d %b')}  {s.activity.value:<10} {s.minutes:>4}  "
            lines.append(hanging(prefix, s.title, width))
            if s.activity is Activity.checkpoint and s.detail:
                lines.append(hanging(" " * len(prefix), s.detail, width, style="dim"))
    return lines


def _week_line(plan: PrepPlan, week: WeekSummary, width: int) -> Text:
    """A later week in one line: its dates, load and what it works on."""
    titles = dict.fromkeys(
        s.title for s in plan.sessions if s.week == week.number and s.topic_id is not None
    )
    head = Text(
        f"Week {week.number} · {week.first.strftime('%d %b')} – {week.last.strftime('%d %b')} · "
        f"{_hours(week.used)}: ",
        style="bold",
    )
    head.append(clean(", ".join(titles) or "rest"))
    head.truncate(width, overflow="ellipsis")
    return head


def show_plan(
    plan: PrepPlan,
    kb: KnowledgeBase,
    console: Console,
    *,
    full: bool = False,
    origins: Sequence[str] = (),
    today: date | None = None,
) -> None:
    """The summary, this week and next day by day, later weeks a line each (`full`: every
    session, the totals and every topic's material)."""
    lines: list[Text] = [plan_header(plan, kb, origins), *_notices(plan)]
    width = console.width
    lines += [Text(), _t(f"  {'Date':<10}  {'Activity':<10} {'Min':>4}  Topic", "dim")]
    when = today or plan.request.start
    current = next((w.number for w in plan.weeks if w.last >= when), 1)
    later: list[Text] = []
    for week in plan.weeks:
        if full or week.number in (current, current + 1):
            lines += _week_days(plan, week, width)
        elif week.number > current:
            later.append(_week_line(plan, week, width))
    if later:
        lines += [Text(), _t("Later weeks", "bold"), *later]
    # one print for the whole listing: each rich print has a fixed cost worth avoiding here
    console.print(Text("\n").join(lines))
    console.print()
    if not full:
        show_topic_lines(plan, console)
        console.print()
        console.print(
            _t("Every session and what to study for each topic: roleadvisor plan --full", "dim")
        )
        return
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
    _show(console, totals)
    show_topics(plan, console)


def _weight(topic: Topic) -> str:
    return emphasis_word(topic.weight)


def show_topic_lines(plan: PrepPlan, console: Console) -> None:
    """Each topic in one line: how much it counts, its time, the gaps it closes."""
    minutes = {t.topic_id: (t.sessions, t.minutes) for t in plan.totals()}
    lines = [_t("Topics, heaviest first", "bold")]
    for topic in plan.topics:
        sessions, mins = minutes.get(topic.id, (0, 0))
        line = Text.assemble(
            (clean(topic.title), "bold"), f" · {_weight(topic)} · {plural(sessions, 'session')}, "
        )
        line.append(_hours(mins))
        if topic.covers:
            line.append(clean(" · covers your gaps: " + ", ".join(topic.covers)), style="dim")
        line.truncate(console.width, overflow="ellipsis")
        lines.append(line)
    console.print(Text("\n").join(lines))


def show_topics(plan: PrepPlan, console: Console) -> None:
    """What each topic's sessions are for: what the round tests, what to study, what to skip."""
    width = console.width
    lines = [_t("What to study", "bold")]
    for topic in plan.topics:
        lines.append(Text())
        lines.append(Text.assemble((clean(topic.title), "bold"), f"  {_weight(topic)}"))
        if topic.tests:
            lines.append(hanging("  Tests: ", topic.tests, width, prefix_style="italic"))
        if topic.covers:
            lines.append(hanging("  Covers your gaps: ", ", ".join(topic.covers), width))
        lines += [hanging("  • ", item, width) for item in topic.study]
        if topic.skip:
            lines.append(hanging("  Skip: ", "; ".join(topic.skip), width, style="dim"))
    console.print(Text("\n").join(lines))


def show_agenda(agenda: Agenda, console: Console) -> None:
    console.print(
        _t(
            f"Today {agenda.today.isoformat()} · "
            f"{plural(agenda.days_left, 'day')} to the interview",
            "bold",
        )
    )
    if agenda.days_left <= 0:
        console.print("The interview date has passed; run `roleadvisor plan` for a new plan.")
        return
    if agenda.due or agenda.checkpoints:
        table = _table("Due today", ("Topic", "l"), ("Status", "l"))
        for cp in agenda.checkpoints:
            late = "" if cp.day == agenda.today else f", from {cp.day.isoformat()}"
            table.add_row(_t(f"{cp.title} · {cp.detail}"), f"checkpoint{late}")
        for item in agenda.due:
            table.add_row(_t(item.title), "review" if item.reviewed else "first study")
        _show(console, table)
    else:
        console.print("Nothing due today.")
    if agenda.overdue:
        table = _table("Overdue", ("Topic", "l"), ("Due", "l"), ("Late", "r"))
        for item in agenda.overdue:
            table.add_row(_t(item.title), item.due.isoformat(), f"{item.days_overdue} d")
        _show(console, table)
    if agenda.sessions:
        table = _table("Planned for today", ("Topic", "l"), ("Activity", "l"), ("Min", "r"))
        for s in agenda.sessions:
            table.add_row(_t(s.title), s.activity.value, str(s.minutes))
        _show(console, table)
    if agenda.due or agenda.overdue:
        console.print("Record a review with `roleadvisor review TOPIC --rating good`.")
    if agenda.checkpoints:
        console.print("Mark the checkpoint done with `roleadvisor review checkpoint`.")


def show_checkpoint_done(session: Session, console: Console) -> None:
    line = Text("Checkpoint done: ")
    line.append(_t(session.detail or session.title, "bold"))
    console.print(line)


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
            f"Progress on {progress.today.isoformat()} · "
            f"{plural(progress.reviews_done, 'review')} done · "
            f"streak {plural(progress.streak, 'day')} · {progress.due_today} due today, "
            f"{progress.overdue} overdue",
            "bold",
        )
    )
    if progress.dimensions:
        first, last = progress.assessed[0], progress.assessed[-1]
        table = _table(
            f"Self-assessment: {first.isoformat()} → {last.isoformat()} "
            f"({plural(len(progress.assessed), 'assessment')})",
            ("Dimension", "l"),
            ("First", "r"),
            ("Latest", "r"),
            ("Change", "r"),
        )
        for d in progress.dimensions:
            table.add_row(_t(d.name), str(d.first), str(d.latest), f"{d.latest - d.first:+d}")
        _show(console, table)
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
    _show(console, table)
