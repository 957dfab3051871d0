"""One error family: every expected failure is a RoleAdvisorError with an actionable message.

The CLI prints `message` on one line to stderr and exits with `exit_code`; nothing else in
the project decides exit codes.
"""

from __future__ import annotations

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
