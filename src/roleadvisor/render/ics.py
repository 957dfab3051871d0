"""A study plan as an iCalendar file (RFC 5545): one event per session.

Written by hand to keep start-up light: text values are escaped (backslash, semicolon, comma,
newline), lines end in CRLF and are folded at 75 octets without splitting a UTF-8 character.
Sessions of a day follow one another from `day_start` in floating local time, so a calendar
shows them at that hour wherever the person is.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta, timezone

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.plan_models import PrepPlan
from roleadvisor.render.console import clean

DEFAULT_DAY_START = time(18, 0)
_LIMIT = 75


def escape(text: str) -> str:
    text = clean(text).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into CRLF + space continuations of at most 75 octets each."""
    parts: list[str] = []
    current, size = "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        limit = _LIMIT if not parts else _LIMIT - 1  # continuation lines start with a space
        if size + width > limit:
            parts.append(current)
            current, size = "", 0
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def _local(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def plan_ics(
    plan: PrepPlan,
    kb: KnowledgeBase,
    stamp: datetime,
    day_start: time = DEFAULT_DAY_START,
) -> str:
    """The calendar; `stamp` (when it was made, any time zone) becomes every DTSTAMP."""
    roles = " + ".join(kb.role(r.role_id).name for r in plan.request.roles)
    utc = stamp.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    seed = f"{plan.request.start}|{plan.request.interview}|{roles}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//roleadvisor//study plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape('Study plan: ' + roles)}",
    ]
    offsets: dict[date, int] = {}
    for index, s in enumerate(plan.sessions):
        begin = datetime.combine(s.day, day_start) + timedelta(minutes=offsets.get(s.day, 0))
        offsets[s.day] = offsets.get(s.day, 0) + s.minutes
        uid = hashlib.sha1(f"{seed}|{index}|{s.day}|{s.title}|{s.activity}".encode()).hexdigest()
        topic = plan.topic(s.topic_id) if s.topic_id else None
        description = [s.detail] if s.detail else []
        if topic and topic.skip:
            description.append("Skip: " + "; ".join(topic.skip))
        description.append(f"Week {s.week} of the plan; interview on {plan.request.interview}.")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid[:32]}@roleadvisor",
            f"DTSTAMP:{utc}",
            f"DTSTART:{_local(begin)}",
            f"DURATION:PT{s.minutes}M",
            f"SUMMARY:{escape(f'{s.activity.value.capitalize()}: {s.title}')}",
            f"DESCRIPTION:{escape(chr(10).join(description))}",
            f"CATEGORIES:{escape(s.activity.value)}",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
