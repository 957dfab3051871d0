"""Rich views of the knowledge-base explorer: roles, show, loop, compare, market.

They lay out what the selectors of roleadvisor.explore decided, with the kit of
roleadvisor.render.terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from roleadvisor import explore, labels
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.render.console import clean
from roleadvisor.render.terminal import (
    LOOP_HEADERS,
    Footnotes,
    bullets,
    demand_text,
    fields,
    grid_or_stack,
    heading,
    intensity_text,
    join,
    kb_text,
    loop_table,
    pay_text,
    role_title,
    round_cells,
    status_marker,
    supply_signal,
    tier_marker,
)

if TYPE_CHECKING:
    from roleadvisor.kb.models import (
        AdviceTopic,
        ClaimList,
        Disagreement,
        Role,
        Stat,
    )
    from roleadvisor.kb.models import (
        Round as LoopRound,
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
    console.print(Padding(Text(labels.WEIGHT_NOTE, style="dim"), (0, 0, 0, 2)))
    console.print(loop_table(console, role, notes))

    if role.pay:
        pay_rows = [
            [
                kb_text(f.label),
                pay_text(f, notes, label=False),
                Text(labels.level_label(f.level)),
                kb_text(f.region or labels.MISSING),
                Text(labels.words(f.basis)),
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
                console,
                ["Figure", "Amount", "Level", "Region", "Basis", "Note"],
                pay_rows,
                indent=2,
            ),
        )

    market: list[tuple[str, RenderableType]] = []
    if role.supply_demand:
        market.append(("Supply / demand", supply_signal(role.supply_demand, notes)))
    if role.sector_demand:
        names = kb.sector_names
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
                join([kb_text(labels.duration_label(t)), notes.provenance(t.duration_provenance)]),
                kb_text("; ".join(t.reuse) or labels.MISSING),
                join([kb_text("; ".join(t.learn)), notes.tag(t.source)]),
            ]
            for t in role.transitions
        ]
        _section(
            console,
            "Transitions",
            grid_or_stack(
                console,
                ["From", "Takes", "Carries over", "To learn"],
                trans_rows,
                lines=True,
                indent=2,
            ),
        )

    if role.levels:
        level_rows = [
            [
                join([Text(lv.level.value, style="bold"), notes.tag(lv.source)]),
                join([kb_text(lv.years), notes.tag(lv.source)]),
                kb_text("\n".join(f"• {e}" for e in lv.expectations)),
                kb_text("\n".join(f"• {r}" for r in lv.red_flags) or labels.MISSING),
            ]
            for lv in role.levels
        ]
        _section(
            console,
            "Levels",
            grid_or_stack(
                console,
                ["Level", "Years", "Expected", "Red flags"],
                level_rows,
                lines=True,
                indent=2,
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
            _section(console, title, _stat_rows(stats, notes))
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
