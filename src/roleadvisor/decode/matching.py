"""Evidence matching: where the vocabulary stands in a posting, and in which section.

Every distinct piece of evidence is kept once, with the weight of the best section it was found
in and a readable quote of the sentence or bullet around it. Headings, the header line that
names the job, masked phrases and boilerplate are never evidence. An ambiguous keyword counts
only where its context rule allows it ("shipped features" is not feature engineering).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from roleadvisor.decode.quotes import quote
from roleadvisor.decode.results import Evidence
from roleadvisor.decode.sections import sections, weigh
from roleadvisor.decode.tables import Key, Rule, Vocabulary
from roleadvisor.decode.text import STOP, Token, contains, phrase_key, tokens


class Hit(NamedTuple):
    evidence: Evidence
    weight: float  # the highest section weight of any place it was found


class Found:
    """What one posting holds of the vocabulary (filled in by `find`)."""

    def __init__(self, words: int, toks: list[Token]) -> None:
        self.phrase_hits: dict[Key, Hit] = {}  # canonical phrase -> evidence, best section
        self.said: dict[Key, int] = {}  # canonical phrase -> times the job's own text says it
        self.skill_hits: dict[str, Hit] = {}  # skill id -> evidence in its best section
        self.skill_keys: dict[str, set[Key]] = {}  # skill id -> canonical keywords found
        self.context: dict[Key, float] = {}  # AI-context words -> best section weight
        self.context_count = 0  # how often AI-context words stand in the job's own sections
        self.words = words  # how many words the posting's weighted text has
        self.named: dict[str, int] = {}  # role id -> times the job's own text names it
        self.named_hits: dict[str, Hit] = {}  # role id -> where it names it first
        self.toks = toks


class Reader:
    """One posting's tokens, each with the weight of the section it stands in."""

    def __init__(self, text: str, vocab: Vocabulary, skip_first_line: bool) -> None:
        self.text = text
        self.toks = tokens(text)
        spans = sections(text, self.toks, vocab.sections, vocab.boilerplate, skip_first_line)
        self.weights = weigh(self.toks, spans)
        self.words = [t.text for t in self.toks]
        for i, n, _ in vocab.masks.scan(self.words):
            for j in range(i, i + n):
                self.words[j] = STOP
        for j, w in enumerate(self.weights):
            if w <= 0:
                self.words[j] = STOP  # headings, header line, boilerplate: never evidence

    def weight(self, i: int, n: int) -> float:
        return min(self.weights[i : i + n])

    def allowed(self, rule: Rule | None, i: int, n: int) -> bool:
        if rule is None:
            return True
        words = self.words
        for key in rule.not_after:
            if i >= len(key) and tuple(words[i - len(key) : i]) == key:
                return False
        for key in rule.not_before:
            after = words[i + n : i + n + len(key)]
            if len(after) == len(key) and (
                tuple(after) == key or (*after[:-1], after[-1].rstrip("s")) == key
            ):
                return False
        if rule.near:
            lo, hi = max(0, i - rule.window), min(len(words), i + n + rule.window)
            around = words[lo:i] + words[i + n : hi]
            if not any(contains(around, key) >= 0 for key in rule.near):
                return False
        return not (rule.not_in_names and self._in_name(i))

    def _in_name(self, i: int) -> bool:
        """Capitalised and right after another capitalised word on the line: part of a name."""
        tok = self.toks[i]
        if i == 0 or not self.text[tok.start].isupper():
            return False
        prev = self.toks[i - 1]
        between = self.text[prev.end : tok.start]
        return (
            prev.text != STOP
            and between.strip() == ""
            and "\n" not in between
            and (self.text[prev.start].isupper())
        )

    def evidence(self, i: int, n: int, kind: str, width: int, skill: str | None = None) -> Evidence:
        start, end = self.toks[i].start, self.toks[i + n - 1].end
        written = " ".join(self.text[start:end].split())
        return Evidence(written, quote(self.text, start, end, width), kind, skill)


def find(text: str, vocab: Vocabulary, skip_first_line: bool = False) -> Found:
    width = vocab.signals.scoring.quote_chars
    reader = Reader(text, vocab, skip_first_line)
    found = Found(sum(1 for w in reader.weights if w > 0), reader.toks)
    asks = vocab.signals.asks_weight

    def record(
        hits: dict[Any, Hit], ref: Any, i: int, n: int, kind: str, skill: str | None
    ) -> None:
        weight = reader.weight(i, n)
        old = hits.get(ref)
        if old is None or weight > old.weight:
            hits[ref] = Hit(reader.evidence(i, n, kind, width, skill), weight)

    for kind in ("phrase", "skill"):
        table = vocab.tables[kind]
        for i, n, key in table.scan(reader.words):
            if not reader.allowed(vocab.rules.get(key), i, n):
                continue
            if kind == "phrase" and reader.weight(i, n) >= asks:
                found.said[key] = found.said.get(key, 0) + 1
            for target in table.items[key]:
                if kind == "phrase":
                    record(found.phrase_hits, key, i, n, "phrase", None)
                else:
                    found.skill_keys.setdefault(target.ref, set()).add(key)
                    record(found.skill_hits, target.ref, i, n, "skill", target.ref)
    for i, tok in enumerate(reader.toks):
        written = text[tok.start : tok.end]
        if written not in vocab.exact or reader.words[i] == STOP:
            continue
        fence, skill_ids = vocab.exact[written]
        before = text[tok.start - 1] if tok.start else " "
        after = text[tok.end] if tok.end < len(text) else " "
        if before.isalnum() or after.isalnum() or before in fence or after in fence:
            continue
        for skill in skill_ids:
            found.skill_keys.setdefault(skill, set()).add(phrase_key(written))
            record(found.skill_hits, skill, i, 1, "skill", skill)
    _named(reader, vocab, found, record)
    for i, n, key in vocab.ai_context.scan(reader.words):
        weight = reader.weight(i, n)
        found.context[key] = max(found.context.get(key, 0.0), weight)
        if vocab.signals.decline is not None and weight >= vocab.signals.decline.context_weight:
            found.context_count += 1
    return found


def _named(reader: Reader, vocab: Vocabulary, found: Found, record: Any) -> None:
    """Where the job's own text names the role it offers: a title phrase, singular, after a
    frame word ("as a", "an") with at most a few words between ("a talented Senior ML Engineer"),
    in the job's own sections."""
    rule = vocab.signals.named_role
    if rule is None:
        return
    words = reader.words
    asks = vocab.signals.asks_weight
    for i, n, key in vocab.named.scan(words):
        if tuple(words[i : i + n]) != key or reader.weight(i, n) < asks:
            continue  # "ML engineers" are colleagues; the company blurb names no job
        if not _framed(words, i, vocab, rule.gap):
            continue
        for target in vocab.named.items[key]:
            found.named[target.ref] = found.named.get(target.ref, 0) + 1
            record(found.named_hits, target.ref, i, n, "named", None)


def _framed(words: list[str], i: int, vocab: Vocabulary, gap: int) -> bool:
    """Whether a frame word stands before words[i], within the same clause: seniority words and
    up to `gap` other words may stand between."""
    j, others = i - 1, 0
    while j >= 0 and words[j] != STOP:
        if words[j] in vocab.named_frames:
            return True
        if words[j] not in vocab.seniority_words:
            others += 1
            if others > gap:
                return False
        j -= 1
    return False
