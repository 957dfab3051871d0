"""`roleadvisor decode`: read a job posting and say which role it really is."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from roleadvisor.cli.app import JsonFlag, app, current_date, get_kb, is_interactive, warn
from roleadvisor.errors import CancelledError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from roleadvisor.decode import DecodeResult


def _read_source(source: str | None) -> str:
    """The posting's text; at most one character past decode's limit is read from any source
    (a device such as /dev/zero never ends), so an oversized one is refused, not read."""
    from roleadvisor.decode import MAX_CHARS

    if source == "-" or (source is None and not sys.stdin.isatty()):
        return sys.stdin.read(MAX_CHARS + 1)
    if source is None:
        if not is_interactive():
            raise UsageError("Give a posting file, or `-` to read it from standard input.")
        typer.echo(
            "Paste the job posting, then press Ctrl-D on an empty line (Ctrl-Z, Enter on Windows).",
            err=True,
        )
        try:
            return sys.stdin.read(MAX_CHARS + 1)
        except KeyboardInterrupt:
            raise CancelledError("Cancelled; nothing was decoded.") from None
    path = Path(source).expanduser()
    if not path.exists():
        raise UsageError(f"{path}: no such file. Give a posting file, or `-` for standard input.")
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give the posting's file (text or HTML).")
    try:
        with path.open("rb") as handle:  # a pipe (`<(command)`) is fine, read bounded too
            cap = 4 * (MAX_CHARS + 1)  # UTF-8 takes at most 4 bytes a character
            raw = handle.read(cap)
        # cut off mid-character at the cap, the text is too long whatever its last bytes
        return raw.decode("utf-8-sig", errors="ignore" if len(raw) == cap else "strict")
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
            metavar="FILE",
            help="The posting (plain text or HTML); `-` reads standard input; "
            "without it, paste the text.",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            metavar="TITLE",
            help="The posting's title, when the text does not start with it.",
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option("--top", metavar="N", min=1, max=30, help="How many matching roles to show."),
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
    """Read a job posting and say which role it really is.

    Scores the posting against every role and quotes the phrases that decided it.

    \b
    Examples:
      roleadvisor decode posting.txt
      pbpaste | roleadvisor decode - --title "AI Engineer"
      roleadvisor decode posting.html --add-to-plan
    """
    from roleadvisor.decode import check_skills, decode
    from roleadvisor.render.emit import emit
    from roleadvisor.state import history
    from roleadvisor.state.paths import decode_gaps_path

    kb = get_kb(ctx)
    raw = _read_source(source)
    result = decode(raw, kb, title=title)
    problems: list[str] = []
    saved = None
    if history.has_assessments():  # its model (pydantic) is imported only to read one
        from roleadvisor.assessment import SavedAssessment

        saved = history.latest_usable(SavedAssessment, problems)
    for problem in problems:
        warn(problem)
    check = check_skills(result, saved.profile.skills) if saved is not None else None
    added: list[str] | None = None
    gaps_file = str(decode_gaps_path())
    if add_to_plan:
        if check is None:
            raise UsageError(
                "No assessment on file, so decode cannot tell which skills you lack. "
                "Run `roleadvisor assess` first."
            )
        from roleadvisor.state import gaps  # its file model only when there is something to add

        best = result.best.role if result.best else None
        added = gaps.add_gaps(result.title, best, check.missing, current_date().isoformat())

    def view(console: Console) -> None:
        from roleadvisor.render.decode import render_decode

        render_decode(console, result, top, check, added, gaps_file)

    def shape(r: DecodeResult) -> dict[str, Any]:
        from roleadvisor.render import json  # the JSON shapes of every command: only for --json

        return json.decode(r, check, added, gaps_file)

    emit(result, json=json_output, shape=shape, view=view)
