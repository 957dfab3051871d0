"""The Typer application, its global options and the one place errors become exit codes."""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import _coercion, _param_types  # already imported by Typer itself
from typer._click.exceptions import UsageError
from typer.models import CommandFunctionType

from roleadvisor import __version__
from roleadvisor.cli.helptext import Command, Group
from roleadvisor.errors import RoleAdvisorError
from roleadvisor.errors import UsageError as RequestError

if TYPE_CHECKING:  # the knowledge base (pydantic, YAML) loads only when a command needs it
    from roleadvisor.kb.base import KnowledgeBase


class _Group(Group):
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

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        # --no-pager is accepted anywhere before `--`, as after the command name people type it
        end = args.index("--") if "--" in args else len(args)
        if "--no-pager" in args[:end]:
            from roleadvisor.render import pager

            pager.disable()
            args = [a for a in args[:end] if a != "--no-pager"] + args[end:]
        _coerce_without_adapters(self, ctx)
        return super().parse_args(ctx, args)

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)  # keep the order commands were registered in

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        found = super().resolve_command(ctx, args)
        if found[1] is not None:
            _coerce_without_adapters(found[1], ctx)
        return found


def _coerce_without_adapters(command: Any, ctx: Any) -> None:
    """Coerce the parameters of `command` (and of a group's commands) without building a
    pydantic TypeAdapter where none is needed.

    Typer coerces every parameter of the invoked command, given or not, through a TypeAdapter
    built on first use; building one imports pydantic's schema machinery and plugin loader
    (measured: 10-16 ms of a 130 ms run). A text value needs nothing but to be text, a flag
    already is a bool, a plain whole or decimal number is read by int() or float(), a path
    is made a Path and checked by Typer's own path checks, and an option not given is None
    before any adapter; anything else (a value these do not read, a number out of bounds) is
    handed to the coercion Typer builds, which accepts or refuses it as it always did.
    Should Typer's internals differ from what this expects, nothing is changed.
    """
    # get_params: with the help option, made (and kept) on first request
    for param in command.get_params(ctx) if hasattr(command, "get_params") else ():
        descriptor: Any = getattr(param, "type_descriptor", None)
        if (
            _Coercion is not None
            and getattr(param, "_runtime_param", False) is None
            and getattr(descriptor, "file_annotation", True) is None
            and getattr(getattr(descriptor, "parameter_info", None), "parser", True) is None
        ):
            param._runtime_param = _Coercion(
                descriptor.parameter_info, descriptor.annotation, descriptor
            )
    for sub in getattr(command, "commands", {}).values():
        _coerce_without_adapters(sub, ctx)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode(sys.getfilesystemencoding(), "surrogateescape")
    return str(value)


# Numbers as people type them, which int() and float() read exactly as Typer's coercion does;
# any other spelling ("4.0", "1e3", " 4", "four") is left to that coercion.
_WHOLE = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?")
_NOT_READ = object()


def _plain_number(kind: type, value: Any, low: Any, high: Any) -> Any:
    """`value` as an int or float when it is one, or is written plainly, within its bounds."""
    if type(value) is kind:
        number = value
    elif isinstance(value, str) and (_WHOLE if kind is int else _DECIMAL).fullmatch(value):
        number = kind(value)
    else:
        return _NOT_READ
    if (low is not None and number < low) or (high is not None and number > high):
        return _NOT_READ  # refused, or clamped, by Typer's coercion
    return number


_check_path: Any = getattr(_param_types, "coerce_cli_path", None)


_Coercion: Any = None
if isinstance(getattr(_coercion, "RuntimeParam", None), type) and hasattr(
    _coercion, "build_runtime_param"
):

    @dataclass(frozen=True)
    class _PlainCoercion(_coercion.RuntimeParam):
        """Text as text, a bool flag as itself, a plain number as its int or float, a path as
        a Path through Typer's own path checks; any other value through Typer's coercion."""

        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            kind = self.annotation
            if kind is str and isinstance(value, (str, bytes)):
                return _text(value)
            if kind == list[str] and isinstance(value, (list, tuple)):
                return [_text(v) for v in value]
            if kind is bool and isinstance(value, bool):
                return value
            if kind in (int, float):
                info = self.parameter_info
                if not info.clamp:
                    number = _plain_number(kind, value, info.min, info.max)
                    if number is not _NOT_READ:
                        return number
            elif _check_path is not None and (kind is Path or kind == list[Path]):
                many = kind != Path
                items = list(value) if many and isinstance(value, (list, tuple)) else [value]
                if all(isinstance(v, str) and v and "\0" not in v for v in items):
                    paths = [
                        _check_path(
                            Path(v), self.parameter_info, path_type=Path, param=param, ctx=ctx
                        )
                        for v in items
                    ]
                    return paths if many else paths[0]
            typer_own = _coercion.build_runtime_param(self.descriptor)
            return typer_own._coerce_value(value, param=param, ctx=ctx)

    _Coercion = _PlainCoercion


def one_line(message: str) -> str:
    """A message as one line with no control characters: messages echo file names and values
    read from files, which must not move the cursor or recolour the terminal."""
    from roleadvisor.render.console import clean

    return " ".join(clean(message).split())


def warn(message: str) -> None:
    """A problem the command worked around, on one line of stderr."""
    typer.echo(f"Warning: {one_line(message)}", err=True)


class App(typer.Typer):
    """A Typer app whose commands write help in the user's words (see cli/helptext.py)."""

    def command(
        self, name: str | None = None, *, cls: Any = None, **settings: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or Command, **settings)


def sub_app(help: str) -> App:
    """A command group under `roleadvisor` (such as `kb`), with the same help and errors."""
    return App(cls=_Group, help=help, no_args_is_help=True, rich_markup_mode=None)


app = App(
    cls=_Group,
    name="roleadvisor",
    help="Find the AI role that fits you, see what its interviews test, and plan your prep.",
    no_args_is_help=True,
    # --install-completion / --show-completion (bash, zsh, fish): Typer's own
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    # help uses the terminal's width up to 120 columns (Click stops at 80)
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 120},
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
            metavar="PATH",
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


def prompting_from_now_on() -> None:
    """A person is about to be asked questions: the run may last minutes, so cyclic garbage
    collection (off from start-up, see cli.main) is turned back on, with every object made so
    far - modules, the knowledge base - frozen out of its passes."""
    gc.freeze()
    gc.enable()


def is_interactive() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def get_kb(ctx: typer.Context) -> KnowledgeBase:
    """The validated knowledge base for this invocation (loaded once per process)."""
    from roleadvisor.kb.cache import load_kb

    return load_kb(kb_option(ctx))


JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
