"""Help in the user's words: usage lines and option lists name values (ROLE..., FILE, WEEKS)
instead of Python types, command summaries are never cut, and examples that name a role of
the shipped knowledge base turn generic when another knowledge base is in use.

Typer writes `ROLE <list[str]>`, `--top <int range>` and `[[FILE]]`; this command class writes
the same help records from each parameter's metavar, help, default and range.
"""

from __future__ import annotations

import re
from typing import Any

from typer._click import Context, HelpFormatter, Parameter
from typer.core import TyperCommand, TyperGroup

# In a docstring's examples, `@mle` names a role of the shipped knowledge base: shown as `mle`,
# or as `ROLE` when --kb or ROLEADVISOR_KB points at another knowledge base.
SHIPPED_ROLE = re.compile(r"@([a-z0-9][a-z0-9-]*)")


def shipped_roles_in(text: str, custom_kb: bool) -> str:
    return SHIPPED_ROLE.sub("ROLE" if custom_kb else r"\1", text)


def value_words(param: Parameter) -> str:
    """How a value is named: its metavar (`ROLE`, `FILE`), else the parameter's name."""
    words = param.metavar or (param.name or "value").upper()
    if param.nargs != 1 and not words.endswith("..."):
        words += "..."
    return words


def _usage_piece(param: Parameter) -> list[str]:
    if param.param_type_name != "argument":
        return []
    words = value_words(param)
    if param.required:
        return [words]
    return [f"[{words[:-3]}]..." if words.endswith("...") else f"[{words}]"]


def _shown(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v) for v in value)
    return str(value)


def _range(low: Any, high: Any) -> str | None:
    if low is not None and high is not None:
        return f"{_shown(low)} to {_shown(high)}"
    if low is not None:
        return f"at least {_shown(low)}"
    if high is not None:
        return f"at most {_shown(high)}"
    return None


def help_record(param: Parameter, ctx: Context) -> tuple[str, str] | None:
    """One row of the Arguments or Options list: the words a person types, and what they do."""
    if getattr(param, "hidden", False):
        return None
    extra: list[str] = []
    if param.param_type_name == "argument":
        name = value_words(param)
    else:
        # short options first, as people read them: -h, --help
        name = ", ".join(sorted(param.opts, key=lambda o: len(o) - len(o.lstrip("-"))))
        if not getattr(param, "is_flag", False):
            name += f" {value_words(param)}"
        envvar = param.envvar if getattr(param, "show_envvar", False) else None
        if isinstance(envvar, str):
            extra.append(f"env var: {envvar}")
        shows_default = getattr(param, "show_default", None) is not False
        if shows_default and not getattr(param, "is_flag", False):
            default = param.get_default(ctx, call=False)
            if default not in (None, (), []) and not callable(default):
                extra.append(f"default: {_shown(default)}")
        limits = _range(getattr(param, "min", None), getattr(param, "max", None))
        if limits:
            extra.append(limits)
    if param.required:
        extra.append("required")
    text = getattr(param, "help", None) or ""
    if extra:
        text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
    return name, text


def custom_kb_in_use(ctx: Context) -> bool:
    """Whether --kb or ROLEADVISOR_KB names a knowledge base (read from the root's options)."""
    root = ctx.find_root()
    return root.params.get("kb") is not None


class Command(TyperCommand):
    """A command whose help names values in words and adapts its role examples."""

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            pieces.extend(_usage_piece(param))
        return pieces

    def format_help_text(self, ctx: Context, formatter: HelpFormatter) -> None:
        original = self.help
        if original:
            self.help = shipped_roles_in(original, custom_kb_in_use(ctx))
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = original

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        write_params(self, ctx, formatter)


class Group(TyperGroup):
    """A group whose options read like a command's and whose summaries are never cut."""

    def format_options(self, ctx: Context, formatter: HelpFormatter) -> None:
        write_params(self, ctx, formatter)
        rows: list[tuple[str, str]] = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                # whole, wrapped to the terminal: never cut with "..."
                rows.append((name, command.get_short_help_str(limit=10_000)))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


def write_params(command: Command | Group, ctx: Context, formatter: HelpFormatter) -> None:
    rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
    for param in command.get_params(ctx):
        record = help_record(param, ctx)
        if record is not None and param.param_type_name in rows:
            rows[param.param_type_name].append(record)
    for kind, title in (("argument", "Arguments"), ("option", "Options")):
        if rows[kind]:
            with formatter.section(title):
                formatter.write_dl(rows[kind])
