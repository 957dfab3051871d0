"""`roleadvisor kb`: check a knowledge base, start an editable copy, write its JSON Schema."""

from __future__ import annotations

from pathlib import Path
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
    full: Annotated[
        bool,
        typer.Option(
            "--full",
            help="Validate every file again, without the cache (neither read nor written).",
        ),
    ] = False,
) -> None:
    """Check a knowledge base and list every problem with its line.

    Each problem reads file:line at key: message. Exits 0 when the knowledge base is valid
    and 3 when it is not. Files whose exact bytes this version found valid before are
    answered from the cache at once; --full checks them again.

    \b
    Examples:
      roleadvisor kb validate
      roleadvisor kb validate ./my-kb
      ROLEADVISOR_KB=./my-kb roleadvisor kb validate

    JSON: {"directory", "ok", "problems": [{file, line, path, message}], "counts"}
    """
    from roleadvisor import explore
    from roleadvisor.kb.cache import check_kb
    from roleadvisor.kb.files import resolve_kb_dir
    from roleadvisor.render import json
    from roleadvisor.render.console import clean, print_json

    directory = resolve_kb_dir(path if path is not None else kb_option(ctx))
    kb, problems = check_kb(directory, full=full)
    counts = explore.kb_counts(kb) if kb is not None else {}
    if as_json:
        print_json(json.validation(str(directory), problems, counts, kb is not None))
    elif kb is not None:
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        typer.echo(clean(f"Knowledge base OK: {summary} ({directory})"))
    else:
        for problem in problems:
            typer.echo(" ".join(clean(str(problem)).split()))  # values quoted: made harmless
        noun = "problem" if len(problems) == 1 else "problems"
        typer.echo(clean(f"{len(problems)} {noun} in {directory}"))
    if kb is None:
        raise typer.Exit(int(ExitCode.KB))


DirArg = Annotated[
    Path,
    typer.Argument(metavar="DIR", help="The directory to write into.", show_default=False),
]
ForceFlag = Annotated[
    bool, typer.Option("--force", help="Write into a directory that already holds files.")
]


def _refuse_unless_empty(directory: Path, force: bool, names: list[str]) -> None:
    """A directory is written only when it is new or empty, or with --force."""
    from roleadvisor.errors import UsageError

    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} is a file; give a directory to write into.")
    if force or not directory.is_dir():
        return
    if any(directory.iterdir()):
        replaced = " (files of the same name are replaced)" if any(
            (directory / n).exists() for n in names
        ) else ""
        raise UsageError(
            f"{directory} is not empty; pass --force to write into it{replaced}, or choose a "
            "new directory."
        )


@kb_app.command("init")
def init_command(directory: DirArg, force: ForceFlag = False) -> None:
    """Write an editable copy of the shipped knowledge base.

    Writes every knowledge-base file, and in DIR/schema their JSON Schema, which each YAML
    file names in its first line so an editor with a YAML language server validates and
    completes it. Point any command at the copy with --kb DIR or ROLEADVISOR_KB=DIR, and check
    every edit with `roleadvisor kb validate DIR`.

    \b
    Examples:
      roleadvisor kb init my-kb
      roleadvisor kb validate my-kb
      roleadvisor --kb my-kb roles
    """
    from roleadvisor.kb.files import packaged_data_dir
    from roleadvisor.kb.loader import KB_FILES
    from roleadvisor.kb.schema import SCHEMA_DIR, json_schemas, with_schema_comment
    from roleadvisor.state.files import atomic_write_text

    _refuse_unless_empty(directory, force, [*KB_FILES, SCHEMA_DIR])
    shipped = packaged_data_dir()
    for name in KB_FILES:
        text = (shipped / name).read_text(encoding="utf-8")
        atomic_write_text(directory / name, with_schema_comment(text, name))
    for name, text in json_schemas().items():
        atomic_write_text(directory / SCHEMA_DIR / name, text)
    typer.echo(
        f"Wrote {len(KB_FILES)} knowledge-base files and their JSON Schema to {directory}. "
        f"Edit them, check with `roleadvisor kb validate {directory}`, use with "
        f"`roleadvisor --kb {directory} ...`."
    )


@kb_app.command("schema")
def schema_command(directory: DirArg, force: ForceFlag = False) -> None:
    """Write JSON Schema for every knowledge-base file.

    One `NAME.schema.json` per YAML file, made from the same models `kb validate` checks
    with. Editors read them through the first line of each YAML file,
    `# yaml-language-server: $schema=schema/roles.schema.json`; `kb validate` remains the
    full check (references across files, duplicate ids, the questionnaire's tree).

    \b
    Examples:
      roleadvisor kb schema schemas
      roleadvisor kb schema my-kb/schema --force
    """
    from roleadvisor.kb.schema import json_schemas
    from roleadvisor.state.files import atomic_write_text

    schemas = json_schemas()
    _refuse_unless_empty(directory, force, list(schemas))
    for name, text in schemas.items():
        atomic_write_text(directory / name, text)
    typer.echo(f"Wrote {len(schemas)} JSON Schema files to {directory}: {', '.join(schemas)}.")
