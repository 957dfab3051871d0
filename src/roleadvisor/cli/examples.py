"""`roleadvisor examples`: the example answers files that ship with the package, to read, try
with `assess --example NAME`, or copy out and edit."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Annotated

import typer

from roleadvisor.cli.app import JsonFlag, app
from roleadvisor.cli.complete import example_names


@app.command("examples")
def examples_command(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="An example to print (or to write with --write).",
            autocompletion=example_names,
            show_default=False,
        ),
    ] = None,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            metavar="PATH",
            help="Write the example to PATH (a file, or a directory to put NAME.yaml in).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Let --write overwrite an existing file.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """List the example answers files, print one, or write one out.

    Each example answers the questionnaire for one person; try one with
    `roleadvisor assess --example NAME`, or write one out, edit it and pass it to
    `roleadvisor assess --answers FILE`.

    \b
    Examples:
      roleadvisor examples
      roleadvisor examples career-transition
      roleadvisor examples career-transition --write me.yaml
      roleadvisor assess --answers me.yaml

    JSON: {"examples": [{name, folder, summary}]}
    """
    from roleadvisor.errors import UsageError
    from roleadvisor.kb.examples import find_example, shipped_examples
    from roleadvisor.render.console import clean, print_json

    if name is None:
        if write is not None:
            raise UsageError(
                "--write needs the NAME of an example; `roleadvisor examples` lists them."
            )
        examples = shipped_examples()
        if as_json:
            listed = [
                {"name": e.name, "folder": e.folder, "summary": e.summary()} for e in examples
            ]
            print_json({"examples": listed})
            return
        width = max(40, shutil.get_terminal_size().columns - 1)
        pad = max(len(e.name) for e in examples) + 2
        folder = None
        for example in examples:
            if example.folder != folder:
                folder = example.folder
                typer.echo(f"\n{folder}/" if folder != examples[0].folder else f"{folder}/")
            text = textwrap.fill(
                clean(example.summary().split(" Expected")[0]),
                width,
                initial_indent=f"  {example.name:<{pad}}",
                subsequent_indent=" " * (pad + 2),
            )
            typer.echo(text)
        typer.echo(
            "\nTry one: roleadvisor assess --example NAME · copy one: "
            "roleadvisor examples NAME --write FILE"
        )
        return
    example = find_example(name)
    text = example.path.read_text(encoding="utf-8")
    if write is None:
        if as_json:
            print_json({"name": example.name, "folder": example.folder, "text": text})
        else:
            typer.echo(clean(text), nl=False)
        return
    from roleadvisor.state.files import write_export

    target = write / example.path.name if write.is_dir() else write
    write_export(target, text, force)
    typer.echo(f"Wrote {target}; try it with `roleadvisor assess --answers {target}`.")
