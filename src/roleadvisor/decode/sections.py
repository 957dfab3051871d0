"""Section weighting: which part of a posting a token stands in, and what that part weighs.

A heading line opens a section (duties, requirements, the company's story, benefits) and is
never evidence itself; neither is the header line that names the job. A paragraph holding
boilerplate (equal-opportunity or privacy text) weighs nothing wherever it stands. Runs in time
linear in the text.
"""

from __future__ import annotations

from typing import NamedTuple

from roleadvisor.decode.text import STOP, Token, words


class SectionRule(NamedTuple):
    kind: str
    weight: float
    headings: tuple[tuple[str, ...], ...]


class Span(NamedTuple):
    start: int
    end: int
    weight: float
    kind: str


_HEADING_MAX_WORDS = 8


_Index = dict[str, list[tuple[tuple[str, ...], SectionRule]]]


def _heading_kind(line: str, index: _Index) -> SectionRule | None:
    """The section a short line opens, by the longest heading phrase it starts with."""
    if len(line) > 80 or line.rstrip().endswith((".", ",")):
        return None
    head = line.split(None, 1)
    if not head or head[0].lower().strip("#*-•:'\"") not in index:
        return None
    key = [w for w in words(line) if w != STOP]
    if not key or len(key) > _HEADING_MAX_WORDS:
        return None
    best: tuple[int, SectionRule] | None = None
    for heading, rule in index.get(key[0], []):
        if tuple(key[: len(heading)]) == heading and (best is None or len(heading) > best[0]):
            best = (len(heading), rule)
    return best[1] if best else None


def _looks_like_heading(line: str) -> bool:
    stripped = line.strip().strip("#*").strip()
    return (
        0 < len(stripped.split()) <= _HEADING_MAX_WORDS
        and stripped[:1].isupper()
        and not stripped.endswith((".", ",", ";"))
    )


def sections(
    text: str,
    toks: list[Token],
    rules: list[SectionRule],
    boilerplate: set[tuple[str, ...]],
    skip_first_line: bool,
) -> list[Span]:
    """Spans of the text with the weight their section gives evidence.

    Heading lines open a section and are never evidence themselves; so is the header line that
    names the job. A paragraph holding boilerplate (equal-opportunity or privacy text) weighs
    nothing wherever it stands.
    """
    index: _Index = {}
    for r in rules:
        for heading in r.headings:
            index.setdefault(heading[0], []).append((heading, r))
    spans: list[Span] = []
    current = Span(0, 0, 1.0, "body")
    pos = 0
    first = skip_first_line
    after_blank = True
    for line in text.splitlines(keepends=True):
        start, end = pos, pos + len(line)
        pos = end
        blank_before, after_blank = after_blank, not line.strip()
        if not line.strip():
            continue
        if first:
            spans.append(Span(start, end, 0.0, "header"))
            first = False
            continue
        rule = _heading_kind(line, index)
        if rule is not None:
            spans.append(Span(start, end, 0.0, "heading"))
            current = Span(0, 0, rule.weight, rule.kind)
            continue
        if blank_before and _looks_like_heading(line):
            current = Span(0, 0, 1.0, "body")  # a heading we do not know: the job's own text
        spans.append(Span(start, end, current.weight, current.kind))
    if boilerplate:
        spans = _drop_boilerplate(text, toks, spans, boilerplate)
    return spans


def _drop_boilerplate(
    text: str, toks: list[Token], spans: list[Span], markers: set[tuple[str, ...]]
) -> list[Span]:
    """Zero the spans of every paragraph (text between blank lines) that holds a marker."""
    longest = max(len(m) for m in markers)
    firsts = {m[0] for m in markers}
    flagged: list[tuple[int, int]] = []  # (start, end) of boilerplate paragraphs
    para_start, begin = 0, 0
    for j, tok in enumerate([*toks, Token(STOP, len(text), len(text))]):
        if tok.start < len(text) and not (tok.text == STOP and text[tok.start] == "\n"):
            continue
        para = [t.text for t in toks[begin:j]]
        if any(
            tuple(para[i : i + n]) in markers
            for i in range(len(para))
            if para[i] in firsts
            for n in range(1, longest + 1)
        ):
            flagged.append((para_start, tok.end))
        para_start, begin = tok.end, j + 1
    out: list[Span] = []
    k = 0
    for s in spans:  # both in text order: walk them together
        while k < len(flagged) and flagged[k][1] <= s.start:
            k += 1
        inside = k < len(flagged) and flagged[k][0] <= s.start
        out.append(Span(s.start, s.end, 0.0, "boilerplate") if inside else s)
    return out


def weigh(toks: list[Token], spans: list[Span]) -> list[float]:
    """Each token's weight: that of the span it stands in (0 outside every span)."""
    out = []
    k = 0
    for t in toks:
        while k < len(spans) and spans[k].end <= t.start:
            k += 1
        inside = k < len(spans) and spans[k].start <= t.start
        out.append(spans[k].weight if inside else 0.0)
    return out
