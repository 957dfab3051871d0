"""`roleadvisor decode`: read a job posting and say which role it really is."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from roleadvisor.cli.app import JsonFlag, app, current_date, get_kb, is_interactive
from roleadvisor.errors import CancelledError, UsageError


def _read_source(source: str | None) -> str:
    if source == "-" or (source is None and not sys.stdin.isatty()):
        return sys.stdin.read()
    if source is None:
        if not is_interactive():
            raise UsageError("Give a posting file, or `-` to read it from standard input.")
        typer.echo(
            "Paste the job posting, then press Ctrl-D on an empty line (Ctrl-Z, Enter on Windows).",
            err=True,
        )
        try:
            return sys.stdin.read()
        except KeyboardInterrupt:
            raise CancelledError("Cancelled; nothing was decoded.") from None
    path = Path(source).expanduser()
    if not path.exists():
        raise UsageError(f"{path}: no such file. Give a posting file, or `-` for standard input.")
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give the posting's file (text or HTML).")
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(
            f"{path} is not UTF-8 text; save the posting as plain text or HTML."
        ) from None
    except OSError as exc:
        raise UsageError(f"Cannot read {path}: {exc.strerror or exc}.") from None


@app.command("decode")
def decode_command(
    ctx: typer.Context,
    source: Annotated[
        str | None,
        typer.Argument(
            metavar="[FILE]",
            help="The posting (plain text or HTML); `-` reads standard input; "
            "without it, paste the text.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option("--title", help="The posting's title, when the text does not start with it."),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, max=30, help="How many matching roles to show.")
    ] = 5,
    add_to_plan: Annotated[
        bool,
        typer.Option(
            "--add-to-plan",
            help="Record the skills you lack as extra gaps for `roleadvisor plan`.",
        ),
    ] = False,
    json_output: JsonFlag = False,
) -> None:
    """Read a job posting and say which role it really is, with the evidence.

    \b
    Examples:
      roleadvisor decode posting.txt
      pbpaste | roleadvisor decode - --title "AI Engineer"
      roleadvisor decode posting.html --add-to-plan
    """
    from roleadvisor.decode import as_json, check_skills, decode, merge_gaps
    from roleadvisor.history import latest
    from roleadvisor.store import DECODE_GAPS_FILE, data_home, read_state, write_state

    kb = get_kb(ctx)
    raw = _read_source(source)
    result = decode(raw, kb, title=title)
    saved = latest()
    check = check_skills(result, saved.profile.skills) if saved is not None else None
    added: list[str] | None = None
    gaps_path = data_home() / DECODE_GAPS_FILE
    if add_to_plan:
        if check is None:
            raise UsageError(
                "No assessment on file, so decode cannot tell which skills you lack. "
                "Run `roleadvisor assess` first."
            )
        merged, added = merge_gaps(
            read_state(gaps_path, "plan gaps"), result, check.missing, current_date().isoformat()
        )
        write_state(gaps_path, merged)
    if json_output:
        from roleadvisor.render.console import print_json

        data = as_json(result, check)
        if added is not None:
            data["added_to_plan"] = {"skills": added, "file": str(gaps_path)}
        print_json(data)
        return
    from roleadvisor.render.console import make_console
    from roleadvisor.render.decode import render_decode

    render_decode(make_console(), result, top, check, added, str(gaps_path))
