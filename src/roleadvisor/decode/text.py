"""Posting text for `decode`: HTML to text, folding, tokens and vocabulary phrase keys.

Everything here runs in time linear in the input: postings come from anywhere, and a page of
unclosed tags or a line of twenty thousand spaces must not stall the command.
"""

from __future__ import annotations

import functools
import html
import re
from typing import NamedTuple

# --- HTML ----------------------------------------------------------------------------------

_HTML_HINT = r"<\s*(html|body|div|p|br|li|ul|ol|h[1-6]|span|strong|b|section)\b"
_TAG = r"<\s*(/?)\s*([a-zA-Z][\w:-]{0,30})[^<>]{0,2000}>"
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header",
    "footer", "h1", "h2", "h3", "h4", "h5", "h6", "title", "dd", "dt", "blockquote",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "svg"}
_CAPTURE_TAGS = {"title", "h1"}


@functools.cache
def _pattern(source: str, flags: int = 0) -> re.Pattern[str]:
    """Compiled on first use: a plain-text posting never compiles the HTML patterns."""
    return re.compile(source, flags)


def looks_like_html(raw: str) -> bool:
    head = raw[:5000]
    return "<" in head and bool(_pattern(_HTML_HINT, re.I).search(head))


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
    tag_pattern = _pattern(_TAG)
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
        m = tag_pattern.match(raw, lt)
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
STOP = "|"


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
            word = _SPECIAL.get(word, STOP)
        out.append(Token(word, m.start(), m.end()))
    return out


def words(text: str) -> list[str]:
    return [t.text for t in tokens(text)]


def contains(words: list[str], key: tuple[str, ...]) -> int:
    """Where the token sequence `key` starts in `words`, or -1."""
    n = len(key)
    for i in range(len(words) - n + 1):
        if words[i] == key[0] and tuple(words[i : i + n]) == key:
            return i
    return -1


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
