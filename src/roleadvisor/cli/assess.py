"""`roleadvisor assess` (self-assessment, questionnaire, explained recommendation) and
`roleadvisor history` (past assessments)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Annotated

import typer

from roleadvisor.cli.app import JsonFlag, app, current_date, get_kb, is_interactive
from roleadvisor.errors import UsageError

# The core and the renderers are imported inside the commands, so `--help` and the other
# commands never pay for them (see tests/test_startup.py).


@app.command()
def assess(
    ctx: typer.Context,
    answers: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answer from a YAML or JSON file (question id -> choice id or list of ids) "
            "instead of prompting; see examples/.",
            dir_okay=False,
        ),
    ] = None,
    save_to: Annotated[
        Path | None,
        typer.Option("--save-answers", help="Write the answers given to FILE for re-runs."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --save-answers overwrite an existing file.")
    ] = False,
    no_save: Annotated[
        bool, typer.Option("--no-save", help="Do not add this assessment to the history.")
    ] = False,
    json_out: JsonFlag = False,
) -> None:
    """Rate yourself, answer a short questionnaire, and get the roles that fit you, why, what
    is missing, and what their interviews test.

    \b
    Examples:
      roleadvisor assess
      roleadvisor assess --save-answers me.yaml
      roleadvisor assess --answers examples/handbook/role-matching.yaml --json
    """
    from roleadvisor.prompting import AnswersPrompter, TerminalPrompter, load_answers, save_answers
    from roleadvisor.questionnaire import Prompter, Walk, build_profile, questionnaire_of, walk

    kb = get_kb(ctx)
    q = questionnaire_of(kb)
    prompter: Prompter
    if answers is not None:
        prompter = AnswersPrompter(
            load_answers(answers, Walk(q, kb).all_ids()), f"Answers file {answers}"
        )
    elif not is_interactive():
        raise UsageError(
            "Not a terminal: cannot ask questions. Pass --answers FILE to answer from a file "
            "(see examples/)."
        )
    else:
        prompter = TerminalPrompter()
        intro = (
            "Five quick self-ratings, then questions on what you want to do. Arrow keys choose, "
            "Enter confirms, Esc goes back, Ctrl-C quits (nothing is saved until the end)."
        )
        width = shutil.get_terminal_size().columns
        typer.echo(textwrap.fill(intro, max(40, width - 1)) + "\n", err=True)
    given = walk(q, kb, prompter)
    if save_to is not None:
        save_answers(save_to, given, force)

    # imported once the questions are answered: the first question shows sooner
    from roleadvisor import history
    from roleadvisor.profile import score_self_assessment
    from roleadvisor.recommend import AssessmentResult, checkpoint_schedule, recommend
    from roleadvisor.render.console import print_json

    today = current_date()
    profile = build_profile(q, kb, given)
    result = AssessmentResult(
        today=today,
        profile=profile,
        self_assessment=score_self_assessment(profile.ratings, kb.assessment),
        recommendation=recommend(profile, kb, q),
        checkpoints=checkpoint_schedule(kb, today),
    )
    previous = history.latest()
    if not no_save:
        history.save(result)
    changes = history.changes(result.self_assessment.ratings, previous)
    if json_out:
        data = result.model_dump(mode="json")
        data["changes_since_last"] = changes
        print_json(data)
        return
    from roleadvisor.render.assessment import assessment_view
    from roleadvisor.render.console import make_console

    assessment_view(make_console(), kb, result, changes)


@app.command("history")
def history_command(ctx: typer.Context, json_out: JsonFlag = False) -> None:
    """List your past assessments and how your self-assessment changed between them.

    \b
    Examples:
      roleadvisor history
      roleadvisor history --json
    """
    from roleadvisor import history
    from roleadvisor.render.console import print_json

    kb = get_kb(ctx)
    saved = history.load_all()
    if json_out:
        print_json([s.model_dump(mode="json") for s in saved])
        return
    if not saved:
        typer.echo("No saved assessments yet. Run `roleadvisor assess` to take one.")
        return
    from roleadvisor.render.assessment import history_view
    from roleadvisor.render.console import make_console

    history_view(make_console(), kb, saved)
