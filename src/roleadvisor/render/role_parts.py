"""The styled pieces every view of a role is built from: value labels in their colours,
status and tier markers, pay figures, the interview loop as a table, advice and disagreements.

Each piece cites its sources through the view's `Footnotes`, and knowledge-base text enters
only through `kb_text`, as everywhere in the layout kit (roleadvisor.render.terminal).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.text import Text

from roleadvisor import labels
from roleadvisor.kb.enums import DemandLevel, Intensity, ProvenanceKind, RoleStatus, SupplyDemand
from roleadvisor.render.terminal import Footnotes, bullets, grid_or_stack, join, kb_text

if TYPE_CHECKING:
    from roleadvisor.kb.models import AdviceTopic, Disagreement, PayFigure, Role, SupplyDemandSignal
    from roleadvisor.kb.models import Round as LoopRound

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
        return Text(labels.MISSING, style="dim")
    return Text(labels.demand_label(level), style=_DEMAND_STYLE[level])


def supply_text(level: SupplyDemand | None) -> Text:
    if level is None:
        return Text(labels.MISSING, style="dim")
    return Text(labels.supply_label(level), style=_SUPPLY_STYLE[level])


def intensity_text(level: Intensity) -> Text:
    return Text(labels.words(level.value), style=_INTENSITY_STYLE[level])


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
    if role.status == RoleStatus.established:
        return Text()
    word = Text(
        f"({role.status.value})", style="yellow" if role.status.value == "emerging" else "dim"
    )
    return join([word, notes.provenance(role.status_provenance)]) if notes else word


def tier_marker(role: Role, notes: Footnotes) -> Text:
    """Nothing when a document puts the role in its tier; otherwise who did."""
    if role.tier_provenance.kind == ProvenanceKind.sourced:
        return Text()
    return join([Text("tier", style="dim"), notes.provenance(role.tier_provenance)])


def pay_text(figure: PayFigure | None, notes: Footnotes | None = None, label: bool = True) -> Text:
    """A pay figure: the amount (bold when numeric), then what it measures and its source."""
    if figure is None:
        return Text(labels.MISSING, style="dim")
    numeric = figure.low is not None
    parts = [kb_text(labels.pay_amount(figure), "bold" if numeric else "italic")]
    if label:
        parts.append(kb_text(f"({figure.label})", "dim"))
    if notes is not None:
        parts.append(notes.tag(figure.source))
    return join(parts)


def role_title(role: Role) -> Text:
    names = ", ".join([role.id, *role.aliases])
    return join([kb_text(role.name, "bold"), kb_text(f"({names})", "dim"), status_marker(role)])


# --- a role's interview loop ----------------------------------------------------------------


LOOP_HEADERS = ("Round", "Tests", "Weight", "Study", "Skip")
# Study holds lists of advice: under this many columns a table cell reads as a word column
STUDY_READABLE = 35


def round_cells(rnd: LoopRound, notes: Footnotes) -> list[Text]:
    """What a round tests, how heavily it counts, and what to study or skip (LOOP_HEADERS)."""
    advice = "italic" if notes.is_editorial(rnd.advice_source) else ""
    tag = notes.tag(rnd.advice_source)
    skip = join([kb_text("; ".join(rnd.skip), advice), tag]) if rnd.skip else Text("")
    return [
        kb_text(rnd.title, "bold"),
        join([kb_text(rnd.tests), notes.tag(rnd.source)]),
        join(
            [Text(labels.emphasis_label(rnd.emphasis)), notes.provenance(rnd.emphasis_provenance)]
        ),
        join([kb_text("; ".join(rnd.study), advice), tag]),
        skip,
    ]


def loop_table(console: Console, role: Role, notes: Footnotes) -> RenderableType:
    """One role's loop, round by round."""
    rows = [round_cells(rnd, notes) for rnd in role.loop.rounds]
    return grid_or_stack(
        console,
        LOOP_HEADERS,
        rows,
        lines=True,
        readable={LOOP_HEADERS.index("Study"): STUDY_READABLE},
    )


# --- advice and disagreements ----------------------------------------------------------------


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
