"""`plan`, `review`, `today`, `progress`: the study plan and its adaptive reviews.

The current plan and the review state live in the data directory (plan.json, reviews.json),
next to the assessment history. The planner and the review scheduler are imported inside the
commands, so other commands do not pay for them at start-up.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleadvisor.cli.app import JsonFlag, app, current_date, get_kb, is_interactive, parse_date
from roleadvisor.errors import CancelledError, UsageError
from roleadvisor.store import data_home, read_validated, write_export, write_state

if TYPE_CHECKING:
    from roleadvisor.history import SavedAssessment
    from roleadvisor.kb.base import KnowledgeBase
    from roleadvisor.planner import PlanRequest, PrepPlan
    from roleadvisor.reviews import ReviewState

DEFAULT_WEEKS = 6
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
    if interview_date:
        interview = parse_date(interview_date, "--interview-date")
        if interview <= first:
            raise UsageError(
                f"The interview date {interview} must be after the start {first}; "
                "change --interview-date or --start."
            )
        return first, interview
    return first, first + timedelta(weeks=weeks or fallback_weeks or DEFAULT_WEEKS)


def _request(
    kb: KnowledgeBase,
    names: list[str],
    start: date,
    interview: date,
    hours: float,
) -> PlanRequest:
    """The planner's input: named roles (equal shares) or the latest recommendation."""
    from roleadvisor.planner import WEAK_RATING, PlanRequest, RoleShare

    saved = _latest_assessment()
    if not names and saved is None:
        raise UsageError(
            "No saved assessment: run `roleadvisor assess` first, or name a role "
            f"(for example `roleadvisor plan {kb.roles[0].id}`)."
        )
    if names:
        ids = list(dict.fromkeys(kb.role(n).id for n in names))
        shares = [RoleShare(role_id=i, share=1 / len(ids)) for i in ids]
    else:
        assert saved is not None
        rec = saved.recommendation
        ids = rec.focus_roles()
        split = rec.dual_track.split if rec.dual_track else {}
        shares = [RoleShare(role_id=i, share=split.get(i, 1 / len(ids))) for i in ids]
    if saved is None:
        return PlanRequest(roles=shares, start=start, interview=interview, hours_per_week=hours)
    profile = saved.profile
    known = saved.recommendation.gaps
    gaps = {
        i: known[i]
        if i in known
        else [s for s in kb.role(i).skills.items if s not in profile.skills]
        for i in ids
    }
    for skill in _decoded_gaps():
        if skill in kb.skills and skill not in profile.skills and skill not in gaps[ids[0]]:
            gaps[ids[0]] = [*gaps[ids[0]], skill]
    ratings = dict(profile.ratings)
    dual = saved.recommendation.dual_track
    return PlanRequest(
        roles=shares,
        skill_gaps=gaps,
        ratings=ratings,
        weak_dimensions=[d for d, r in ratings.items() if r <= WEAK_RATING],
        background=profile.background,
        recommended=[(f.role, f.score) for f in saved.recommendation.top],
        why=dual.why if dual and not names else None,
        assessed_on=saved.today,  # the day it was taken for (taken_at is UTC)
        start=start,
        interview=interview,
        hours_per_week=hours,
    )


def _latest_assessment() -> SavedAssessment | None:
    """The newest saved assessment; the history code is imported only when one exists."""
    from roleadvisor.store import has_assessments

    if not has_assessments():
        return None
    from roleadvisor import history

    return history.latest()


def _decoded_gaps() -> list[str]:
    """Skills that `decode --add-to-plan` recorded as lacking (for the primary role)."""
    from roleadvisor.store import DECODE_GAPS_FILE, read_state

    data = read_state(data_home() / DECODE_GAPS_FILE, "plan gaps")
    skills = data.get("skills") if isinstance(data, dict) else None
    return [s for s in skills if isinstance(s, str)] if isinstance(skills, list) else []


# --- saved plan and review state ---------------------------------------------------------------


def plan_path() -> Path:
    return data_home() / "plan.json"


def reviews_path() -> Path:
    return data_home() / "reviews.json"


def load_plan() -> PrepPlan:
    from roleadvisor.planner import PrepPlan

    plan: PrepPlan | None = read_validated(plan_path(), "study plan", PrepPlan)
    if plan is None:
        raise UsageError("No study plan yet: run `roleadvisor plan` first.")
    return plan


def load_reviews() -> ReviewState:
    from roleadvisor.reviews import ReviewState

    state: ReviewState | None = read_validated(reviews_path(), "review state", ReviewState)
    return state or ReviewState()


# --- commands ----------------------------------------------------------------------------------


@app.command("plan")
def plan_command(
    ctx: typer.Context,
    roles: Annotated[
        list[str] | None,
        typer.Argument(
            help="Roles to prepare for (id, alias or name). Default: the latest assessment's "
            "recommendation, both roles of a dual track.",
            show_default=False,
        ),
    ] = None,
    interview_date: Annotated[
        str | None,
        typer.Option("--interview-date", help="Interview date, YYYY-MM-DD.", show_default=False),
    ] = None,
    weeks: Annotated[
        int | None,
        typer.Option(
            "--weeks",
            help=f"Weeks until the interview (default: the assessment's timeline, "
            f"else {DEFAULT_WEEKS}).",
            show_default=False,
        ),
    ] = None,
    hours_per_week: Annotated[
        float, typer.Option("--hours-per-week", help="Study hours per week.")
    ] = 8.0,
    start: Annotated[
        str | None,
        typer.Option(
            "--start", help="First study day, YYYY-MM-DD (default: today).", show_default=False
        ),
    ] = None,
    export: Annotated[
        list[Path] | None,
        typer.Option(
            "--export",
            help="Also write the plan to FILE.md (Markdown) or FILE.ics (calendar); repeatable.",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite existing export files.")
    ] = False,
    json_out: JsonFlag = False,
) -> None:
    """Build a day-by-day study plan up to the interview and make it the current plan.

    Without a role it plans for your latest assessment (both roles of a dual track).

    \b
    Examples:
      roleadvisor plan
      roleadvisor plan ai-engineer --weeks 6 --hours-per-week 8
      roleadvisor plan mle aie --interview-date 2027-01-15 --export plan.md --export plan.ics
    """
    from roleadvisor.planner import build_plan

    if not hours_per_week > 0 or hours_per_week > 168:
        raise UsageError(
            f"--hours-per-week must be more than 0 and at most 168, not {hours_per_week:g}."
        )
    targets = list(export or [])
    for path in targets:
        if path.suffix.lower() not in EXPORT_KINDS:
            raise UsageError(f"--export {path}: give a file ending in .md or .ics.")
        if path.is_dir():
            raise UsageError(f"--export {path} is a directory; give a file name such as plan.md.")
        if path.exists() and not force:
            raise UsageError(f"{path} already exists; pass --force to overwrite it.")
    kb = get_kb(ctx)
    fallback = None
    if not roles:
        saved = _latest_assessment()
        fallback = saved.profile.constraints.timeline_weeks if saved else None
    first, interview = _dates(start, interview_date, weeks, fallback)
    request = _request(kb, list(roles or []), first, interview, hours_per_week)
    plan = build_plan(request, kb)
    for path in targets:
        if path.suffix.lower() == ".md":
            from roleadvisor.render.markdown import plan_markdown

            write_export(path, plan_markdown(plan, kb), force)
        else:
            from roleadvisor.render.ics import plan_ics

            write_export(path, plan_ics(plan, kb, datetime.now(timezone.utc)), force)
    write_state(plan_path(), plan.model_dump(mode="json"))
    if json_out:
        from roleadvisor.render.console import print_json

        print_json({**plan.model_dump(mode="json"), "fits": plan.fits})
        return
    from roleadvisor.render.console import make_console
    from roleadvisor.render.plan import show_plan

    console = make_console()
    show_plan(plan, kb, console)
    for path in targets:
        console.print(f"Wrote {path}")


RATINGS = ("again", "hard", "good", "easy")


@app.command("review")
def review_command(
    topic: Annotated[
        str | None,
        typer.Argument(
            help="Topic id or title (or an unambiguous part of it).", show_default=False
        ),
    ] = None,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating", help="How the review went: again, hard, good or easy.", show_default=False
        ),
    ] = None,
    json_out: JsonFlag = False,
) -> None:
    """Record a review of a topic and reschedule it (asks when no topic or rating is given).

    \b
    Examples:
      roleadvisor review
      roleadvisor review "ML depth" --rating good
    """
    from roleadvisor.reviews import Rating, agenda, find_topic, record_review

    if rating is not None and rating.strip().lower() not in RATINGS:
        raise UsageError(f"--rating '{rating}' is not one of {', '.join(RATINGS)}.")
    plan = load_plan()
    state = load_reviews()
    today = current_date()
    topic_id = find_topic(plan, topic) if topic else None
    if topic_id is None or rating is None:
        if not is_interactive():
            raise UsageError(
                "review asks in a terminal; without one, give a TOPIC and "
                "--rating again|hard|good|easy."
            )
        day = agenda(plan, state, today)
        first = [i.topic_id for i in (*day.overdue, *day.due)]
        topic_id, rating = _ask(plan, topic_id, rating, first)
    state, record = record_review(plan, state, topic_id, Rating(rating.strip().lower()), today)
    write_state(reviews_path(), state.model_dump(mode="json"))
    found = plan.topic(topic_id)
    title = found.title if found else topic_id
    if json_out:
        from roleadvisor.render.console import print_json

        print_json({"topic": topic_id, "title": title, **record.model_dump(mode="json")})
        return
    from roleadvisor.render.console import make_console
    from roleadvisor.render.plan import show_review

    show_review(title, record, make_console())


def _ask(
    plan: PrepPlan, topic_id: str | None, rating: str | None, first: list[str]
) -> tuple[str, str]:
    """Ask for what is missing; Ctrl-C cancels and nothing is written."""
    import questionary  # only when someone is really being asked

    try:
        if topic_id is None:
            order = list(dict.fromkeys([*first, *(t.id for t in plan.topics)]))
            titles = {t.id: t.title for t in plan.topics}
            choices = [
                questionary.Choice(("due · " if i in first else "") + titles[i], i) for i in order
            ]
            topic_id = questionary.select(
                "Which topic did you review?", choices=choices
            ).unsafe_ask()
        if rating is None:
            rating = questionary.select(
                "How did it go?",
                choices=[
                    questionary.Choice("again - could not recall it", "again"),
                    questionary.Choice("hard - recalled with effort", "hard"),
                    questionary.Choice("good - recalled it", "good"),
                    questionary.Choice("easy - effortless", "easy"),
                ],
                default=None,
            ).unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise CancelledError("Review cancelled; nothing was recorded.") from None
    if topic_id is None or rating is None:
        raise CancelledError("Review cancelled; nothing was recorded.")
    return str(topic_id), str(rating)


@app.command("today")
def today_command(json_out: JsonFlag = False) -> None:
    """Show what is due today and what is overdue in the current plan.

    \b
    Examples:
      roleadvisor today
      roleadvisor today --json
    """
    from roleadvisor.reviews import agenda

    result = agenda(load_plan(), load_reviews(), current_date())
    if json_out:
        from roleadvisor.render.console import print_json

        print_json(result.model_dump(mode="json"))
        return
    from roleadvisor.render.console import make_console
    from roleadvisor.render.plan import show_agenda

    show_agenda(result, make_console())


@app.command("progress")
def progress_command(ctx: typer.Context, json_out: JsonFlag = False) -> None:
    """Show rating changes across assessments, reviews done, streak, what is due and retention.

    \b
    Examples:
      roleadvisor progress
      roleadvisor progress --json
    """
    from roleadvisor import history
    from roleadvisor.reviews import progress

    plan = load_plan()
    state = load_reviews()
    kb = get_kb(ctx)
    assessments = [(s.today, dict(s.profile.ratings)) for s in history.load_all()]
    names = {d.id: d.name for d in kb.assessment.dimensions}
    result = progress(plan, state, current_date(), assessments, names)
    if json_out:
        from roleadvisor.render.console import print_json

        print_json(result.model_dump(mode="json"))
        return
    from roleadvisor.render.console import make_console
    from roleadvisor.render.plan import show_progress

    show_progress(result, make_console())
