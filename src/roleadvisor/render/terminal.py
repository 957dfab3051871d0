"""The terminal layout kit: safe text, footnoted sources, tables that fall back to stacked
records. Every view (explorer, assessment, plan, decode) builds on it; the styled pieces of a
role (value labels, markers, pay, its loop table) are roleadvisor.render.role_parts.

Knowledge-base text only ever enters a renderable as `rich.text.Text` made by `kb_text`, so it
is cleaned of control characters and never parsed as markup ("[bold]" prints as written).
Tables fall back to stacked records when their columns cannot fit without splitting words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import ProvenanceKind
from roleadvisor.render.console import clean

if TYPE_CHECKING:
    from roleadvisor.kb.models import (
        Claim,
        ValueProvenance,
    )

# --- consoles and text -----------------------------------------------------------------------


def kb_text(text: str, style: str = "") -> Text:
    """Text from the knowledge base: control characters removed, markup left literal."""
    return Text(clean(text), style=style)


def join(parts: Iterable[Text | str], sep: str = " ") -> Text:
    """Join pieces with `sep`, leaving out empty ones (an absent tag or marker)."""
    texts = (Text(p) if isinstance(p, str) else p for p in parts)
    return Text(sep).join(t for t in texts if t.plain)


def heading(title: str, tag: Text | None = None) -> Text:
    text = Text(title, style="bold")
    if tag is not None and tag.plain:
        text.append(" ").append_text(tag)
    return text


def section(console: Console, title: str, body: RenderableType, tag: Text | None = None) -> None:
    """A titled section: its heading (with its sources' tag), then the body indented."""
    console.print()
    console.print(heading(title, tag))
    console.print(Padding(body, (0, 0, 0, 2)))


# --- sources ---------------------------------------------------------------------------------


class Footnotes:
    """Numbers source documents in order of first use; editorial content is tagged by name so
    it is never mistaken for a documented fact."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._docs = kb.sources
        self._order: list[str] = []
        self._editorial: list[str] = []
        self._rules: dict[str, Text] = {}  # rule of each derived value shown, with its tag

    def tag(self, refs: Sequence[str]) -> Text:
        labels = []
        for ref in dict.fromkeys(refs):
            doc = self._docs.get(ref)
            if doc is not None and doc.kind == "editorial":
                labels.append(ref)
                if ref not in self._editorial:
                    self._editorial.append(ref)
                continue
            if ref not in self._order:
                self._order.append(ref)
            labels.append(str(self._order.index(ref) + 1))
        if not labels:
            return Text()
        editorial = any(not label.isdigit() for label in labels)
        return Text(f"[{','.join(labels)}]", style="magenta" if editorial else "dim cyan")

    def provenance(self, prov: ValueProvenance) -> Text:
        """The tag of one value: its documents, `derived` when we read the value out of them
        by a rule, `[editorial]` when it is ours."""
        tag = self.tag(prov.source)
        if prov.kind is ProvenanceKind.derived and prov.rule:
            tag = Text("[derived:" + tag.plain[1:], style="magenta")  # one word: never split
            self._rules.setdefault(prov.rule, tag)
        return tag

    def is_editorial(self, refs: Sequence[str]) -> bool:
        docs = [self._docs[r] for r in refs if r in self._docs]
        return bool(docs) and all(d.kind == "editorial" for d in docs)

    def claim(self, claim: Claim) -> Text:
        """A sourced statement: editorial statements in italics, the tag after the text."""
        style = "italic" if self.is_editorial(claim.source) else ""
        return join([kb_text(claim.text, style), self.tag(claim.source)])

    def render(self) -> RenderableType:
        """The list of documents the tags point to (and the editorial legend, if used)."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for i, ref in enumerate(self._order, 1):
            doc = self._docs[ref]
            # by title, as a reader would look it up; the file name is ours, not theirs
            grid.add_row(
                Text(f"[{i}]", style="dim cyan"), kb_text(f"{doc.title} (as of {doc.as_of})")
            )
        legend = [
            join([Text(f"[{ref}]", style="magenta"), kb_text(self._docs[ref].title, "italic")])
            for ref in self._editorial
        ]
        derived = [join([tag, kb_text(rule, "italic")]) for rule, tag in self._rules.items()]
        if derived:
            derived.insert(0, Text("Derived values, and how we read them", style="bold"))
        return Group(Text("Sources", style="bold"), grid, *legend, *derived)


# --- layout ----------------------------------------------------------------------------------


def bullets(items: Iterable[Text | str], marker: str = "•") -> RenderableType:
    """A bulleted list whose wrapped lines stay aligned after the bullet."""
    return _Bullets([kb_text(i) if isinstance(i, str) else i for i in items], marker)


class _Bullets:
    """Laid out as a two-column grid of marker and text would be, line for line, without the
    table: lists are much of a page, and a table measures and places every cell twice."""

    def __init__(self, items: list[Text], marker: str) -> None:
        self._items = items
        self._marker = marker
        self._lead = cell_len(marker) + 1  # the marker and one space

    def _widest(self) -> int:
        return max((cell_len(line) for t in self._items for line in t.plain.split("\n")), default=0)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        if not self._items:
            return Measurement(0, 0)
        words = max(Measurement.get(console, options, t).minimum for t in self._items)
        return Measurement(self._lead + words, self._lead + self._widest())

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = min(self._widest(), max(options.max_width - self._lead, 1))
        cell = options.update(width=width, justify="left", no_wrap=False, height=None)
        cell = cell.update(overflow="ellipsis")
        first, rest = Segment(self._marker + " "), Segment(" " * self._lead)
        newline = Segment.line()
        for item in self._items:
            for i, line in enumerate(console.render_lines(item, cell, pad=True)):
                yield rest if i else first
                yield from line
                yield newline


def fields(console: Console, pairs: Iterable[tuple[str, RenderableType]]) -> RenderableType:
    """Label / value lines: the value wraps beside its label when the longest word allows,
    else each pair becomes one paragraph `label: value`."""
    pairs = list(pairs)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(ratio=1)
    for label, value in pairs:
        grid.add_row(Text(label), value)
    if fits(console, grid, indent=4) or not all(isinstance(v, Text) for _, v in pairs):
        return grid
    return Group(*(_paragraph(label, value) for label, value in pairs))


def _paragraph(label: str, value: RenderableType) -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append_text(value if isinstance(value, Text) else Text(str(value)))
    return text


def fits(console: Console, table: Table, indent: int = 0) -> bool:
    """True when every column can be as wide as its longest word (`indent` columns are
    taken by the surroundings)."""
    wide = console.options.update_width(10_000)
    return Measurement.get(console, wide, table).minimum <= console.width - indent


def column_widths(
    console: Console, columns: Sequence[Sequence[Text]], available: int, label_first: bool = False
) -> list[int] | None:
    """Content widths that give every column at least its longest word, sharing the rest in
    proportion to how much each column could use; None when even the words do not fit.
    (rich's own shrinking can cut below the longest word, which splits or truncates it.)
    `label_first` keeps a first column of row labels unwrapped whenever the others still fit."""
    wide = console.options.update_width(10_000)
    measured = [[Measurement.get(console, wide, cell) for cell in col] for col in columns]
    mins = [max((m.minimum for m in col), default=1) for col in measured]
    maxs = [max((m.maximum for m in col), default=1) for col in measured]
    if sum(mins) > available:
        return None
    if sum(maxs) <= available:
        return maxs
    if label_first and maxs[0] + sum(mins[1:]) <= available:
        rest = column_widths(console, columns[1:], available - maxs[0])
        if rest is not None:
            return [maxs[0], *rest]
    spare, room = available - sum(mins), [hi - lo for lo, hi in zip(mins, maxs, strict=True)]
    widths = [lo + spare * r // sum(room) for lo, r in zip(mins, room, strict=True)]
    for i in sorted(range(len(widths)), key=lambda i: -room[i])[: available - sum(widths)]:
        widths[i] += 1  # hand out what integer division left over
    return widths


def grid_or_stack(
    console: Console,
    headers: Sequence[str],
    rows: Sequence[Sequence[Text]],
    *,
    row_styles: Sequence[str] | None = None,
    lines: bool = False,
    indent: int = 0,
    label_first: bool = False,
    readable: dict[int, int] | None = None,
) -> RenderableType:
    """A table when it fits the width; otherwise one record per row, the first cell as its
    heading and `header: value` paragraphs under it, so narrow terminals never split words.
    `readable` (column index -> width) stacks too when a column of prose would be squeezed
    narrower than it reads well."""
    chosen = box.ROUNDED if lines else box.SIMPLE_HEAD
    headers = [clean(h) for h in headers]  # role names come from the knowledge base
    columns = [[Text(h, style="bold"), *(row[i] for row in rows)] for i, h in enumerate(headers)]
    # two padding cells per column, a border between columns, and (boxed) at both edges
    frame = 3 * len(headers) + (1 if lines else -1)
    widths = column_widths(console, columns, console.width - indent - frame, label_first)
    if widths is not None and readable:
        squeezed = any(
            widths[i] < min(want, max(c.cell_len for c in columns[i]))
            for i, want in readable.items()
        )
        widths = None if squeezed else widths
    if widths is not None:
        table = Table(box=chosen, show_lines=lines, show_edge=lines, header_style="bold")
        for header, width in zip(headers, widths, strict=True):
            table.add_column(Text(header), width=width, overflow="fold")  # never markup
        for i, row in enumerate(rows):
            table.add_row(*row, style=row_styles[i] if row_styles else None)
        return table
    records: list[RenderableType] = []
    for i, row in enumerate(rows):
        style = row_styles[i] if row_styles else ""
        head = row[0].copy()
        head.stylize(f"bold {style}")
        body: list[RenderableType] = []
        for header, cell in zip(headers[1:], row[1:], strict=True):
            if not cell.plain:
                continue
            value = cell.copy()
            value.stylize(style)
            if "\n" in value.plain:  # a list of lines: under its label, indented
                body += [Text(f"{header}:", style=f"bold {style}"), Padding(value, (0, 0, 0, 2))]
            else:
                body.append(_paragraph(header, value))
        records.append(Group(Text(""), head, Padding(Group(*body), (0, 0, 0, 2))))
    return Group(*records)
