"""The command-line edge: parse options, call the core, render, map errors to exit codes.

Each command group lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import errno
import gc
import os
import sys

from roleadvisor.cli import assess, decode, examples, explore, kb, plan, reviews  # noqa: F401  (registers commands)
from roleadvisor.cli.app import app

ROOT_OPTIONS_WITH_VALUE = ("--kb",)


def main() -> None:
    # A command runs for a fraction of a second and keeps what it builds (modules, the
    # knowledge base) to the end: cyclic collections would only walk it again and again
    # (measured: 6% of `compare`, more than half of `assess` at 2,000 roles, growing faster
    # than the knowledge base). Prompting turns it back on (cli.app.prompting_from_now_on).
    gc.disable()
    registered = app.registered_commands, app.registered_groups
    _build_only(_invoked(sys.argv[1:]))
    _tolerant_streams()
    try:
        try:
            app()
        finally:
            sys.stdout.flush()
    except OSError as exc:  # stdout is full or gone (/dev/full, a closed pipe)
        _output_failed(exc)
    except KeyboardInterrupt:  # Ctrl-C outside a prompt (which cancels on its own)
        sys.stderr.write("Cancelled.\n")
        raise SystemExit(130) from None
    finally:
        app.registered_commands, app.registered_groups = registered
        # The process is about to exit and free everything; without this, the interpreter's
        # last full garbage collection walks every object of the knowledge base first
        # (measured: 20-40 ms of a 300 ms run).
        gc.freeze()


def _invoked(argv: list[str]) -> str | None:
    """The command named on the command line, past the root options (None: none named)."""
    words = iter(argv)
    for word in words:
        if word in ROOT_OPTIONS_WITH_VALUE:
            next(words, None)
        elif not word.startswith(ROOT_OPTIONS_WITH_VALUE):
            return None if word.startswith("-") else word
    return None


def _build_only(name: str | None) -> None:
    """Let Typer build only the command being run.

    Typer turns every registered command into a Click command before running one, reading each
    signature; for one command that is wasted start-up time (measured: about 12 ms of 14
    commands). Root help, no command, and an unknown name (which needs the full list for its
    suggestions) still see every command.
    """
    from typer.main import get_command_name

    def named(callback: object, explicit: str | None) -> str | None:
        return explicit or get_command_name(getattr(callback, "__name__", ""))

    commands = [c for c in app.registered_commands if named(c.callback, c.name) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if name is not None and (commands or groups):
        app.registered_commands = commands
        app.registered_groups = groups


def _tolerant_streams() -> None:
    """A terminal or pipe that cannot encode a character (PYTHONIOENCODING=ascii) shows a
    replacement for it instead of ending the command with UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _output_failed(exc: OSError) -> None:
    """The output could not be written: say so on one line and exit 1, without a second
    failure when the interpreter flushes stdout on the way out."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    if exc.errno == errno.EPIPE:  # the reader stopped reading (`| head`): nothing to report
        raise SystemExit(1)
    try:
        sys.stderr.write(f"Error: cannot write the output: {exc.strerror or exc}.\n")
        sys.stderr.flush()
    except OSError:
        pass
    raise SystemExit(1)
