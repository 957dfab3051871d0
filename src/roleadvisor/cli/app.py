"""The Typer application, its global options and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer._click.exceptions import UsageError
from typer.core import TyperGroup

from roleadvisor import __version__
from roleadvisor.errors import RoleAdvisorError
from roleadvisor.errors import UsageError as RequestError

if TYPE_CHECKING:  # the knowledge base (pydantic, YAML) loads only when a command needs it
    from roleadvisor.kb.base import KnowledgeBase


class _Group(TyperGroup):
    """Turns every RoleAdvisorError (and a command's usage error) into one line on stderr and
    its exit code."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except RoleAdvisorError as exc:
            typer.echo(f"{exc.prefix}{one_line(exc.message)}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except KeyboardInterrupt:  # Ctrl-C outside a prompt (a prompt cancels on its own)
            typer.echo("Cancelled.", err=True)
            raise typer.Exit(130) from None
        except UsageError as exc:  # a bad option or argument of a command: one line too
            line = one_line(exc.format_message())
            where = exc.ctx.command_path if exc.ctx is not None else ctx.command_path
            typer.echo(f"Error: {line} (see `{where} --help`)", err=True)
            raise typer.Exit(exc.exit_code) from None

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # keep the order commands were registered in


def one_line(message: str) -> str:
    """A message as one line with no control characters: messages echo file names and values
    read from files, which must not move the cursor or recolour the terminal."""
    from roleadvisor.render.console import clean

    return " ".join(clean(message).split())


def warn(message: str) -> None:
    """A problem the command worked around, on one line of stderr."""
    typer.echo(f"Warning: {one_line(message)}", err=True)


app = typer.Typer(
    cls=_Group,
    name="roleadvisor",
    help="Find the AI role that fits you, see what its interviews test, and plan your prep.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"roleadvisor {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    kb: Annotated[
        str | None,
        typer.Option(
            "--kb",
            envvar="ROLEADVISOR_KB",
            help="Knowledge base directory (or a file in it) to use instead of the shipped one.",
            show_envvar=True,
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    ctx.obj = {"kb": kb}


def kb_option(ctx: typer.Context) -> str | None:
    """The --kb value given to the root command (None: ROLEADVISOR_KB or the shipped data)."""
    root = ctx.find_root()
    obj = root.obj if isinstance(root.obj, dict) else {}
    value = obj.get("kb")
    return value if isinstance(value, str) else None


TODAY_ENV = "ROLEADVISOR_TODAY"  # pins "today" (ISO date) for reproducible runs and tests


# Dates past this leave no room for a plan's horizon or a review's interval (date.max is
# 9999-12-31): refused as requests rather than overflowing later.
LATEST_YEAR = 9000


def parse_date(value: str, option: str) -> date:
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise RequestError(f"{option} '{value}' is not a date; use YYYY-MM-DD.") from None
    if day.year >= LATEST_YEAR:
        raise RequestError(
            f"{option} {day} is too far ahead; give a date before {LATEST_YEAR}-01-01 "
            "(plans reach at most 2 years)."
        )
    return day


def current_date() -> date:
    """The date commands plan from: the clock, unless ROLEADVISOR_TODAY pins it."""
    pinned = os.environ.get(TODAY_ENV)
    return parse_date(pinned, TODAY_ENV) if pinned else date.today()


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def get_kb(ctx: typer.Context) -> KnowledgeBase:
    """The validated knowledge base for this invocation (loaded once per process)."""
    from roleadvisor.kb.cache import load_kb

    return load_kb(kb_option(ctx))


JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
