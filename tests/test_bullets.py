"""Bulleted lists are laid out directly, line for line as the two-column grid of marker and text
they replace: same wrapping, same padding, same styles, at every width."""

from __future__ import annotations

import io

import pytest
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from roleadvisor.render.terminal import bullets

ITEMS = [
    Text("Short."),
    Text("A claim long enough to wrap at every width this test uses, with a tag after it. ")
    + Text("[3]", style="dim cyan"),
    Text("first line\nsecond line, after a break in the text itself"),
    Text("an-unbreakable-word-much-wider-than-the-narrowest-terminal-we-lay-out-for-here"),
    Text("Italic editorial advice that wraps over more than one line at sixty", style="italic"),
]


def _grid(items: list[Text], marker: str) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(marker, item)
    return grid


def _render(renderable: RenderableType, width: int) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=True, color_system="truecolor")
    console.print(renderable)
    return out.getvalue()


@pytest.mark.parametrize("width", [20, 40, 60, 100, 200])
@pytest.mark.parametrize("marker", ["•", "->"])
def test_a_list_renders_as_the_grid_would(width: int, marker: str) -> None:
    ours = _render(Padding(bullets(ITEMS, marker), (0, 0, 0, 2)), width)
    assert ours == _render(Padding(_grid(ITEMS, marker), (0, 0, 0, 2)), width)
    assert ours.count(marker) == len(ITEMS)


@pytest.mark.parametrize("width", [30, 100])
def test_a_list_inside_a_table_cell_measures_as_the_grid_would(width: int) -> None:
    def framed(body: RenderableType) -> Table:
        table = Table("Label", "Body")
        table.add_row("row", body)
        return table

    items = ITEMS[:3]
    assert _render(framed(bullets(items)), width) == _render(framed(_grid(items, "•")), width)


def test_strings_are_cleaned_and_an_empty_list_prints_nothing() -> None:
    text = _render(Group(bullets(["bell\x07 and [bold]markup[/bold]"])), 60)
    assert "\x07" not in text and "[bold]markup[/bold]" in text
    assert _render(bullets([]), 60) == _render(_grid([], "•"), 60)
