"""The one place a command's result becomes output: its JSON, or its view in the terminal
(through a pager when it is taller than the screen)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from roleadvisor.render.console import make_console, print_json

if TYPE_CHECKING:
    from rich.console import Console

T = TypeVar("T")


def emit(
    result: T,
    *,
    json: bool,
    view: Callable[[Console], object],
    shape: Callable[[T], Any] | None = None,
) -> None:
    """Print `result` as JSON (shaped by `shape`, else dumped as stored) or show `view` of it."""
    if json:
        from roleadvisor.render import json as shapes

        print_json((shape or shapes.model)(result))
        return
    show(view)


def show(view: Callable[[Console], object]) -> None:
    """Lay out `view`; page it when it is taller than the terminal and a pager is set."""
    from roleadvisor.render import pager

    console = make_console()
    command = pager.pager_command()
    if command is None or not sys.stdout.isatty():
        view(console)
        return
    with console.capture() as captured:
        view(console)
    text = captured.get()
    if pager.should_page(text) and pager.page(text, command):
        return
    sys.stdout.write(text)
    sys.stdout.flush()
