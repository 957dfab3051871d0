"""`show`: one role's page, every section of the knowledge base's entry with its sources.

Laid out with the kit of roleadvisor.render.terminal and the role pieces of
roleadvisor.render.role_parts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from roleadvisor import explore, labels
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.render.role_parts import (
    advice_block,
    demand_text,
    disagreement_block,
    intensity_text,
    loop_table,
    pay_text,
    supply_signal,
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
    from roleadvisor.kb.models import Claim, ClaimList, Role


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

    basics = _claims(notes, ("Primary focus", role.primary_focus), ("Key skill", role.key_skill))
    if basics:
        console.print()
        console.print(fields(console, basics))

    _claim_list(console, notes, "Day to day", role.day_to_day)
    vocab = kb.skills
    skill_names = [vocab[s].name if s in vocab else s for s in role.skills.items]
    section(console, "Skills", bullets(skill_names), notes.tag(role.skills.source))
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
        headers = ["Figure", "Amount", "Level", "Region", "Basis", "Note"]
        _table_section(console, "Pay", headers, pay_rows)

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
        section(console, "Market", fields(console, market))

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
        section(console, "Coding, research and growth", fields(console, work))

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
        headers = ["From", "Takes", "Carries over", "To learn"]
        _table_section(console, "Transitions", headers, trans_rows, lines=True)

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
        headers = ["Level", "Years", "Expected", "Red flags"]
        _table_section(console, "Levels", headers, level_rows, lines=True)

    fit = _claims(notes, ("Best for", role.best_for), ("Skip if", role.skip_if))
    if fit:
        section(console, "Is it for you?", fields(console, fit))
    if role.notes:
        section(console, "Notes", bullets(notes.claim(n) for n in role.notes))
    disputed = explore.disagreements_for(kb, [role])
    if disputed:
        section(
            console,
            "Where the documents disagree",
            Group(*(disagreement_block(d, notes) for d in disputed)),
        )
    topics = explore.advice_for(kb, role)
    if topics:
        section(console, "Advice", Group(*(advice_block(t, notes) for t in topics)))
    console.print()
    console.print(notes.render())


def _claim_list(console: Console, notes: Footnotes, title: str, items: ClaimList | None) -> None:
    if items is None:
        return
    style = "italic" if notes.is_editorial(items.source) else ""
    section(
        console, title, bullets(kb_text(i, style) for i in items.items), notes.tag(items.source)
    )


def _claims(notes: Footnotes, *pairs: tuple[str, Claim | None]) -> list[tuple[str, RenderableType]]:
    """(label, cited claim) for each claim the role has, in order; absent ones left out."""
    return [(label, notes.claim(claim)) for label, claim in pairs if claim is not None]


def _table_section(
    console: Console, title: str, headers: list[str], rows: list[list[Text]], lines: bool = False
) -> None:
    """A section holding one table (stacked records where its columns cannot fit)."""
    section(console, title, grid_or_stack(console, headers, rows, lines=lines, indent=2))
