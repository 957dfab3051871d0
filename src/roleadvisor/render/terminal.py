"""Rich views of the explorer results, and the building blocks other role views reuse.

Knowledge-base text only ever enters a renderable as `rich.text.Text` made by `kb_text`, so it
is cleaned of control characters and never parsed as markup ("[bold]" prints as written).
Tables fall back to stacked records when their columns cannot fit without splitting words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from roleadvisor import explore
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import (
    AdviceTopic,
    Claim,
    ClaimList,
    DemandLevel,
    Disagreement,
    Intensity,
    PayFigure,
    ProvenanceKind,
    Role,
    RoleStatus,
    Stat,
    SupplyDemand,
    SupplyDemandSignal,
    ValueProvenance,
)
from roleadvisor.kb.models import Round as LoopRound
from roleadvisor.render.console import clean

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
            where = ", ".join(p for p in (doc.file, f"as of {doc.as_of}") if p)
            grid.add_row(Text(f"[{i}]", style="dim cyan"), kb_text(f"{doc.title} ({where})"))
        legend = [
            join([Text(f"[{ref}]", style="magenta"), kb_text(self._docs[ref].title, "italic")])
            for ref in self._editorial
        ]
        derived = [join([tag, kb_text(rule, "italic")]) for rule, tag in self._rules.items()]
        if derived:
            derived.insert(0, Text("Derived values, and how we read them", style="bold"))
        return Group(Text("Sources", style="bold"), grid, *legend, *derived)


# --- value labels ----------------------------------------------------------------------------

_DEMAND_STYLE = {
    DemandLevel.low: "red",
    DemandLevel.medium: "yellow",
    DemandLevel.high: "green",
    DemandLevel.very_high: "bold bright_green",
}
_SUPPLY_STYLE = {
    SupplyDemand.oversupplied: "red",
    SupplyDemand.balanced: "yellow",
    SupplyDemand.high_demand: "green",
    SupplyDemand.high_demand_low_supply: "bold bright_green",
    SupplyDemand.scarce_roles: "magenta",
}
_INTENSITY_STYLE = {
    Intensity.low: "dim",
    Intensity.medium: "",
    Intensity.high: "bold",
    Intensity.very_high: "bold",
}


def demand_text(level: DemandLevel | None) -> Text:
    if level is None:
        return Text(explore.MISSING, style="dim")
    return Text(explore.demand_label(level), style=_DEMAND_STYLE[level])


def supply_text(level: SupplyDemand | None) -> Text:
    if level is None:
        return Text(explore.MISSING, style="dim")
    return Text(explore.supply_label(level), style=_SUPPLY_STYLE[level])


def intensity_text(level: Intensity) -> Text:
    return Text(explore.words(level.value), style=_INTENSITY_STYLE[level])


def supply_signal(signal: SupplyDemandSignal | None, notes: Footnotes) -> Text:
    """Supply/demand in words, its note after a dash, and its source."""
    if signal is None:
        return supply_text(None)
    note = [Text("—", style="dim"), kb_text(signal.note, "dim")] if signal.note else []
    label = join([supply_text(signal.level), notes.provenance(signal.level_provenance)])
    if not note:
        return label
    return join([label, *note, notes.tag(signal.source)])


def status_marker(role: Role, notes: Footnotes | None = None) -> Text:
    """Empty for established roles; a visible word (and, given notes, its provenance) for
    emerging or fading ones."""
    if role.status is RoleStatus.established:
        return Text()
    word = Text(
        f"({role.status.value})", style="yellow" if role.status.value == "emerging" else "dim"
    )
    return join([word, notes.provenance(role.status_provenance)]) if notes else word


def tier_marker(role: Role, notes: Footnotes) -> Text:
    """Nothing when a document puts the role in its tier; otherwise who did."""
    if role.tier_provenance.kind is ProvenanceKind.sourced:
        return Text()
    return join([Text("tier", style="dim"), notes.provenance(role.tier_provenance)])


def pay_text(figure: PayFigure | None, notes: Footnotes | None = None, label: bool = True) -> Text:
    """A pay figure: the amount (bold when numeric), then what it measures and its source."""
    if figure is None:
        return Text(explore.MISSING, style="dim")
    numeric = figure.low is not None
    parts = [kb_text(explore.pay_amount(figure), "bold" if numeric else "italic")]
    if label:
        parts.append(kb_text(f"({figure.label})", "dim"))
    if notes is not None:
        parts.append(notes.tag(figure.source))
    return join(parts)


def role_title(role: Role) -> Text:
    names = ", ".join([role.id, *role.aliases])
    return join([kb_text(role.name, "bold"), kb_text(f"({names})", "dim"), status_marker(role)])


# --- layout ----------------------------------------------------------------------------------


def bullets(items: Iterable[Text | str], marker: str = "•") -> RenderableType:
    """A bulleted list whose wrapped lines stay aligned after the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    for item in items:
        grid.add_row(marker, kb_text(item) if isinstance(item, str) else item)
    return grid


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
) -> RenderableType:
    """A table when it fits the width; otherwise one record per row, the first cell as its
    heading and `header: value` paragraphs under it, so narrow terminals never split words."""
    chosen = box.ROUNDED if lines else box.SIMPLE_HEAD
    headers = [clean(h) for h in headers]  # role names come from the knowledge base
    columns = [[Text(h, style="bold"), *(row[i] for row in rows)] for i, h in enumerate(headers)]
    # two padding cells per column, a border between columns, and (boxed) at both edges
    frame = 3 * len(headers) + (1 if lines else -1)
    widths = column_widths(console, columns, console.width - indent - frame, label_first)
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


# --- roles -----------------------------------------------------------------------------------


def roles_view(console: Console, kb: KnowledgeBase, groups: list[explore.TierGroup]) -> None:
    notes = Footnotes(kb)
    if not groups:
        console.print("No roles in that tier yet; `roleadvisor roles` lists every tier.")
        return
    for group in groups:
        console.print()
        placed = [r.tier_provenance for r in group.roles if not r.tier_provenance.is_editorial]
        tag = notes.tag([ref for p in placed for ref in p.source]) if placed else None
        console.print(heading(f"{group.tier.name} tier", tag))
        console.print(notes.claim(group.tier.purpose), style="dim")
        rows = []
        for role in group.roles:
            names = kb_text(", ".join([role.id, *role.aliases]), "dim")
            rows.append(
                [
                    join(
                        [
                            kb_text(role.name, "bold"),
                            status_marker(role, notes),
                            tier_marker(role, notes),
                        ]
                    )
                    .append("\n")
                    .append_text(names),
                    notes.claim(role.summary),
                    supply_signal(role.supply_demand, notes),
                    pay_text(explore.pay_summary(role), notes),
                ]
            )
        console.print(grid_or_stack(console, ["Role", "What it does", "Market", "Pay"], rows))
    console.print()
    console.print(notes.render())


# --- one role --------------------------------------------------------------------------------


def _section(console: Console, title: str, body: RenderableType, tag: Text | None = None) -> None:
    console.print()
    console.print(heading(title, tag))
    console.print(Padding(body, (0, 0, 0, 2)))


def _claim_list(console: Console, notes: Footnotes, title: str, items: ClaimList | None) -> None:
    if items is None:
        return
    style = "italic" if notes.is_editorial(items.source) else ""
    _section(
        console, title, bullets(kb_text(i, style) for i in items.items), notes.tag(items.source)
    )


LOOP_HEADERS = ("Round", "Tests", "Weight", "Study", "Skip")


def round_cells(rnd: LoopRound, notes: Footnotes) -> list[Text]:
    """What a round tests, how heavily it counts, and what to study or skip (LOOP_HEADERS)."""
    advice = "italic" if notes.is_editorial(rnd.advice_source) else ""
    tag = notes.tag(rnd.advice_source)
    skip = join([kb_text("; ".join(rnd.skip), advice), tag]) if rnd.skip else Text("")
    return [
        kb_text(rnd.title, "bold"),
        join([kb_text(rnd.tests), notes.tag(rnd.source)]),
        join(
            [Text(explore.emphasis_label(rnd.emphasis)), notes.provenance(rnd.emphasis_provenance)]
        ),
        join([kb_text("; ".join(rnd.study), advice), tag]),
        skip,
    ]


def loop_table(console: Console, role: Role, notes: Footnotes) -> RenderableType:
    """One role's loop, round by round."""
    rows = [round_cells(rnd, notes) for rnd in role.loop.rounds]
    return grid_or_stack(console, LOOP_HEADERS, rows, lines=True)


def _round_cell(rnd: LoopRound, notes: Footnotes) -> Text:
    """A round squeezed into one cell of the side-by-side view."""
    title, *rest = round_cells(rnd, notes)
    lines = [title]
    for label, value in zip(LOOP_HEADERS[1:], rest, strict=True):
        if value.plain:
            lines.append(join([Text(f"{label}:", style="dim"), value]))
    return Text("\n").join(lines)


def loop_view(console: Console, kb: KnowledgeBase, matrix: explore.LoopMatrix) -> None:
    """One role: round by round. Several: a row per round kind, a column per role."""
    notes = Footnotes(kb)
    for role in matrix.roles:
        console.print(join([role_title(role), Text("—"), notes.claim(role.loop.emphasis)]))
    console.print(Text(explore.WEIGHT_NOTE, style="dim"))
    console.print()
    if len(matrix.roles) == 1:
        console.print(loop_table(console, matrix.roles[0], notes))
    else:
        rows: list[list[Text]] = []
        for kind in matrix.kinds:
            row = [Text(explore.ROUND_LABELS[kind], style="bold")]
            for role in matrix.roles:
                rnd = matrix.cell(kind, role)
                row.append(_round_cell(rnd, notes) if rnd else Text(explore.MISSING, style="dim"))
            rows.append(row)
        headers = ["Round", *(r.name for r in matrix.roles)]
        console.print(grid_or_stack(console, headers, rows, lines=True, label_first=True))
    console.print()
    topics = {t.id: t for role in matrix.roles for t in explore.advice_for(kb, role, loop=True)}
    for topic in topics.values():
        console.print(advice_block(topic, notes))
        console.print()
    console.print(notes.render())


def advice_block(topic: AdviceTopic, notes: Footnotes) -> RenderableType:
    """An advice topic: its title (and audience) over its points, with their source."""
    audience = [kb_text(f"({topic.audience})", "dim")] if topic.audience else []
    title = join([kb_text(topic.title, "bold"), *audience, notes.tag(topic.items.source)])
    return Group(title, Padding(bullets(topic.items.items), (0, 0, 0, 2)))


def disagreement_block(item: Disagreement, notes: Footnotes) -> RenderableType:
    """A point the documents disagree on: every side, each with its own source."""
    return Group(
        join([Text("The documents disagree:", style="bold"), kb_text(item.topic)]),
        Padding(bullets(notes.claim(side) for side in item.sides), (0, 0, 0, 2)),
    )


def show_view(console: Console, kb: KnowledgeBase, role: Role) -> None:
    notes = Footnotes(kb)
    tier = explore.tier_info(kb, role.tier)
    ids = ", ".join([role.id, *role.aliases])
    status = Text(f"({role.status.value})", style="dim")
    console.print(
        join(
            [
                kb_text(role.name, "bold"),
                kb_text(f"({ids})", "dim"),
                status,
                notes.provenance(role.status_provenance),
            ]
        )
    )
    console.print(
        join(
            [
                kb_text(f"{tier.name} tier", "dim"),
                notes.provenance(role.tier_provenance),
                Text("—", style="dim"),
                notes.claim(tier.purpose),
            ]
        )
    )
    console.print(notes.claim(role.summary))

    basics: list[tuple[str, RenderableType]] = []
    if role.primary_focus:
        basics.append(("Primary focus", notes.claim(role.primary_focus)))
    if role.key_skill:
        basics.append(("Key skill", notes.claim(role.key_skill)))
    if basics:
        console.print()
        console.print(fields(console, basics))

    _claim_list(console, notes, "Day to day", role.day_to_day)
    vocab = kb.skills
    skill_names = [vocab[s].name if s in vocab else s for s in role.skills.items]
    _section(console, "Skills", bullets(skill_names), notes.tag(role.skills.source))
    _claim_list(console, notes, "Skill priorities", role.skill_priorities)
    _claim_list(console, notes, "Tools", role.tools)
    _claim_list(console, notes, "Outputs", role.outputs)
    _claim_list(console, notes, "Use cases", role.use_cases)

    console.print()
    console.print(heading("Interview loop"))
    console.print(Padding(notes.claim(role.loop.emphasis), (0, 0, 0, 2)))
    console.print(Padding(Text(explore.WEIGHT_NOTE, style="dim"), (0, 0, 0, 2)))
    console.print(loop_table(console, role, notes))

    if role.pay:
        pay_rows = [
            [
                kb_text(f.label),
                pay_text(f, notes, label=False),
                Text(explore.level_label(f.level)),
                kb_text(f.region or explore.MISSING),
                Text(explore.words(f.basis)),
                join([kb_text(f.note, "dim"), notes.tag(f.source)])
                if f.low is not None and f.note
                else Text(""),
            ]
            for f in role.pay
        ]
        _section(
            console,
            "Pay",
            grid_or_stack(
                console, ["Figure", "Amount", "Level", "Region", "Basis", "Note"], pay_rows
            ),
        )

    market: list[tuple[str, RenderableType]] = []
    if role.supply_demand:
        market.append(("Supply / demand", supply_signal(role.supply_demand, notes)))
    if role.sector_demand:
        names = {s.id: s.name for s in kb.landscape.sectors}
        heat = [
            join([kb_text(f"{names[d.sector]}:"), demand_text(d.level), notes.tag(d.source)])
            for d in role.sector_demand
        ]
        market.append(("Sector demand", Text("\n").join(heat)))
    if market:
        _section(console, "Market", fields(console, market))

    work: list[tuple[str, RenderableType]] = []
    if role.coding_intensity:
        ci = role.coding_intensity
        work.append(("Coding intensity", join([intensity_text(ci.level), notes.tag(ci.source)])))
    if role.research_reading:
        rr = role.research_reading
        work.append(("Research reading", join([Text(rr.level.value), notes.tag(rr.source)])))
    if role.path_to_staff:
        work.append(("Path to staff", notes.claim(role.path_to_staff)))
    if work:
        _section(console, "Coding, research and growth", fields(console, work))

    _claim_list(console, notes, "Entry points", role.entry_points)

    if role.transitions:
        backgrounds = kb.backgrounds
        trans_rows = [
            [
                kb_text(
                    backgrounds[t.background].name if t.background in backgrounds else t.background
                ),
                join([kb_text(explore.duration_label(t)), notes.provenance(t.duration_provenance)]),
                kb_text("; ".join(t.reuse) or explore.MISSING),
                join([kb_text("; ".join(t.learn)), notes.tag(t.source)]),
            ]
            for t in role.transitions
        ]
        _section(
            console,
            "Transitions",
            grid_or_stack(
                console, ["From", "Takes", "Carries over", "To learn"], trans_rows, lines=True
            ),
        )

    if role.levels:
        level_rows = [
            [
                join([Text(lv.level.value, style="bold"), notes.tag(lv.source)]),
                join([kb_text(lv.years), notes.tag(lv.source)]),
                kb_text("\n".join(f"• {e}" for e in lv.expectations)),
                kb_text("\n".join(f"• {r}" for r in lv.red_flags) or explore.MISSING),
            ]
            for lv in role.levels
        ]
        _section(
            console,
            "Levels",
            grid_or_stack(
                console, ["Level", "Years", "Expected", "Red flags"], level_rows, lines=True
            ),
        )

    fit: list[tuple[str, RenderableType]] = []
    if role.best_for:
        fit.append(("Best for", notes.claim(role.best_for)))
    if role.skip_if:
        fit.append(("Skip if", notes.claim(role.skip_if)))
    if fit:
        _section(console, "Is it for you?", fields(console, fit))
    if role.notes:
        _section(console, "Notes", bullets(notes.claim(n) for n in role.notes))
    disputed = explore.disagreements_for(kb, [role])
    if disputed:
        _section(
            console,
            "Where the documents disagree",
            Group(*(disagreement_block(d, notes) for d in disputed)),
        )
    topics = explore.advice_for(kb, role)
    if topics:
        _section(console, "Advice", Group(*(advice_block(t, notes) for t in topics)))
    console.print()
    console.print(notes.render())


# --- comparison ------------------------------------------------------------------------------


def compare_view(console: Console, kb: KnowledgeBase, comparison: explore.Comparison) -> None:
    notes = Footnotes(kb)
    headers = ["", *(r.name for r in comparison.roles)]
    rows: list[list[Text]] = []
    styles: list[str] = []
    for row in comparison.rows:
        label = Text(("≠ " if row.differs else "") + row.label, style="bold" if row.differs else "")
        cells = [label]
        parts = row.parts or tuple(() for _ in row.values)
        provs = row.provenance or tuple(None for _ in row.values)
        for value, refs, lines, prov in zip(row.values, row.sources, parts, provs, strict=True):
            if value is None:
                cells.append(Text(explore.MISSING, style="dim"))
            elif lines:  # each figure with its own source
                cells.append(Text("\n").join(join([kb_text(t), notes.tag(r)]) for t, r in lines))
            elif prov is not None:
                cells.append(join([kb_text(value), notes.provenance(prov)]))
            else:
                cells.append(join([kb_text(value), notes.tag(refs)]))
        rows.append(cells)
        styles.append("" if row.differs else "dim")
    console.print(
        grid_or_stack(console, headers, rows, row_styles=styles, lines=True, label_first=True)
    )
    console.print(
        Text(
            f"≠ the roles differ · dimmed rows are the same · {explore.MISSING} not given",
            style="dim",
        )
    )
    for confusion in comparison.confusions:
        console.print()
        console.print(
            join([Text("Telling them apart:", style="bold"), notes.claim(confusion.distinction)])
        )
    for item in comparison.disagreements:
        console.print()
        console.print(disagreement_block(item, notes))
    console.print()
    console.print(notes.render())


# --- market ----------------------------------------------------------------------------------


def _stat_rows(stats: list[Stat], notes: Footnotes) -> RenderableType:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(ratio=1)
    grid.add_column(justify="right")
    grid.add_column(ratio=1)
    for stat in explore.by_frequency(stats):
        extra = [kb_text(stat.note, "dim")] if stat.note else []
        grid.add_row(
            kb_text(stat.label),
            Text(explore.stat_value(stat), style="bold"),
            join([*extra, notes.tag(stat.source)]),
        )
    return grid


def market_view(console: Console, kb: KnowledgeBase) -> None:
    notes = Footnotes(kb)
    grid = explore.heatmap(kb)
    if grid.rows:
        console.print(heading("Demand by sector"))
        rows = [
            [
                join([kb_text(row.role.name), notes.tag(row.source)]),
                *(demand_text(level) for level in row.levels),
            ]
            for row in grid.rows
        ]
        console.print(grid_or_stack(console, ["Role", *(s.name for s in grid.sectors)], rows))

    supply = [r for r in kb.roles if r.supply_demand]
    if supply:
        console.print()
        console.print(heading("Supply and demand"))
        pairs: list[tuple[str, RenderableType]] = []
        for role in supply:
            pairs.append((clean(role.name), supply_signal(role.supply_demand, notes)))
        console.print(Padding(fields(console, pairs), (0, 0, 0, 2)))

    market = kb.landscape.market
    console.print()
    console.print(heading(clean(market.title)))
    console.print(Padding(notes.claim(market.sample), (0, 0, 0, 2)))
    for title, stats in (
        ("Languages", market.languages),
        ("Skills", market.skills),
        ("Quality practices", market.quality_practices),
        ("Stack", market.stack),
    ):
        if stats:
            _section(console, title, _stat_rows(stats, notes))
    if market.responsibilities:
        pairs = []
        for freq in explore.FREQUENCIES:
            found = [r for r in market.responsibilities if r.frequency == freq]
            if found:
                refs = [s for r in found for s in r.source]
                pairs.append(
                    (
                        explore.words(freq).capitalize(),
                        join([kb_text("; ".join(r.label for r in found)), notes.tag(refs)]),
                    )
                )
        _section(console, "Responsibilities", fields(console, pairs))
    if market.findings:
        _section(console, "Findings", bullets(notes.claim(c) for c in market.findings))
    if kb.landscape.trends:
        _section(console, "Trends", bullets(notes.claim(c) for c in kb.landscape.trends))
    if kb.landscape.disagreements:
        _section(
            console,
            "Where the documents disagree",
            Group(*(disagreement_block(d, notes) for d in kb.landscape.disagreements)),
        )
    console.print()
    console.print(notes.render())
