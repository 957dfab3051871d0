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
            line = " ".join(exc.message.split())  # one line, whatever the message held
            typer.echo(f"{exc.prefix}{line}", err=True)
            raise typer.Exit(int(exc.exit_code)) from None
        except UsageError as exc:  # a bad option or argument of a command: one line too
            line = " ".join(exc.format_message().split())
            where = exc.ctx.command_path if exc.ctx is not None else ctx.command_path
            typer.echo(f"Error: {line} (see `{where} --help`)", err=True)
            raise typer.Exit(exc.exit_code) from None

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # --no-pager is accepted anywhere before `--`, as after the command name people type it
        end = args.index("--") if "--" in args else len(args)
        if "--no-pager" in args[:end]:
            from roleadvisor.render import pager

            pager.disable()
            args = [a for a in args[:end] if a != "--no-pager"] + args[end:]
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # keep the order commands were registered in


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
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Print long views straight to the terminal instead of through $PAGER "
            "(ROLEADVISOR_PAGER or PAGER=cat do the same).",
        ),
    ] = False,
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


def parse_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise RequestError(f"{option} '{value}' is not a date; use YYYY-MM-DD.") from None


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
