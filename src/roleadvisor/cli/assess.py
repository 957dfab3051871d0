"""`roleadvisor assess` (self-assessment, questionnaire, explained recommendation) and
`roleadvisor history` (past assessments)."""

from __future__ import annotations

import shutil
import textwrap
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from roleadvisor.cli.app import (
    JsonFlag,
    app,
    current_date,
    get_kb,
    is_interactive,
    prompting_from_now_on,
    warn,
)
from roleadvisor.cli.complete import example_names
from roleadvisor.errors import UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from roleadvisor.profile import Answer

# The core and the renderers are imported inside the commands, so `--help` and the other
# commands never pay for them (see tests/test_startup.py).


@app.command()
def assess(
    ctx: typer.Context,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            metavar="FILE",
            help="Answer from a YAML or JSON file (question id -> choice id or list of ids) "
            "instead of prompting; `roleadvisor examples` shows some.",
            dir_okay=False,
        ),
    ] = None,
    example: Annotated[
        str | None,
        typer.Option(
            "--example",
            metavar="NAME",
            help="Answer from a shipped example (`roleadvisor examples` lists them).",
            autocompletion=example_names,
            show_default=False,
        ),
    ] = None,
    save_to: Annotated[
        Path | None,
        typer.Option(
            "--save-answers", metavar="FILE", help="Write the answers given to FILE for re-runs."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --save-answers overwrite an existing file.")
    ] = False,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not add this assessment to the history.")
    ] = False,
    full: Annotated[
        bool,
        typer.Option("--full", help="Show every reason and each interview loop in full."),
    ] = False,
    json_out: JsonFlag = False,
) -> None:
    """Find the roles that fit you from a short questionnaire.

    Rate yourself, answer a few questions, and get the roles that fit you, why, what is
    missing, and what their interviews test.

    \b
    Examples:
      roleadvisor assess
      roleadvisor assess --example career-transition
      roleadvisor assess --save-answers me.yaml
      roleadvisor assess --answers me.yaml --json
    """
    from roleadvisor.answers import AnswersPrompter, load_answers, save_answers
    from roleadvisor.prompting import TerminalPrompter
    from roleadvisor.questionnaire import Prompter, Walk, build_profile, walk

    kb = get_kb(ctx)
    q = kb.questionnaire
    _check_targets(save_to, force, no_save)  # before the first question: answers are not lost
    prompter: Prompter
    previous_answers: dict[str, Answer] | None = None
    if answers is not None and example is not None:
        raise UsageError("Give either --answers or --example, not both.")
    if example is not None:
        from roleadvisor.kb.examples import find_example

        answers = find_example(example).path
    if answers is not None:
        source = f"Example '{example}'" if example else f"Answers file {answers}"
        prompter = AnswersPrompter(load_answers(answers, Walk(q, kb).all_ids()), source)
    elif not is_interactive():
        raise UsageError(
            "Not a terminal: cannot ask questions. Pass --answers FILE to answer from a file, "
            "or --example NAME to try a shipped one (`roleadvisor examples` lists them)."
        )
    else:
        prompter = TerminalPrompter()
        previous_answers = _last_answers()
        prompting_from_now_on()
        intro = (
            "Five quick self-ratings, then questions on what you want to do. Arrow keys choose, "
            "Enter confirms, Esc goes back, Ctrl-C quits (nothing is saved until the end)."
        )
        width = shutil.get_terminal_size().columns
        typer.echo(textwrap.fill(intro, max(40, width - 1)) + "\n", err=True)
    given = walk(q, kb, prompter, previous_answers)
    if save_to is not None:
        save_answers(save_to, given, force)

    # imported once the questions are answered: the first question shows sooner
    from roleadvisor.assessment import (
        AssessmentResult,
        SavedAssessment,
        checkpoint_schedule,
        rating_changes,
    )
    from roleadvisor.profile import score_self_assessment
    from roleadvisor.recommend import recommend
    from roleadvisor.render import json
    from roleadvisor.render.emit import emit
    from roleadvisor.state import history

    today = current_date()
    profile = build_profile(q, kb, given)
    result = AssessmentResult(
        today=today,
        profile=profile,
        self_assessment=score_self_assessment(profile.ratings, kb.assessment),
        recommendation=recommend(profile, kb),
        checkpoints=checkpoint_schedule(kb, today),
    )
    problems: list[str] = []
    previous = history.latest_usable(SavedAssessment, problems)
    for problem in problems:  # a damaged saved assessment is kept and reported, not fatal
        warn(problem)
    saved_to: Path | None = None
    if not no_save:
        saved = SavedAssessment.of(result, datetime.now(timezone.utc))
        saved_to = history.save(saved.id, saved)
    changes = rating_changes(result.self_assessment.ratings, previous)

    def view(console: Console) -> None:
        from roleadvisor.render.assessment import assessment_view

        assessment_view(console, kb, result, changes, full=full, saved_to=saved_to)

    emit(result, json=json_out, shape=lambda r: json.assessment(r, changes), view=view)


def _last_answers() -> dict[str, Answer] | None:
    """The answers of the latest saved assessment, so a retake starts from them (none when
    there is no readable history: a first run, or a history `history` will report)."""
    from roleadvisor.assessment import SavedAssessment
    from roleadvisor.errors import StateError
    from roleadvisor.state import history

    try:  # a damaged newer file is skipped here; the history command reports it
        latest = history.latest_usable(SavedAssessment, [])
    except StateError:
        return None
    return dict(latest.profile.answers) if latest is not None else None


def _check_targets(save_to: Path | None, force: bool, no_save: bool) -> None:
    """Every file the assessment will write must be writable before anything is asked."""
    from roleadvisor.state.files import check_writable
    from roleadvisor.state.paths import assessments_dir

    if save_to is not None:
        if save_to.is_dir():
            raise UsageError(f"--save-answers {save_to} is a directory; give a file name.")
        if save_to.exists() and not force:
            raise UsageError(
                f"{save_to} already exists; pass --force to overwrite it or choose another name."
            )
        check_writable(save_to)
    if not no_save:
        check_writable(assessments_dir() / "assessment.json")


@app.command("history")
def history_command(ctx: typer.Context, json_out: JsonFlag = False) -> None:
    """List your past assessments and how your ratings changed.

    \b
    Examples:
      roleadvisor history
      roleadvisor history --json
    """
    from roleadvisor.assessment import SavedAssessment
    from roleadvisor.render.emit import emit
    from roleadvisor.state import history

    kb = get_kb(ctx)
    saved = history.load_all(SavedAssessment)
    if not saved and not json_out:
        typer.echo("No saved assessments yet. Run `roleadvisor assess` to take one.")
        return

    def view(console: Console) -> None:
        from roleadvisor.render.assessment import history_view

        history_view(console, kb, saved)

    emit(saved, json=json_out, view=view)


@app.command("fit")
def fit_command(
    ctx: typer.Context,
    role: Annotated[
        str,
        typer.Argument(
            metavar="ROLE", help="Role id, alias or name (any case).", show_default=False
        ),
    ],
    json_out: JsonFlag = False,
) -> None:
    """Explain why a role scored what it did in your latest assessment.

    Each part of the score in words, how far it trails your best fit, and what would raise it
    most.

    \b
    Examples:
      roleadvisor fit @mle
      roleadvisor fit @mle --json
    """
    from roleadvisor.assessment import SavedAssessment
    from roleadvisor.fit import explain_fit
    from roleadvisor.render.emit import emit
    from roleadvisor.state import history

    kb = get_kb(ctx)
    chosen = kb.role(role)
    latest = history.latest(SavedAssessment)
    if latest is None:
        raise UsageError("No saved assessment yet. Run `roleadvisor assess` first.")
    explanation = explain_fit(latest.profile, chosen, kb)

    def view(console: Console) -> None:
        from roleadvisor.render.fit import fit_view

        fit_view(console, explanation)

    emit(explanation, json=json_out, view=view)
