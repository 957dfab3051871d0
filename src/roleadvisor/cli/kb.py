"""`roleadvisor kb`: check a knowledge base, start an editable copy, write its JSON Schema."""

from __future__ import annotations

from typing import Annotated

import typer

from roleadvisor.cli.app import JsonFlag, app, kb_option, sub_app
from roleadvisor.errors import ExitCode

kb_app = sub_app("Check, copy and describe knowledge bases: validate, init, schema.")
app.add_typer(kb_app, name="kb")


@kb_app.command("validate")
def validate_command(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="PATH",
            help="Knowledge base directory (or a file in it); default: the one in use.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Check a knowledge base and list every problem with its line.

    Each problem reads file:line at key: message. Exits 0 when the knowledge base is valid
    and 3 when it is not.

    \b
    Examples:
      roleadvisor kb validate
      roleadvisor kb validate ./my-kb
      ROLEADVISOR_KB=./my-kb roleadvisor kb validate

    JSON: {"directory", "ok", "problems": [{file, line, path, message}], "counts"}
    """
    from roleadvisor import explore
    from roleadvisor.kb.base import validate_dir
    from roleadvisor.kb.loader import resolve_kb_dir
    from roleadvisor.render import json
    from roleadvisor.render.console import print_json

    directory = resolve_kb_dir(path if path is not None else kb_option(ctx))
    kb, problems = validate_dir(directory)
    counts = explore.kb_counts(kb) if kb is not None else {}
    if as_json:
        print_json(json.validation(str(directory), problems, counts, kb is not None))
    elif kb is not None:
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        typer.echo(f"Knowledge base OK: {summary} ({directory})")
    else:
        for problem in problems:
            typer.echo(str(problem))
        noun = "problem" if len(problems) == 1 else "problems"
        typer.echo(f"{len(problems)} {noun} in {directory}")
    if kb is None:
        raise typer.Exit(int(ExitCode.KB))
