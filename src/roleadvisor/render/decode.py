"""The terminal view of a decoded posting: a view of `DecodeResult`, computing nothing new."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from roleadvisor.decode import DecodeResult, Evidence, SkillCheck
from roleadvisor.labels import plural
from roleadvisor.render.console import clean

VERDICTS = {
    "agrees": "The title and the content agree.",
    "refines": "The title names {named}; the content reads as {content}, a close relative.",
    "disagrees": "The title says {named}, but the content reads as {content}.",
    "unknown": "The title names no role the knowledge base knows.",
}


def _distinct(items: list[str]) -> list[str]:
    """Each text once (one word can be evidence as a phrase and as a skill), first place kept."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.lower() not in seen:
            seen.add(item.lower())
            out.append(item)
    return out


def _evidence_line(evidence: list[Evidence], limit: int) -> str:
    phrases = _distinct([e.phrase for e in evidence if e.kind != "title"])
    shown = [f'"{clean(p)}"' for p in phrases[:limit]]
    more = len(phrases) - len(shown)
    titled = any(e.kind == "title" for e in evidence)
    line = ", ".join(shown) + (f" (+{more} more)" if more > 0 else "")
    return "; ".join(part for part in ("title" if titled else "", line) if part)


def render_decode(
    console: Console,
    result: DecodeResult,
    top: int = 5,
    check: SkillCheck | None = None,
    added: list[str] | None = None,
    gaps_file: str | None = None,
) -> None:
    names = {m.role: m.name for m in result.matches}
    best = result.best
    heading = clean(result.title) if result.title else "(untitled posting)"
    console.print(Text(f"Posting: {heading}", style="bold"))
    if best is None:
        console.print(Text(clean(result.reason or "No role matched."), style="yellow"))
        closest = ", ".join(f"{m.name} ({m.share}%)" for m in result.matches[:3])
        if closest:
            console.print(Text(f"Closest readings, for what they are worth: {closest}"))
        return
    console.print(Text.assemble("Reads as: ", (best.name, "bold green"), f"  ({best.family})"))
    table = Table(title="Best matches", title_justify="left", box=box.SIMPLE_HEAD, expand=False)
    table.add_column("Role", style="bold", overflow="fold", max_width=22)
    table.add_column("Match", justify="right", no_wrap=True)
    table.add_column("Evidence found in the posting", overflow="fold")
    for m in result.matches[:top]:
        table.add_row(m.name, f"{m.share}%", _evidence_line(m.evidence, 8))
    console.print(table)

    quotes = _distinct([e.quote for e in best.evidence if e.kind != "title"])[:4]
    if quotes:
        from rich.padding import Padding

        from roleadvisor.render.terminal import bullets

        console.print(Text(f"Why {best.name}:", style="bold"))
        console.print(Padding(bullets(Text(clean(q)) for q in quotes), (0, 0, 0, 2)))

    check_title = result.title_check
    if check_title.title_role is not None:
        verdict = VERDICTS[check_title.verdict].format(
            named=names.get(check_title.title_role, check_title.title_role),
            content=best.name,
        )
        style = "yellow" if check_title.verdict == "disagrees" else ""
        console.print(Text(f"Title: {verdict}", style=style))
    seniority = result.seniority
    if seniority.name:
        why = "; ".join(clean(e) for e in seniority.evidence[:3])
        console.print(Text(f"Seniority: {seniority.name} ({why})"))
    multi = result.multi_role
    if multi.flagged:
        roles = ", ".join(names.get(r, r) for r in multi.roles)
        console.print(Text(f"Several roles in one: {roles}.", style="yellow"))
        if multi.meaning:
            console.print(Text(f"  {clean(multi.meaning)}"))
    for sign in multi.signs:
        console.print(Text(f"  {clean(sign['meaning'])}"))

    if result.loop is not None:
        loop = result.loop
        console.print(Text(f"Interview loop to expect ({loop.name}): {clean(loop.emphasis)}"))
        rounds = Table(box=box.SIMPLE_HEAD, expand=False, show_header=True)
        rounds.add_column("Round", overflow="fold")
        rounds.add_column("What it tests", overflow="fold")
        rounds.add_column("Weight", justify="right", no_wrap=True)
        for r in loop.rounds:
            rounds.add_row(clean(r.title), clean(r.tests), "●" * r.emphasis)
        console.print(rounds)

    skill_names = {s.skill: s.name for s in result.skills}
    if check is None:
        asked = ", ".join(s.name for s in result.skills) or "none recognised"
        console.print(Text(f"Skills the posting asks for: {asked}"))
        console.print("Run `roleadvisor assess` to see which of them you already have.")
    else:
        met = ", ".join(skill_names.get(s, s) for s in check.met) or "none yet"
        missing = ", ".join(skill_names.get(s, s) for s in check.missing) or "nothing"
        console.print(Text.assemble(("You already have: ", "bold"), met))
        console.print(Text.assemble(("You lack: ", "bold"), missing))
        if added is not None:
            if added:
                console.print(
                    f"Added {plural(len(added), 'skill')} to your plan's gaps ({gaps_file}); "
                    "`roleadvisor plan` will include them."
                )
            else:
                console.print("Nothing new to add to your plan.")
        elif check.missing:
            console.print("Pass --add-to-plan to add the missing skills to your study plan.")
