"""Readable quotes: the sentence or bullet a piece of evidence stands in, never cut mid-word."""

from __future__ import annotations

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
