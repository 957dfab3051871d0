"""`review`, `today`, `progress`: the adaptive reviews of the current plan.

They read the plan `roleadvisor plan` saved and the review state beside it (see
roleadvisor.state); the review scheduler is imported inside the commands, so other commands do
not pay for it at start-up.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from roleadvisor.cli.app import (
    JsonFlag,
    app,
    current_date,
    get_kb,
    is_interactive,
    prompting_from_now_on,
)
from roleadvisor.errors import CancelledError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from roleadvisor.plan_models import PrepPlan
    from roleadvisor.reviews import ReviewState

RATINGS = ("again", "hard", "good", "easy")
CHECKPOINT_WORD = "checkpoint"
ARROWS = "(arrows choose, Enter confirms)"  # the questionnaire's instruction style


def load_plan() -> PrepPlan:
    from roleadvisor.plan_models import PrepPlan
    from roleadvisor.state.study import read_plan

    plan = read_plan(PrepPlan)
    if plan is None:
        raise UsageError("No study plan yet: run `roleadvisor plan` first.")
    return plan


def load_reviews() -> ReviewState:
    from roleadvisor.reviews import ReviewState
    from roleadvisor.state.study import read_reviews

    return read_reviews(ReviewState) or ReviewState()


def _checkpoint_done(plan: PrepPlan, today: date, json_out: bool) -> None:
    """`review checkpoint`: the earliest checkpoint due is marked done, under the lock."""
    from roleadvisor.render.emit import emit
    from roleadvisor.reviews import ReviewState, mark_checkpoint
    from roleadvisor.state.study import update_reviews

    session = update_reviews(
        ReviewState, ReviewState(), lambda now: mark_checkpoint(plan, now, today)
    )

    def view(console: Console) -> None:
        from roleadvisor.render.plan import show_checkpoint_done

        show_checkpoint_done(session, console)

    emit(session, json=json_out, view=view)


@app.command("review")
def review_command(
    ctx: typer.Context,
    topic: Annotated[
        str | None,
        typer.Argument(
            metavar="TOPIC",
            help="Topic id or title (or an unambiguous part of it).", show_default=False
        ),
    ] = None,
    rating: Annotated[
        str | None,
        typer.Option(
            "--rating",
            metavar="RATING",
            help="How the review went: again, hard, good or easy.", show_default=False
        ),
    ] = None,
    json_out: JsonFlag = False,
) -> None:
    """Record a review of a topic and reschedule it.

    Asks in a terminal when no topic or rating is given; `review checkpoint` marks the
    checkpoint that is due as done.

    \b
    Examples:
      roleadvisor review
      roleadvisor review "ML system design" --rating good
      roleadvisor review checkpoint
    """
    from roleadvisor.reviews import Rating, ReviewState, agenda, find_topic, record_review
    from roleadvisor.state.study import update_reviews

    if rating is not None and rating.strip().lower() not in RATINGS:
        raise UsageError(f"--rating '{rating}' is not one of {', '.join(RATINGS)}.")
    plan = load_plan()
    state = load_reviews()
    today = current_date()
    if topic is not None and topic.strip().lower() == CHECKPOINT_WORD:
        _checkpoint_done(plan, today, json_out)
        return
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
    chosen = Rating(rating.strip().lower())
    tuning = get_kb(ctx).study.reviews
    # read again under the lock: another run may have recorded a review meanwhile
    record = update_reviews(
        ReviewState,
        ReviewState(),
        lambda now: record_review(plan, now, topic_id, chosen, today, tuning),
    )
    found = plan.topic(topic_id)
    title = found.title if found else topic_id
    from roleadvisor.render import json
    from roleadvisor.render.emit import emit
    from roleadvisor.render.plan import show_review

    emit(
        record,
        json=json_out,
        shape=lambda r: json.review(topic_id, title, r),
        view=lambda c: show_review(title, record, c),
    )


def _ask(
    plan: PrepPlan, topic_id: str | None, rating: str | None, first: list[str]
) -> tuple[str, str]:
    """Ask for what is missing; Ctrl-C cancels and nothing is written."""
    import questionary  # only when someone is really being asked

    prompting_from_now_on()

    try:
        if topic_id is None:
            order = list(dict.fromkeys([*first, *(t.id for t in plan.topics)]))
            titles = {t.id: t.title for t in plan.topics}
            choices = [
                questionary.Choice(("due · " if i in first else "") + titles[i], i) for i in order
            ]
            topic_id = questionary.select(
                "Which topic did you review?", choices=choices, instruction=ARROWS
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
                instruction=ARROWS,
            ).unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise CancelledError("Review cancelled; nothing was recorded.") from None
    if topic_id is None or rating is None:
        raise CancelledError("Review cancelled; nothing was recorded.")
    return str(topic_id), str(rating)


@app.command("today")
def today_command(json_out: JsonFlag = False) -> None:
    """Show what is due today and what is overdue.

    Reads the current plan (from `roleadvisor plan`).

    \b
    Examples:
      roleadvisor today
      roleadvisor today --json
    """
    from roleadvisor.render.emit import emit
    from roleadvisor.render.plan import show_agenda
    from roleadvisor.reviews import agenda

    result = agenda(load_plan(), load_reviews(), current_date())
    emit(result, json=json_out, view=lambda c: show_agenda(result, c))


@app.command("progress")
def progress_command(ctx: typer.Context, json_out: JsonFlag = False) -> None:
    """Show your reviews, streak, rating changes and retention.

    Rating changes across assessments, reviews done, what is due, and each topic's expected
    retention on interview day.

    \b
    Examples:
      roleadvisor progress
      roleadvisor progress --json
    """
    from roleadvisor.assessment import SavedAssessment
    from roleadvisor.progress import progress
    from roleadvisor.render.emit import emit
    from roleadvisor.render.plan import show_progress
    from roleadvisor.state import history

    plan = load_plan()
    state = load_reviews()
    kb = get_kb(ctx)
    saved = history.load_all(SavedAssessment)
    assessments = [(s.today, dict(s.profile.ratings)) for s in saved]
    names = kb.dimension_names
    result = progress(plan, state, current_date(), assessments, names)
    emit(result, json=json_out, view=lambda c: show_progress(result, c))
