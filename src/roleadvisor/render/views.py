"""Rich views of the knowledge-base explorer: roles, loop, compare, market (one role's page,
`show`, is roleadvisor.render.show).

They lay out what the selectors of roleadvisor.explore decided, with the kit of
roleadvisor.render.terminal and the role pieces of roleadvisor.render.role_parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from roleadvisor import explore, labels
from roleadvisor.comparison import Comparison
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.pay import pay_summary
from roleadvisor.render.console import clean
from roleadvisor.render.role_parts import (
    LOOP_HEADERS,
    advice_block,
    demand_text,
    disagreement_block,
    loop_table,
    pay_text,
    role_title,
    round_cells,
    status_marker,
    supply_signal,
    tier_marker,
)
from roleadvisor.render.terminal import (
    Footnotes,
    bullets,
    fields,
    grid_or_stack,
    heading,
    join,
    kb_text,
    section,
)

if TYPE_CHECKING:
    from roleadvisor.kb.models import (
        Round as LoopRound,
    )
    from roleadvisor.kb.models import (
        Stat,
    )

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
                    pay_text(pay_summary(role, kb.landscape.pay_headline), notes),
                ]
            )
        console.print(grid_or_stack(console, ["Role", "What it does", "Market", "Pay"], rows))
    console.print()
    console.print(notes.render())


# --- interview loops ----------------------------------------------------------------------


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
    console.print(Text(labels.WEIGHT_NOTE, style="dim"))
    console.print()
    if len(matrix.roles) == 1:
        console.print(loop_table(console, matrix.roles[0], notes))
    else:
        rows: list[list[Text]] = []
        for kind in matrix.kinds:
            row = [Text(matrix.labels[kind], style="bold")]
            for role in matrix.roles:
                rnd = matrix.cell(kind, role)
                row.append(_round_cell(rnd, notes) if rnd else Text(labels.MISSING, style="dim"))
            rows.append(row)
        headers = ["Round", *(r.name for r in matrix.roles)]
        console.print(grid_or_stack(console, headers, rows, lines=True, label_first=True))
    console.print()
    topics = {t.id: t for role in matrix.roles for t in explore.advice_for(kb, role, loop=True)}
    for topic in topics.values():
        console.print(advice_block(topic, notes))
        console.print()
    console.print(notes.render())


# --- comparison ------------------------------------------------------------------------------


def compare_view(console: Console, kb: KnowledgeBase, comparison: Comparison) -> None:
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
                cells.append(Text(labels.MISSING, style="dim"))
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
            f"≠ the roles differ · dimmed rows are the same · {labels.MISSING} not given",
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
            Text(labels.stat_value(stat), style="bold"),
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
        unrated = [r.name for r in kb.roles if not r.sector_demand]
        if unrated:  # absent from the table is not "no demand": say which roles have no data
            console.print(
                join([Text("No sector data for:", style="dim"), kb_text(", ".join(unrated))])
            )

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
            section(console, title, _stat_rows(stats, notes))
    if market.responsibilities:
        pairs = []
        for freq in explore.FREQUENCIES:
            found = [r for r in market.responsibilities if r.frequency == freq]
            if found:
                refs = [s for r in found for s in r.source]
                pairs.append(
                    (
                        labels.words(freq).capitalize(),
                        join([kb_text("; ".join(r.label for r in found)), notes.tag(refs)]),
                    )
                )
        section(console, "Responsibilities", fields(console, pairs))
    if market.findings:
        section(console, "Findings", bullets(notes.claim(c) for c in market.findings))
    if kb.landscape.trends:
        section(console, "Trends", bullets(notes.claim(c) for c in kb.landscape.trends))
    if kb.landscape.disagreements:
        section(
            console,
            "Where the documents disagree",
            Group(*(disagreement_block(d, notes) for d in kb.landscape.disagreements)),
        )
    console.print()
    console.print(notes.render())
