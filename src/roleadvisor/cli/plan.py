"""`plan`: a dated study plan up to the interview, which becomes the current plan.

The current plan lives in the data directory (see roleadvisor.state), next to the assessment
history; `review`, `today` and `progress` (cli.reviews) work from it. The planner is imported
inside the command, so other commands do not pay for it at start-up.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleadvisor.cli.app import (
    JsonFlag,
    app,
    current_date,
    get_kb,
    is_interactive,
    parse_date,
    warn,
)
from roleadvisor.cli.complete import role_names
from roleadvisor.errors import CancelledError, StateError, UsageError, validating
from roleadvisor.state.files import check_writable, write_export

if TYPE_CHECKING:
    from rich.console import Console

    from roleadvisor.assessment import SavedAssessment
    from roleadvisor.kb.base import KnowledgeBase

DEFAULT_WEEKS = 6
DEFAULT_HOURS = 8.0
EXPORT_KINDS = (".md", ".ics")


# --- inputs ------------------------------------------------------------------------------------


def _dates(
    start: str | None, interview_date: str | None, weeks: int | None, fallback_weeks: int | None
) -> tuple[date, date]:
    first = parse_date(start, "--start") if start else current_date()
    if interview_date and weeks is not None:
        raise UsageError("Give either --interview-date or --weeks, not both.")
    if weeks is not None and weeks <= 0:
        raise UsageError(f"--weeks must be a positive number of weeks, not {weeks}.")
    from roleadvisor.plan_models import HORIZON, MAX_HORIZON_WEEKS

    if weeks is not None and weeks > MAX_HORIZON_WEEKS:
        raise UsageError(f"--weeks {weeks} is too far ahead: plans reach at most {HORIZON}.")
    if interview_date:
        return first, parse_date(interview_date, "--interview-date")
    span = min(weeks or fallback_weeks or DEFAULT_WEEKS, MAX_HORIZON_WEEKS)
    return first, first + timedelta(weeks=span)


def _latest_assessment(strict: bool) -> SavedAssessment | None:
    """The newest saved assessment; the history code is imported only when one exists.

    `strict`: the plan is made from it, so a damaged newest file stops the command; otherwise
    (a role was named) damaged files are reported and the newest readable one is used."""
    from roleadvisor.state.history import has_assessments

    if not has_assessments():
        return None
    from roleadvisor.assessment import SavedAssessment
    from roleadvisor.state import history

    if strict:
        return history.latest(SavedAssessment)
    problems: list[str] = []
    saved = history.latest_usable(SavedAssessment, problems)
    for problem in problems:
        warn(problem)
    return saved


def _known_roles(kb: KnowledgeBase, saved: SavedAssessment) -> list[str]:
    """The saved recommendation's roles the knowledge base still has; the others are reported.
    None left is a usage error that says what to do."""
    focus = saved.recommendation.focus_roles()
    ids = {role.id for role in kb.roles}
    known = [r for r in focus if r in ids]
    gone = [r for r in focus if r not in known]
    if gone and not known:
        raise UsageError(
            f"Your latest assessment recommends {', '.join(gone)}, which the knowledge base no "
            "longer has; name a role (`roleadvisor roles` lists them) or run "
            "`roleadvisor assess` again."
        )
    if gone:
        warn(
            f"Your latest assessment recommends {', '.join(gone)}, which the knowledge base no "
            f"longer has; planning for {', '.join(known)} only."
        )
    return known if gone else []


def _check_exports(targets: list[Path], force: bool) -> None:
    """Every export target, and the plan's own file, checked before anything is written: a
    later one failing must not leave earlier ones written and the plan unsaved."""
    seen: set[Path] = set()
    for path in targets:
        if path.suffix.lower() not in EXPORT_KINDS:
            raise UsageError(f"--export {path}: give a file ending in .md or .ics.")
        where = path.expanduser().resolve()
        if where in seen:
            raise UsageError(f"--export {path} is given twice; give each file once.")
        seen.add(where)
        if path.is_dir():
            raise UsageError(f"--export {path} is a directory; give a file name such as plan.md.")
        if path.exists() and not force:
            raise UsageError(f"{path} already exists; pass --force to overwrite it.")
        check_writable(path)
    from roleadvisor.state.paths import plan_path

    check_writable(plan_path())  # the plan itself is saved after the exports


# --- commands ----------------------------------------------------------------------------------


@app.command("plan")
def plan_command(
    ctx: typer.Context,
    roles: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="ROLE...",
            help="Roles to prepare for (id, alias or name). Default: the latest assessment's "
            "recommendation, both roles of a dual track.",
            show_default=False,
            autocompletion=role_names,
        ),
    ] = None,
    interview_date: Annotated[
        str | None,
        typer.Option(
            "--interview-date",
            metavar="DATE",
            help="Interview date, YYYY-MM-DD.",
            show_default=False,
        ),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            metavar="WEEKS",
            help=f"Weeks until the interview (default: the assessment's timeline, "
            f"else {DEFAULT_WEEKS}).",
            show_default=False,
        ),
    ] = None,
    hours_per_week: Annotated[
        float | None,
        typer.Option(
            "--hours-per-week",
            metavar="HOURS",
            help=f"Study hours per week (default: {DEFAULT_HOURS:g}).",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="DATE",
            help="First study day, YYYY-MM-DD (default: today).", show_default=False
        ),
    ] = None,
    export: Annotated[
        list[Path] | None,
        typer.Option(
            "--export",
            metavar="FILE",
            help="Also write the plan to FILE.md (Markdown) or FILE.ics (calendar); repeatable.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite existing export files.")
    ] = False,
    full: Annotated[
        bool, typer.Option("--full", help="Show every week's sessions and every topic's material.")
    ] = False,
    json_out: JsonFlag = False,
) -> None:
    """Build a day-by-day study plan up to your interview.

    The plan becomes the current plan. Without a role it plans for your latest assessment
    (both roles of a dual track).

    \b
    Examples:
      roleadvisor plan
      roleadvisor plan @ai-engineer --weeks 6 --hours-per-week 8
      roleadvisor plan @mle @aie --interview-date 2027-01-15 --export plan.md --export plan.ics
    """
    from roleadvisor.planner import build_plan, plan_request
    from roleadvisor.render import json
    from roleadvisor.render.emit import emit
    from roleadvisor.state.gaps import decoded_gaps
    from roleadvisor.state.study import write_plan

    targets = list(export or [])
    _check_exports(targets, force)
    kb = get_kb(ctx)
    names = list(roles or [])
    saved = _latest_assessment(strict=not names)
    fallback = saved.profile.constraints.timeline_weeks if saved and not names else None
    first, interview = _dates(start, interview_date, weeks, fallback)
    timeline = saved.profile.constraints.timeline_label if fallback and saved else None
    origins = _origins(hours_per_week, interview, interview_date, weeks, timeline)
    if not (interview_date or weeks or fallback or json_out) and is_interactive():
        asked = hours_per_week is None
        hours_per_week, interview = _ask_schedule(hours_per_week, first)
        origins = [f"{hours_per_week:g} h per week (your answer)"] if asked else []
        origins.append(f"interview {interview.isoformat()} (your answer)")
    hours = DEFAULT_HOURS if hours_per_week is None else hours_per_week
    if saved is not None and not names:
        names = _known_roles(kb, saved)
    gaps: list[str] = []
    if saved is not None:
        try:
            gaps = decoded_gaps()
        except StateError as exc:  # reported, and the plan is made without them
            warn(exc.message)
    # the request validates the hours and dates once; a bad one is a one-line usage error
    with validating({"hours_per_week": "--hours-per-week"}, "change --interview-date or --start"):
        request = plan_request(kb, names, saved, gaps, first, interview, hours)
    plan = build_plan(request, kb)
    for path in targets:
        if path.suffix.lower() == ".md":
            from roleadvisor.render.markdown import plan_markdown

            write_export(path, plan_markdown(plan, kb), force)
        else:
            from roleadvisor.render.ics import plan_ics

            write_export(path, plan_ics(plan, kb, datetime.now(timezone.utc)), force)
    write_plan(plan)

    def view(console: Console) -> None:
        from roleadvisor.render.plan import plan_header, show_plan

        if not targets:
            show_plan(plan, kb, console, full=full, origins=origins, today=current_date())
            return
        # an export is the long form: say what was written, and the plan in two lines
        for path in targets:
            console.print(f"Wrote {path}", soft_wrap=True)
        console.print(plan_header(plan, kb))

    emit(plan, json=json_out, shape=json.plan, view=view)


def _origins(
    hours: float | None,
    interview: date,
    interview_date: str | None,
    weeks: int | None,
    timeline: str | None,
) -> list[str]:
    """Where the plan's hours and date came from, so a default is never mistaken for a fact."""
    lines = []
    if hours is None:
        lines.append(f"{DEFAULT_HOURS:g} h per week (default; set --hours-per-week)")
    if interview_date is None:
        if weeks is not None:
            why = f"{weeks} weeks from the start, from --weeks"
        elif timeline is not None:
            why = f"from your answer '{timeline.lower()}'; set --interview-date"
        else:
            why = f"default: {DEFAULT_WEEKS} weeks; set --interview-date"
        lines.append(f"interview {interview.isoformat()} ({why})")
    return lines


def _ask_schedule(hours: float | None, first: date) -> tuple[float, date]:
    """Ask a person at a terminal for what the plan cannot know: their weekly hours (when not
    given) and the interview date. Ctrl-C cancels, nothing is written."""
    import questionary  # only when someone is really being asked

    from roleadvisor.plan_models import MAX_WEEKLY_HOURS

    def hours_ok(text: str) -> bool | str:
        try:
            value = float(text)
        except ValueError:
            return "a number of hours, such as 8"
        return 0 < value <= MAX_WEEKLY_HOURS or f"more than 0 and at most {MAX_WEEKLY_HOURS}"

    def date_ok(text: str) -> bool | str:
        try:
            return date.fromisoformat(text.strip()) > first or f"a date after {first}"
        except ValueError:
            return "a date as YYYY-MM-DD"

    default_day = (first + timedelta(weeks=DEFAULT_WEEKS)).isoformat()
    try:
        if hours is None:
            answer = questionary.text(
                "Hours per week you can study?", default=f"{DEFAULT_HOURS:g}", validate=hours_ok
            ).unsafe_ask()
            hours = float(answer)
        day = questionary.text(
            "Interview date (YYYY-MM-DD)?", default=default_day, validate=date_ok
        ).unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise CancelledError("Plan cancelled; nothing was written.") from None
    if day is None:
        raise CancelledError("Plan cancelled; nothing was written.")
    return hours, date.fromisoformat(str(day).strip())
