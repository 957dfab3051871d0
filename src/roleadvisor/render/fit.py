"""The terminal view of `roleadvisor fit ROLE`: the answer first (score, rank, gap to the best
fit), then each part of the score in words, then what would raise it most."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from roleadvisor.fit import FitExplanation
from roleadvisor.render.console import clean

_PART_NAMES = {
    "interest": "Interest",
    "skills": "Skills",
    "ramp": "Ramp-up",
    "demand": "Market",
    "sector": "Sector",
}


def fit_view(console: Console, ex: FitExplanation) -> None:
    head = Text(f"{clean(ex.name)}: {ex.score:.0f}/100, #{ex.rank} of {ex.of}", style="bold")
    console.print(head)
    if ex.role == ex.best:
        console.print("Your best fit in the latest assessment.")
    else:
        console.print(
            f"{clean(ex.best_name)} fits you best ({ex.best_score:.0f}); "
            f"{clean(ex.name)} trails it by {ex.best_score - ex.score:.0f} points."
        )
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    table.add_column("Part")
    table.add_column("Points", justify="right")
    table.add_column("vs best", justify="right")
    table.add_column("Why", overflow="fold", ratio=1)
    for p in ex.parts:
        gap = round(p.behind_best)
        behind = "" if ex.role == ex.best else (f"{-gap:+d}" if gap else "0")
        table.add_row(
            _PART_NAMES.get(p.part, p.part),
            f"{p.points:.0f} of {100 * p.weight:.0f}",
            behind,
            clean(p.words),
        )
    console.print()
    console.print(table)
    if ex.levers:
        console.print()
        console.print(Text("What would raise it most", style="bold"))
        for lever in ex.levers:
            console.print(f"- {clean(lever)}")
