"""One error family: every expected failure is a RoleAdvisorError with an actionable message.

The CLI prints `message` on one line to stderr and exits with `exit_code`; nothing else in
the project decides exit codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # a failure of the environment: unwritable path, corrupted state
    USAGE = 2  # the user asked for something that does not exist or does not fit
    KB = 3  # the knowledge base is broken
    CANCELLED = 130  # Ctrl-C, as shells report SIGINT


class RoleAdvisorError(Exception):
    exit_code: ExitCode = ExitCode.ERROR
    prefix = "Error: "  # how the CLI introduces the message on stderr

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(RoleAdvisorError):
    """The request names something unknown or is out of range."""

    exit_code = ExitCode.USAGE


class UnknownRoleError(UsageError):
    def __init__(self, name: str, suggestions: list[str]) -> None:
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(
            f"Unknown role '{name}'.{hint} Run `roleadvisor roles` to list every role."
        )
        self.name = name
        self.suggestions = suggestions


class KnowledgeBaseError(RoleAdvisorError):
    """The knowledge base failed to load or validate; `problems` lists every finding."""

    exit_code = ExitCode.KB

    def __init__(self, problems: list[str]) -> None:
        first = problems[0] if problems else "unknown problem"
        more = (
            f" (and {len(problems) - 1} more; run `roleadvisor kb validate`)"
            if len(problems) > 1
            else ""
        )
        super().__init__(f"Knowledge base error: {first}{more}")
        self.problems = problems


class CancelledError(RoleAdvisorError):
    """The person stopped on purpose (Ctrl-C): not an error, so no "Error:" label."""

    exit_code = ExitCode.CANCELLED
    prefix = ""


class StateError(RoleAdvisorError):
    """The user's saved state (history, reviews) cannot be read or written."""

    exit_code = ExitCode.ERROR


class InvalidValue(ValueError):
    """A value a core type refuses when it is built; `field` names it ("" for the whole)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@contextmanager
def validating(options: Mapping[str, str], fix: str | None = None) -> Iterator[None]:
    """The one bridge from a value a core type refuses (InvalidValue) into this family, for
    values a person gave: the first finding becomes a UsageError.

    `options` names the option behind each field ("--hours-per-week" for hours_per_week);
    `fix` says what to change when the finding concerns the value as a whole.
    """
    try:
        yield
    except InvalidValue as exc:
        if exc.field in options:
            raise UsageError(f"{options[exc.field]} {exc.message}.") from None
        text = exc.message[:1].upper() + exc.message[1:]
        raise UsageError(f"{text}; {fix}." if fix else f"{text}.") from None
