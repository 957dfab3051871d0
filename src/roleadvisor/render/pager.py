"""Long views go through a pager, as git's and gh's do: only on a terminal, only when the
view is taller than the screen, and never when the person turned it off."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

PAGER_ENV = "ROLEADVISOR_PAGER"
DEFAULT_PAGER = "less -R"
# -F: quit when the text fits after all, -R: keep colours, -X: leave the text on screen.
LESS_DEFAULT = "FRX"

_disabled = False


def disable() -> None:
    """`--no-pager`: this process writes straight to the terminal."""
    global _disabled
    _disabled = True


def pager_command() -> str | None:
    """The pager to use, None when paging is off (`--no-pager`, an empty value or `cat`)."""
    if _disabled:
        return None
    for name in (PAGER_ENV, "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            value = value.strip()
            return None if value in ("", "cat") else value
    return DEFAULT_PAGER


def should_page(text: str) -> bool:
    """Whether `text` is worth paging: stdout is a terminal and the text is taller than it."""
    if not sys.stdout.isatty():
        return False
    height = shutil.get_terminal_size().lines
    return text.count("\n") >= height - 1


def page(text: str, command: str) -> bool:
    """Show `text` through `command`; False when the pager could not be started (the caller
    then prints it as it is)."""
    env = dict(os.environ)
    env.setdefault("LESS", LESS_DEFAULT)
    env.setdefault("LV", "-c")
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(sys.stdout.encoding or "utf-8", errors="replace"))
        proc.stdin.close()
    except BrokenPipeError:  # the person quit the pager before reading everything
        pass
    except KeyboardInterrupt:
        proc.kill()
    while True:
        try:
            code = proc.wait()
            break
        except KeyboardInterrupt:  # Ctrl-C belongs to the pager (less uses it to stop a search)
            continue
    # 126/127: the shell found no such command; print the text instead of losing it
    return code not in (126, 127)
