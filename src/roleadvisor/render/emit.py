"""The one place a command's result becomes output: its JSON, or its view in the terminal."""

from __future__ import annotations

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

        print_json((shape or shapes.model)(result))  # type: ignore[arg-type]
        return
    view(make_console())
