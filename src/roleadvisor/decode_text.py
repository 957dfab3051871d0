"""Posting text for `decode`: HTML to text, tokens, sections and readable quotes.

Everything here runs in time linear in the input: postings come from anywhere, and a page of
unclosed tags or a line of twenty thousand spaces must not stall the command.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from typing import NamedTuple

# --- HTML ----------------------------------------------------------------------------------

_HTML_HINT = re.compile(r"<\s*(html|body|div|p|br|li|ul|ol|h[1-6]|span|strong|b|section)\b", re.I)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w:-]{0,30})[^<>]{0,2000}>")
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "title", "dd", "dt", "blockquote",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg"}
_CAPTURE_TAGS = {"title", "h1"}


def looks_like_html(raw: str) -> bool:
    return bool(_HTML_HINT.search(raw[:5000]))


def html_to_text(raw: str) -> tuple[str, str | None]:
    """Plain text of an HTML page and its title (the first h1, else <title>).

    A single forward scan: every search starts where the previous one stopped, and markup
    that never closes (a comment, a script) ends the text instead of being searched again.
    """
    low = raw.lower()
    parts: list[str] = []
    captured: dict[str, str] = {}
    capture: tuple[str, int] | None = None  # (tag, index in parts where it started)
    pos = 0
    while pos < len(raw):
        lt = raw.find("<", pos)
        if lt < 0:
            parts.append(raw[pos:])
            break
        parts.append(raw[pos:lt])
        if raw.startswith("<!--", lt):
            close = raw.find("-->", lt + 4)
            if close < 0:
                break  # an unclosed comment hides the rest of the page
            pos = close + 3
            continue
        m = _TAG.match(raw, lt)
        if m is None:
            parts.append("<")
            pos = lt + 1
            continue
        closing, tag = m.group(1) == "/", m.group(2).lower()
        pos = m.end()
        if tag in _SKIP_TAGS and not closing:
            close = low.find(f"</{tag}", pos)
            if close < 0:
                break
            end = raw.find(">", close)
            pos = len(raw) if end < 0 else end + 1
            continue
        if tag in _CAPTURE_TAGS:
            if not closing and capture is None:
                capture = (tag, len(parts))
            elif closing and capture is not None and capture[0] == tag:
                text = " ".join(html.unescape("".join(parts[capture[1] :])).split())
                captured.setdefault(tag, text)
                if tag == "title":
                    del parts[capture[1] :]  # the page title is not posting text
                capture = None
        if tag in _BLOCK_TAGS:
            parts.append("\n")
    text = html.unescape("".join(parts))
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" ?\n[ \n]*\n", "\n\n", text)
    title = captured.get("h1") or captured.get("title") or None
    return text.strip(), title


# --- folding and tokens --------------------------------------------------------------------

# Same-length replacements, so positions in the folded text are positions in the original.
_FOLD = str.maketrans({
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u2018": "'", "\u2019": "'", "\u00a0": " ", "\u202f": " ",
})  # fmt: skip

# A word (dotted names like node.js stay whole, c++ and c# keep their signs), a joining sign
# that phrases may contain, or a stop that no phrase crosses.
_TOKEN = re.compile(r"[^\W_]+(?:\.[^\W_]+)*[+#]*|[/&]|[.;:!?()\[\]|•·]|\n[ \t]*\n")
_STOP = "|"


def fold(text: str) -> str:
    """Lower case and plain punctuation, position for position."""
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two; keep positions aligned
        low = "".join(c.lower()[:1] or c for c in text)
    return low.translate(_FOLD)


class Token(NamedTuple):
    text: str  # folded; "&" reads as "and"; every stop reads as "|"
    start: int
    end: int


_SPECIAL = {"&": "and", "/": "/"}


def tokens(text: str) -> list[Token]:
    out = []
    for m in _TOKEN.finditer(fold(text)):
        word = m.group(0)
        if not word[0].isalnum():
            word = _SPECIAL.get(word, _STOP)
        out.append(Token(word, m.start(), m.end()))
    return out


def words(text: str) -> list[str]:
    return [t.text for t in tokens(text)]


_PLAIN_PHRASE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789 -")


@functools.lru_cache(maxsize=8192)
def phrase_key(phrase: str) -> tuple[str, ...]:
    """The token sequence a vocabulary phrase matches (spaces and hyphens alike)."""
    low = phrase.lower()
    if _PLAIN_PHRASE.issuperset(low):  # most of the vocabulary: words, spaces and hyphens
        return tuple(low.replace("-", " ").split())
    found = _TOKEN.findall(low.translate(_FOLD))
    return tuple(
        w if w[0].isalnum() else _SPECIAL[w] for w in found if w[0].isalnum() or w in _SPECIAL
    )


# --- sections ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionRule:
    kind: str
    weight: float
    headings: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Span:
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
    key = [w for w in words(line) if w != _STOP]
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
    for j, tok in enumerate([*toks, Token(_STOP, len(text), len(text))]):
        if tok.start < len(text) and not (tok.text == _STOP and text[tok.start] == "\n"):
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


# --- quotes --------------------------------------------------------------------------------

_CLAUSE_STARTS = ("\n\n", ". ", "! ", "? ", "; ", ":\n", "\n-", "\n•", "\n*", "\n·")


def quote(text: str, start: int, end: int, width: int) -> str:
    """The sentence or bullet around text[start:end], line breaks kept, never cut mid-word.

    A sentence may reach about three `width`s on each side, and what one side does not use the
    other may; past that it is cut at the nearest comma or word boundary, with an ellipsis.
    """
    left_limit = max(0, start - 3 * width)
    left = left_limit
    for mark in _CLAUSE_STARTS:
        i = text.rfind(mark, left_limit, start)
        if i >= 0:
            left = max(left, i + len(mark))
    if left == left_limit and left_limit > 0:
        left = _soft_cut_left(text, left_limit, start, width)
    found_start = left > left_limit or left_limit == 0
    spare = 3 * width - (start - left) if found_start else 0
    right_limit = min(len(text), end + 3 * width + spare)
    right = right_limit
    for mark in _CLAUSE_STARTS:
        i = text.find(mark, end, right_limit)
        if i >= 0:
            right = min(right, i + (1 if mark[0] in ".!?;" else 0))
    if right == right_limit and right_limit < len(text):
        right = _soft_cut_right(text, end, right_limit, width)
    body = text[left:right]
    lines = [" ".join(line.split()) for line in body.splitlines()]
    snippet = "\n".join(line for line in lines if line).strip(" -•*·")
    cut_left = left > 0 and text[left - 1] not in "\n.!?;:-•*·"
    cut_right = right < len(text) and text[right - 1] not in ".!?;" and text[right] != "\n"
    return ("…" if cut_left else "") + snippet + ("…" if cut_right else "")


def _soft_cut_left(text: str, limit: int, start: int, width: int) -> int:
    i = text.rfind(", ", max(limit, start - 2 * width), start)
    if i >= 0:
        return i + 2
    i = text.find(" ", max(limit, start - width), start)
    return i + 1 if i >= 0 else start


def _soft_cut_right(text: str, end: int, limit: int, width: int) -> int:
    i = text.find(",", end, min(limit, end + 2 * width))
    if i >= 0:
        return i
    i = text.rfind(" ", end, min(limit, end + width))
    return i if i >= 0 else end
