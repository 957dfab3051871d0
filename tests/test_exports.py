"""The Markdown and iCalendar exports, parsed back with real parsers."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone

import icalendar
from markdown_it import MarkdownIt
from markdown_it.token import Token

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import Role
from roleadvisor.plan_models import Activity, PrepPlan, RoleShare
from roleadvisor.planner import build_plan
from roleadvisor.render.ics import fold, plan_ics
from roleadvisor.render.markdown import anchor, md, plan_markdown
from test_planner import ROUNDS_A, START, _role, make_kb, request

NASTY = "Cells | pipes, `ticks`, <b>tags</b>, *stars*, _under_, [link](http://x)\nnew line; a,b\\c"


def nasty_kb() -> KnowledgeBase:
    """The test knowledge base with a role whose text tries to break tables and calendars."""
    kb = make_kb()
    data = _role("role-n", "Role N", [("coding-1", "Round one", 4), ("unique", NASTY, 2)])
    data["loop"]["rounds"][1]["tests"] = NASTY
    data["loop"]["rounds"][1]["study"] = [NASTY, "Plain"]
    data["loop"]["emphasis"]["text"] = NASTY
    return dataclasses.replace(kb, roles=(*kb.roles, Role.model_validate(data)), _by_key={})


def nasty_plan(kb: KnowledgeBase) -> PrepPlan:
    return build_plan(
        request(
            roles=[RoleShare(role_id="role-a", share=0.5), RoleShare(role_id="role-n", share=0.5)],
            ratings={"salary-awareness": 2},
            weak_dimensions=["salary-awareness"],
            background="swe",
            recommended=[("role-a", 81.0), ("role-n", 74.0)],
            why="Strong | fundamentals",
        ),
        kb,
    )


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def tables(tokens: list[Token]) -> list[list[list[str]]]:
    """Every table as rows of cell texts (header row first)."""
    found: list[list[list[str]]] = []
    rows: list[list[str]] = []
    row: list[str] | None = None
    for i, tok in enumerate(tokens):
        if tok.type == "table_open":
            rows = []
        elif tok.type == "tr_open":
            row = []
        elif tok.type in ("td_open", "th_open") and row is not None:
            inline = tokens[i + 1]
            row.append(inline.content if inline.type == "inline" else "")
        elif tok.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
        elif tok.type == "table_close":
            found.append(rows)
    return found


def rendered_text(source: str, links: bool = False) -> str:
    """What a reader sees of an inline Markdown fragment (escapes resolved, no markup; with
    `links`, a link reads as its text)."""
    tokens = MarkdownIt("commonmark").parseInline(source)
    out = []
    for tok in tokens:
        for child in tok.children or []:
            if links and child.type in ("link_open", "link_close"):
                continue
            if child.type in ("text", "text_special"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
            elif child.type not in ("text",):
                out.append(f"<{child.type}>")
    return "".join(out)


def test_markdown_tables_have_the_right_rows_and_columns() -> None:
    kb = nasty_kb()
    plan = nasty_plan(kb)
    text = plan_markdown(plan, kb)
    found = tables(parse(text))
    loops, totals = found[0:2], found[2]
    assert len(found) == 3  # the schedule is a checklist, not a table
    assert [len(t) - 1 for t in loops] == [len(ROUNDS_A), 2]
    assert len(totals) - 1 == len(plan.totals())
    for table in found:
        widths = {len(r) for r in table}
        assert len(widths) == 1, widths  # no row gained or lost a cell


def test_knowledge_base_text_is_escaped_not_interpreted() -> None:
    kb = nasty_kb()
    plan = nasty_plan(kb)
    text = plan_markdown(plan, kb)
    tokens = parse(text)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"em_open", "html_inline", "html_block"}
    # the only links are ours: from a session to its topic's heading in the same file
    hrefs = {
        str(c.attrs["href"]) for t in tokens for c in t.children or [] if c.type == "link_open"
    }
    assert hrefs and all(h.startswith("#") for h in hrefs)
    assert hrefs - {"#schedule"} <= {f"#{anchor(t.title)}" for t in plan.topics}
    code = {c.content for t in tokens for c in t.children or [] if c.type == "code_inline"}
    assert not code  # no text became code; sources are named by title, not file
    nasty_row = next(r for r in tables(tokens)[1] if "Cells" in r[0])
    assert rendered_text(nasty_row[1]) == " ".join(NASTY.split())
    assert rendered_text(md(NASTY)) == " ".join(NASTY.split())
    assert plan.fits


def test_markdown_sections_checklist_and_sources() -> None:
    kb = nasty_kb()
    plan = nasty_plan(kb)
    text = plan_markdown(plan, kb)
    headings = [
        tokens_inline.content
        for tok, tokens_inline in zip(parse(text), parse(text)[1:], strict=False)
        if tok.type == "heading_open" and tok.tag == "h2"
    ]
    assert headings == [
        "Profile and recommendation",
        "The interview loop",
        "Schedule",
        "What to study",
        "Checkpoints",
        "Sources",
    ]
    checklist = [line for line in text.splitlines() if line.startswith("- [ ] ")]
    assert len(checklist) == len(plan.sessions)
    weeks = [line for line in text.splitlines() if line.startswith("### Week ")]
    assert len(weeks) == len(plan.weeks)
    # each topic's material once, under its own heading, with its weight in words
    assert text.count("[Back to the schedule](#schedule)") == len(plan.topics)
    assert "Counts: " in text and "weight 3" not in text
    assert "- Best fits: Role A (81), Role N (74)" in text
    assert "- Self-assessment: Salary awareness 2/5" in text
    assert "- Why: Strong \\| fundamentals" in text
    assert "- Background: Software engineer" in text
    assert "**Day 0** (2026-03-02): Checkpoint task 0" in text
    assert "- A handbook (document, 2026)" in text and "000.txt" not in text
    assert "- Editorial (editorial, 2026)" in text


def test_markdown_reports_a_plan_that_does_not_fit() -> None:
    kb = make_kb()
    plan = build_plan(request(interview=START + timedelta(days=4), hours_per_week=1), kb)
    text = plan_markdown(plan, kb)
    assert not plan.fits
    assert "> **Does not fit:** " in text
    assert f"{len(plan.dropped)} topics did not fit" in text


def test_calendar_parses_with_one_event_per_session() -> None:
    kb = nasty_kb()
    plan = nasty_plan(kb)
    stamp = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)
    raw = plan_ics(plan, kb, stamp)
    assert raw.endswith("\r\n") and "\n" not in raw.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in raw.split("\r\n"))
    cal = icalendar.Calendar.from_ical(raw)
    events = cal.walk("VEVENT")
    assert len(events) == len(plan.sessions)
    assert len({str(e["UID"]) for e in events}) == len(events)
    by_day: dict[date, list[icalendar.Event]] = {}
    for event, session in zip(events, plan.sessions, strict=False):
        start = event.decoded("DTSTART")
        assert start.date() == session.day
        assert event.decoded("DURATION") == timedelta(minutes=session.minutes)
        assert str(event["SUMMARY"]) == f"{session.activity.value.capitalize()}: {session.title}"
        assert event.decoded("DTSTAMP") == stamp
        by_day.setdefault(session.day, []).append(event)
    # Sessions of one day follow each other without overlapping.
    for events_of_day in by_day.values():
        starts = [e.decoded("DTSTART") for e in events_of_day]
        ends = [s + e.decoded("DURATION") for s, e in zip(starts, events_of_day, strict=False)]
        assert all(end <= nxt for end, nxt in zip(ends, starts[1:], strict=False))
    nasty = next(
        e
        for e, s in zip(events, plan.sessions, strict=False)
        if s.activity is Activity.learn and s.topic_id == "role-n/unique"
    )
    assert str(nasty["SUMMARY"]) == f"Learn: Role N: {NASTY}"
    assert NASTY in str(nasty["DESCRIPTION"])


def test_fold_keeps_utf8_characters_whole() -> None:
    line = "DESCRIPTION:" + "é" * 100 + "x" * 10
    folded = fold(line)
    pieces = folded.split("\r\n ")
    assert "".join(pieces) == line
    assert all(len(p.encode()) <= 75 for p in pieces)
    assert all(len(p.encode()) <= 74 for p in pieces[1:])


def checklist_items(text: str) -> list[str]:
    """The rendered text of each item of the Schedule's weekly checklists, in order."""
    tokens = parse(text)
    start = next(
        i
        for i, tok in enumerate(tokens)
        if tok.type == "heading_open" and tokens[i + 1].content == "Schedule"
    )
    items: list[str] = []
    depth = 0
    for i, tok in enumerate(tokens[start + 3 :], start + 3):
        if tok.type == "heading_open" and (tok.tag == "h2" or tokens[i + 1].content == "Totals"):
            break
        if tok.type == "list_item_open":
            depth += 1
        elif tok.type == "list_item_close":
            depth -= 1
        elif tok.type == "inline" and depth == 1:
            items.append(rendered_text(tokens[i].content, links=True))
    return items


def test_each_checklist_item_is_its_session_date_activity_and_topic() -> None:
    kb = nasty_kb()
    plan = nasty_plan(kb)
    items = checklist_items(plan_markdown(plan, kb))
    assert len(items) == len(plan.sessions)
    for item, session in zip(items, plan.sessions, strict=True):
        # "[ ] WEEKDAY DATE · ACTIVITY · TOPIC (N min)", the topic as the reader sees it
        box, rest = item[:4], item[4:]
        assert box == "[ ] ", item
        day, activity, title = rest.split(" · ", 2)
        assert day == f"{session.day:%a} {session.day.isoformat()}", item
        assert activity == session.activity.value, item
        assert title == f"{' '.join(session.title.split())} ({session.minutes} min)", item
    # the nasty topic (pipes, backticks, a line break) stays one item with its whole title
    assert any(" ".join(NASTY.split()) in item for item in items)


def test_markdown_lists_skill_gaps_weak_spots_and_the_assessment_date() -> None:
    kb = make_kb()
    assessed = date(2026, 2, 20)
    plan = build_plan(
        request(
            roles=[RoleShare(role_id="role-a", share=1.0)],
            skill_gaps={"role-a": ["beta", "alpha"]},
            ratings={"salary-awareness": 2, "interview-knowledge": 1},
            weak_dimensions=["interview-knowledge", "salary-awareness"],
            assessed_on=assessed,
        ),
        kb,
    )
    lines = plan_markdown(plan, kb).splitlines()
    profile = lines[
        lines.index("## Profile and recommendation") + 1 : lines.index("## The interview loop")
    ]
    assert "- Skill gaps: Alpha, Beta" in profile
    assert "- Weak spots: Interview knowledge, Salary awareness" in profile
    assert f"- Assessed on {assessed.isoformat()}" in profile
    # without an assessment behind the plan, none of the three lines is written
    bare = plan_markdown(build_plan(request(), kb), kb)
    assert "Skill gaps:" not in bare and "Weak spots:" not in bare and "Assessed on" not in bare
