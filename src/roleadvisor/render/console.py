"""Consoles made on demand (never at import time, so width and colour follow the environment)
and text made safe for a terminal."""

from __future__ import annotations

import json
import os
import re
import sys
import textwrap
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from rich.console import Console

if TYPE_CHECKING:
    from rich.segment import Segment
    from rich.text import Text

# C0/C1 control characters (ESC included) except tab and newline: never let knowledge-base
# text move the cursor or recolour the terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


class SafeConsole(Console):
    """The one boundary between text and the terminal: every segment of text is stripped of
    control characters as it is written, whichever view built it; only rich's own styling
    (rendered from styles, never from text) and control segments reach the terminal."""

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        from rich.segment import Segment

        return super()._render_buffer(
            segment if segment.control else Segment(clean(segment.text), segment.style)
            for segment in buffer
        )


def make_console(stderr: bool = False) -> Console:
    """A console for one command's output. Under NO_COLOR rich drops colours but still writes
    bold and dim codes; people who set it want plain text, so styling is switched off."""
    plain = bool(os.environ.get("NO_COLOR"))
    return SafeConsole(
        stderr=stderr,
        highlight=False,
        emoji=False,
        soft_wrap=False,
        color_system=None if plain else "auto",
        no_color=plain or None,
    )


# json.dumps escapes C0 characters inside strings but, keeping non-ASCII text readable, not
# DEL and the C1 range (U+009B is a one-character escape sequence on many terminals).
_UNESCAPED = re.compile(r"[\x7f-\x9f]")


def print_json(data: Any) -> None:
    """Stable, valid JSON on stdout (sorted keys; no colour, no wrapping; every control
    character escaped)."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    sys.stdout.write(_UNESCAPED.sub(lambda m: f"\\u{ord(m.group()):04x}", text))
    sys.stdout.write("\n")


def hanging(prefix: str, body: str, width: int, style: str = "", prefix_style: str = "") -> Text:
    """`prefix` then `body` wrapped so its later lines align after the prefix. Plain string
    work: long listings (a plan's sessions) render far faster than as rich tables."""
    from rich.text import Text

    room = max(12, width - len(prefix))
    lines = textwrap.wrap(clean(body), room, break_long_words=False) or [""]
    text = Text(prefix, style=prefix_style)
    text.append(lines[0], style=style)
    for line in lines[1:]:
        text.append("\n" + " " * len(prefix))
        text.append(line, style=style)
    return text
