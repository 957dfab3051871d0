"""Read a job posting and say which role it really is.

Pure: text in, `DecodeResult` out. The vocabulary is data (skill keywords in skills.yaml, role
skills and signals in roles.yaml, phrases, titles and rules in signals.yaml); this module only
knows how to match it. Every distinct piece of evidence counts once, counts less when many roles
share it, and counts by the section it stands in (the job's duties fully, the company's story
little, benefits and equal-opportunity text not at all). What the person will do all day weighs
most: a role's duties count above its other phrases (a little more when the posting keeps
coming back to one, within a bound), and its tools add up only toward a cap.
A posting whose own sections show no AI work is declined rather than forced onto a role.
Text handling (HTML, tokens, sections, quotes) lives in `decode_text`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from roleadvisor.decode_text import (
    SectionRule,
    Span,
    Token,
    fold,
    html_to_text,
    looks_like_html,
    phrase_key,
    quote,
    sections,
    tokens,
)
from roleadvisor.errors import KnowledgeBaseError, UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.files import SIGNALS_FILE as FILE_NAME
from roleadvisor.kb.files import paused_gc

if TYPE_CHECKING:
    from roleadvisor.kb.signals_models import SignalsFile

__all__ = [
    "DecodeResult",
    "check_skills",
    "decode",
    "html_to_text",
    "prepare",
    "skills_in",
    "title_role",
    "vocabulary",
]

MAX_CHARS = 200_000  # a posting is a few thousand characters; refuse runaway input

# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    phrase: str  # as written in the posting
    quote: str  # the sentence or bullet it stands in, line breaks kept
    kind: str  # "phrase" (role vocabulary), "skill" or "title"
    skill: str | None = None


@dataclass(frozen=True)
class RoleMatch:
    role: str
    name: str
    tier: str
    family: str
    score: float
    share: int  # score as a percentage of the best match
    evidence: list[Evidence]


@dataclass(frozen=True)
class SkillFound:
    skill: str
    name: str
    evidence: Evidence


@dataclass(frozen=True)
class Seniority:
    level: str | None
    name: str | None
    years: int | None
    evidence: list[str]


@dataclass(frozen=True)
class TitleCheck:
    title: str | None
    title_role: str | None
    content_role: str | None
    verdict: str  # "agrees", "refines" (same family), "disagrees", "unknown"


@dataclass(frozen=True)
class MultiRoleFlag:
    flagged: bool
    roles: list[str]
    families: list[str]
    meaning: str | None
    signs: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class LoopRound:
    kind: str
    title: str
    tests: str
    emphasis: int


@dataclass(frozen=True)
class LoopSummary:
    role: str
    name: str
    emphasis: str
    rounds: list[LoopRound]


OUTCOMES = ("role", "not-ai", "too-little")


@dataclass(frozen=True)
class DecodeResult:
    title: str | None
    matches: list[RoleMatch]  # every role with evidence, best first
    skills: list[SkillFound]  # the skills the job asks for (not those of the company blurb)
    seniority: Seniority
    title_check: TitleCheck
    multi_role: MultiRoleFlag
    loop: LoopSummary | None
    outcome: str = "role"  # one of OUTCOMES: a role, not an AI role, too little to go on
    reason: str | None = None  # one line: why decode declined

    @property
    def best(self) -> RoleMatch | None:
        """The role the posting reads as; None when decode declined to name one."""
        if self.outcome != "role":
            return None
        return self.matches[0] if self.matches else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class SkillCheck:
    """The posting's skills split by whether the person already has them."""

    met: list[str]
    missing: list[str]


# --- the vocabulary ------------------------------------------------------------------------

Key = tuple[str, ...]


def canonical(phrase: str) -> str:
    return " ".join(phrase_key(phrase))


@dataclass(frozen=True)
class _Target:
    kind: str  # "skill" or "phrase"
    ref: str  # skill id or role id


class _Table:
    """Token sequences to what they name; matched longest first, a plural ending allowed.

    Every written form (the key, and its plural when it ends in a letter) maps to its key, and
    each first word knows the lengths of the forms it starts, longest first: a scan tries only
    those at each word, so it stays linear in the text whatever the text repeats, and building
    the table is one dictionary entry per form.
    """

    def __init__(self) -> None:
        self.items: dict[Key, list[_Target]] = {}
        self.forms: dict[Key, Key] = {}  # written form -> key
        self.lengths: dict[str, list[int]] = {}  # first word -> form lengths, longest first

    def add(self, key: Key, target: _Target) -> None:
        if not key:
            return
        targets = self.items.setdefault(key, [])
        if target in targets:
            return
        targets.append(target)
        forms = [key]
        if key[-1][-1:].isalpha():
            forms += [(*key[:-1], key[-1] + "s"), (*key[:-1], key[-1] + "es")]
        for form in forms:
            if form == key or form not in self.items:  # a key written out beats a plural
                self.forms[form] = key
            lengths = self.lengths.setdefault(form[0], [])
            if len(form) not in lengths:
                lengths.append(len(form))
                lengths.sort(reverse=True)

    def scan(self, words: list[str]) -> list[tuple[int, int, Key]]:
        """Leftmost-longest, non-overlapping matches as (first token, token count, key)."""
        out = []
        forms, lengths = self.forms, self.lengths
        i, total = 0, len(words)
        while i < total:
            step = 1
            for n in lengths.get(words[i], ()):
                if i + n <= total:
                    key = forms.get(tuple(words[i : i + n]))
                    if key is not None:
                        out.append((i, n, key))
                        step = n
                        break
            i += step
        return out


@dataclass(frozen=True)
class _Rule:
    not_before: frozenset[Key]
    not_after: frozenset[Key]
    near: frozenset[Key]
    window: int
    not_in_names: bool


@dataclass
class _Vocabulary:
    signals: SignalsFile
    tables: dict[str, _Table]  # "skill" and "phrase": a phrase never hides a skill inside it
    masks: _Table
    exact: dict[str, tuple[str, list[str]]]  # as written -> (fence characters, skill ids)
    rules: dict[Key, _Rule]
    sections: list[SectionRule]
    boilerplate: set[Key]
    ai_context: _Table
    titles: list[tuple[list[Key], int, str]]  # (parts, specificity, role id)
    seniority_titles: list[tuple[Key, str]]
    seniority_phrases: _Table
    family_of: dict[str, str]
    role_phrases: dict[str, set[Key]]  # phrases and duties alike
    role_duties: dict[str, set[Key]]
    role_skills: dict[str, set[str]]
    phrase_spec: dict[Key, float]
    skill_spec: dict[str, float]
    possible: dict[str, float]
    scale: float


_CACHE: dict[int, tuple[KnowledgeBase, _Vocabulary]] = {}


def signals_of(kb: KnowledgeBase) -> SignalsFile:
    model: SignalsFile | None = kb.extras.get(FILE_NAME)
    if model is None:
        raise KnowledgeBaseError([f"{FILE_NAME}: missing from the knowledge base"])
    return model


def vocabulary(kb: KnowledgeBase) -> _Vocabulary:
    """The vocabulary of a knowledge base as token tables, built once per knowledge base.

    Plain dictionaries of token sequences: building them is a few milliseconds of string
    splitting (one entry per written form, a phrase's tokens read without a regular expression
    when it is plain words), with no regular expression to compile and nothing cached on disk.
    Cyclic garbage collection waits meanwhile: the thousands of small tuples built here would
    otherwise set off collections that walk the whole knowledge base again and again.
    """
    cached = _CACHE.get(id(kb))
    if cached is not None and cached[0] is kb:
        return cached[1]
    with paused_gc():  # the tables live for the whole run; collections would only walk them
        vocab = _build(kb)
    _CACHE[id(kb)] = (kb, vocab)
    return vocab


def _keys(phrases: Iterable[str]) -> frozenset[Key]:
    return frozenset(k for k in (phrase_key(p) for p in phrases) if k)


def _build(kb: KnowledgeBase) -> _Vocabulary:
    signals = signals_of(kb)
    weights = signals.scoring
    exact_keys = {phrase_key(e.keyword) for e in signals.exact_case}
    tables = {"skill": _Table(), "phrase": _Table()}
    for skill in kb.skills_file.skills:
        for keyword in skill.keywords:
            key = phrase_key(keyword)
            if key not in exact_keys:
                tables["skill"].add(key, _Target("skill", skill.id))
    by_role = {s.role: s for s in signals.roles}
    role_phrases: dict[str, set[Key]] = {}
    role_duties: dict[str, set[Key]] = {}
    for role in kb.roles:
        entry = by_role.get(role.id)
        role_duties[role.id] = set(_keys(entry.duties)) if entry else set()
        role_phrases[role.id] = (set(_keys(entry.phrases)) if entry else set()) | role_duties[
            role.id
        ]
        for key in role_phrases[role.id]:
            tables["phrase"].add(key, _Target("phrase", role.id))
    role_skills = {r.id: set(r.skills.items) for r in kb.roles}

    n_roles = max(len(kb.roles), 1)
    phrase_df: dict[Key, int] = {}
    for keys in role_phrases.values():
        for k in keys:
            phrase_df[k] = phrase_df.get(k, 0) + 1
    skill_df: dict[str, int] = {}
    for skills in role_skills.values():
        for s in skills:
            skill_df[s] = skill_df.get(s, 0) + 1
    phrase_spec = {k: 1.0 / df for k, df in phrase_df.items()}
    skill_spec = {
        s: math.log(1 + n_roles / df) / math.log(1 + n_roles) for s, df in skill_df.items()
    }
    possible = {
        r: sum(
            (weights.duty if k in role_duties[r] else weights.phrase) * phrase_spec[k]
            for k in role_phrases[r]
        )
        + _tools(weights.skill * sum(skill_spec[s] for s in role_skills[r]), weights.tool_cap)
        for r in role_skills
    }
    mean_possible = sum(possible.values()) / n_roles if possible else 1.0

    exact: dict[str, tuple[str, list[str]]] = {}
    for e in signals.exact_case:
        key = phrase_key(e.keyword)
        ids = [t.ref for t in tables["skill"].items.get(key, [])] or [
            s.id for s in kb.skills_file.skills if any(phrase_key(k) == key for k in s.keywords)
        ]
        exact[e.written] = (e.not_next_to, ids)

    masks = _Table()
    for m in signals.masks:
        masks.add(phrase_key(m), _Target("mask", ""))
    ai_context = _Table()
    if signals.decline is not None:
        for p in signals.decline.ai_context:
            ai_context.add(phrase_key(p), _Target("context", ""))
    seniority_phrases = _Table()
    for lv in signals.seniority:
        for p in lv.phrases:
            seniority_phrases.add(phrase_key(p), _Target("level", lv.id))
    titles = []
    for entry in signals.roles:
        for t in entry.titles:
            parts = [phrase_key(p) for p in t.split(" + ") if phrase_key(p)]
            titles.append((parts, sum(len(" ".join(p)) for p in parts), entry.role))
    return _Vocabulary(
        signals=signals,
        tables=tables,
        masks=masks,
        exact=exact,
        rules={
            phrase_key(a.keyword): _Rule(
                _keys(a.not_before), _keys(a.not_after), _keys(a.near), a.window, a.not_in_names
            )
            for a in signals.ambiguous
        },
        sections=[
            SectionRule(s.id, s.weight, tuple(sorted(_keys(s.headings)))) for s in signals.sections
        ],
        boilerplate=set(_keys(signals.boilerplate)),
        ai_context=ai_context,
        titles=titles,
        seniority_titles=[
            (phrase_key(w), lv.id) for lv in signals.seniority for w in lv.title_words
        ],
        seniority_phrases=seniority_phrases,
        family_of={r: f.id for f in signals.families for r in f.roles},
        role_phrases=role_phrases,
        role_duties=role_duties,
        role_skills=role_skills,
        phrase_spec=phrase_spec,
        skill_spec=skill_spec,
        possible=possible,
        scale=mean_possible**weights.size_damping,
    )


# --- matching ------------------------------------------------------------------------------


def _contains(words: list[str], key: Key) -> int:
    """Where the token sequence `key` starts in `words`, or -1."""
    n = len(key)
    for i in range(len(words) - n + 1):
        if words[i] == key[0] and tuple(words[i : i + n]) == key:
            return i
    return -1


@dataclass
class _Hit:
    evidence: Evidence
    weight: float  # the highest section weight of any place it was found


@dataclass
class _Found:
    phrase_hits: dict[Key, _Hit]  # canonical phrase -> first evidence in its best section
    said: dict[Key, int]  # canonical phrase -> how often the job's own text says it
    skill_hits: dict[str, _Hit]  # skill id -> first evidence in its best section
    skill_keys: dict[str, set[Key]]  # skill id -> canonical keywords found
    context: dict[Key, float]  # AI-context words -> best section weight
    context_count: int  # how often AI-context words stand in the job's own sections
    words: int  # how many words the posting's weighted text has
    toks: list[Token] = field(default_factory=list)


class _Reader:
    """One posting's tokens, each with the weight of the section it stands in."""

    def __init__(self, text: str, vocab: _Vocabulary, skip_first_line: bool) -> None:
        self.text = text
        self.toks = tokens(text)
        spans = sections(text, self.toks, vocab.sections, vocab.boilerplate, skip_first_line)
        self.weights = _weigh(self.toks, spans)
        self.words = [t.text for t in self.toks]
        for i, n, _ in vocab.masks.scan(self.words):
            for j in range(i, i + n):
                self.words[j] = "|"
        for j, w in enumerate(self.weights):
            if w <= 0:
                self.words[j] = "|"  # headings, header line, boilerplate: never evidence

    def weight(self, i: int, n: int) -> float:
        return min(self.weights[i : i + n])

    def allowed(self, rule: _Rule | None, i: int, n: int) -> bool:
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
            if not any(_contains(around, key) >= 0 for key in rule.near):
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
            prev.text != "|"
            and between.strip() == ""
            and "\n" not in between
            and (self.text[prev.start].isupper())
        )

    def evidence(self, i: int, n: int, kind: str, width: int, skill: str | None = None) -> Evidence:
        start, end = self.toks[i].start, self.toks[i + n - 1].end
        written = " ".join(self.text[start:end].split())
        return Evidence(written, quote(self.text, start, end, width), kind, skill)


def _weigh(toks: list[Token], spans: list[Span]) -> list[float]:
    out = []
    k = 0
    for t in toks:
        while k < len(spans) and spans[k].end <= t.start:
            k += 1
        inside = k < len(spans) and spans[k].start <= t.start
        out.append(spans[k].weight if inside else 0.0)
    return out


def _find(text: str, vocab: _Vocabulary, skip_first_line: bool = False) -> _Found:
    width = vocab.signals.scoring.quote_chars
    reader = _Reader(text, vocab, skip_first_line)
    found = _Found({}, {}, {}, {}, {}, 0, sum(1 for w in reader.weights if w > 0), reader.toks)
    asks = vocab.signals.asks_weight

    def record(
        hits: dict[Any, _Hit], ref: Any, i: int, n: int, kind: str, skill: str | None
    ) -> None:
        weight = reader.weight(i, n)
        old = hits.get(ref)
        if old is None or weight > old.weight:
            hits[ref] = _Hit(reader.evidence(i, n, kind, width, skill), weight)

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
        if written not in vocab.exact or reader.words[i] == "|":
            continue
        fence, skill_ids = vocab.exact[written]
        before = text[tok.start - 1] if tok.start else " "
        after = text[tok.end] if tok.end < len(text) else " "
        if before.isalnum() or after.isalnum() or before in fence or after in fence:
            continue
        for skill in skill_ids:
            found.skill_keys.setdefault(skill, set()).add(phrase_key(written))
            record(found.skill_hits, skill, i, 1, "skill", skill)
    for i, n, key in vocab.ai_context.scan(reader.words):
        weight = reader.weight(i, n)
        found.context[key] = max(found.context.get(key, 0.0), weight)
        if vocab.signals.decline is not None and weight >= vocab.signals.decline.context_weight:
            found.context_count += 1
    return found


def title_role(title: str | None, kb: KnowledgeBase) -> str | None:
    """The role a title names: the most specific title pattern that matches it."""
    if not title:
        return None
    vocab = vocabulary(kb)
    words = [t.text for t in tokens(title)]
    best: tuple[int, str] | None = None
    for parts, specificity, role in vocab.titles:
        if all(_contains(words, p) >= 0 for p in parts) and (best is None or specificity > best[0]):
            best = (specificity, role)
    return best[1] if best else None


def _tools(raw: float, cap: float | None) -> float:
    """A role's tools saturate toward `cap`: many tools add little over a few."""
    if cap is None or cap <= 0:
        return raw
    return cap * (1.0 - math.exp(-raw / cap))


def _score(found: _Found, vocab: _Vocabulary, role: str) -> tuple[float, list[Evidence]]:
    """The role's evidence: duties (said again, a little more) over other phrases; tools."""
    weights = vocab.signals.scoring
    raw = 0.0
    evidence: list[tuple[float, Evidence]] = []
    phrases = vocab.role_phrases.get(role, set())
    duties = vocab.role_duties.get(role, set())
    for key, hit in found.phrase_hits.items():
        if key not in phrases:
            continue
        # a duty the text keeps coming back to is what the day is made of, within bounds
        if key in duties:
            said = min(found.said.get(key, 1), weights.repeat_cap)
            weight = weights.duty * (1.0 + weights.repeat * math.log(max(said, 1)))
        else:
            weight = weights.phrase
        raw += weight * vocab.phrase_spec[key] * hit.weight
        evidence.append((hit.weight, hit.evidence))
    tools = 0.0
    for skill, hit in found.skill_hits.items():
        if skill not in vocab.role_skills.get(role, set()):
            continue
        if found.skill_keys.get(skill, set()) <= phrases:
            continue  # already counted as the role's own phrase: one piece of evidence
        tools += weights.skill * vocab.skill_spec[skill] * hit.weight
        evidence.append((hit.weight, hit.evidence))
    raw += _tools(tools, weights.tool_cap)
    damped = raw * vocab.scale / max(vocab.possible.get(role, 1.0), 1e-9) ** weights.size_damping
    evidence.sort(key=lambda we: -we[0])  # what the job asks first, company blurb last
    return damped, [e for _, e in evidence]


def _seniority(title: str | None, text: str, toks: list[Token], vocab: _Vocabulary) -> Seniority:
    levels = vocab.signals.seniority
    order = {lv.id: i for i, lv in enumerate(levels)}
    names = {lv.id: lv.name for lv in levels}
    evidence: list[str] = []
    chosen: str | None = None
    if title:
        title_toks = tokens(title)
        title_words = [t.text for t in title_toks]
        for key, level in vocab.seniority_titles:
            i = _contains(title_words, key)
            if i >= 0:
                written = title[title_toks[i].start : title_toks[i + len(key) - 1].end]
                evidence.append(f'title: "{written}"')
                if chosen is None or order[level] > order[chosen]:
                    chosen = level
    years = _years(text)
    if years is not None:
        evidence.append(f"asks for {years}+ years of experience")
        if chosen is None:
            for lv in levels:
                top = lv.max_years if lv.max_years is not None else 99
                if (lv.min_years or lv.max_years is not None) and lv.min_years <= years <= top:
                    chosen = lv.id
                    break
    seen: set[Key] = set()
    for i, n, key in vocab.seniority_phrases.scan([t.text for t in toks]):
        if key in seen:
            continue
        seen.add(key)
        evidence.append(f'text: "{" ".join(text[toks[i].start : toks[i + n - 1].end].split())}"')
        if chosen is None:
            chosen = vocab.seniority_phrases.items[key][0].ref
    return Seniority(chosen, names.get(chosen) if chosen else None, years, evidence)


# Every repetition is bounded or separated by a required token, so a long run of spaces or
# digits cannot make the engine backtrack over it again and again.
_YEARS = re.compile(
    r"(?<![\d.])(\d{1,2})[ \t]{0,3}\+?[ \t]{0,3}"
    r"(?:(?:-|to)[ \t]{0,3}\d{1,2}[ \t]{0,3}\+?[ \t]{0,3})?"
    r"(?:years|yrs)\b(?:(?!\n\n).){0,60}?\b(?:experience|exp)\b",
    re.I | re.S,
)


def _years(text: str) -> int | None:
    """The years of experience the posting asks for (the largest minimum it names)."""
    found = [int(m.group(1)) for m in _YEARS.finditer(fold(text))]
    found = [y for y in found if 0 < y <= 25]
    return max(found) if found else None


# --- the whole reading ---------------------------------------------------------------------


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line:
            return line
    return None


def _first_line_title(text: str) -> str | None:
    line = _first_line(text)
    return line if line and len(line) <= 120 else None


def prepare(raw: str, title: str | None = None) -> tuple[str, str | None]:
    """The plain text of a posting (HTML converted) and its title (given, or found)."""
    if len(raw) > MAX_CHARS:
        raise UsageError(
            f"The posting is {len(raw):,} characters; the limit is {MAX_CHARS:,}. "
            "Give the posting's text, not a whole web site."
        )
    text, html_title = html_to_text(raw) if looks_like_html(raw) else (raw, None)
    if not text.strip():
        raise UsageError("The posting is empty. Give a file with the job description's text.")
    chosen = title or html_title or _first_line_title(text)
    return text, (" ".join(chosen.split()) if chosen else None)


def _is_header(text: str, title: str | None) -> bool:
    """Whether the first line only names the job (never evidence, never a quote)."""
    first = _first_line(text)
    if first is None or title is None or first.endswith((".", "!", "?")):
        return False
    if not text.strip()[len(first) :].strip():
        return False  # a one-line posting is all body
    return " ".join(first.split()).lower() == title.lower() or (
        len(first) <= 120 and title.lower() in first.lower()
    )


def _decline(found: _Found, vocab: _Vocabulary, matches: list[RoleMatch]) -> tuple[str, str | None]:
    """Whether the posting is an AI role at all, and enough of one to read; why not, if not."""
    rule = vocab.signals.decline
    if rule is None:
        return ("role", None) if matches else ("too-little", "Nothing matched any role.")
    own = sorted(" ".join(k) for k, w in found.context.items() if w >= rule.context_weight)
    elsewhere = sorted(" ".join(k) for k, w in found.context.items() if w < rule.context_weight)
    if found.context_count < rule.min_context:
        if own:
            detail = f"only {_listing(own)} in what the job asks"
        elif elsewhere:
            detail = (
                f"AI appears only in the company description or boilerplate ({_listing(elsewhere)})"
            )
        else:
            detail = "no AI or machine-learning work is mentioned"
        return "not-ai", f"Not an AI role: {detail}."
    hits = [*found.phrase_hits.values(), *found.skill_hits.values()]
    evidence = sum(1 for h in hits if h.weight >= rule.context_weight)
    if found.words < rule.min_words or evidence < rule.min_evidence or not matches:
        return "too-little", (
            f"Too little to go on: {found.words} words and {evidence} pieces of evidence "
            "in what the job asks; paste the whole posting."
        )
    return "role", None


def _listing(words: list[str], limit: int = 3) -> str:
    shown = ", ".join(f'"{w}"' for w in words[:limit])
    return shown + (f" and {len(words) - limit} more" if len(words) > limit else "")


def decode(raw: str, kb: KnowledgeBase, title: str | None = None) -> DecodeResult:
    """Score a posting against every role of the knowledge base and explain the reading."""
    text, title = prepare(raw, title)
    vocab = vocabulary(kb)
    weights = vocab.signals.scoring
    found = _find(text, vocab, skip_first_line=_is_header(text, title))
    # a title names a role only when the job's own text shows AI work
    named = title_role(title, kb) if found.context_count or vocab.signals.decline is None else None

    scored: list[tuple[float, str, list[Evidence]]] = []
    content = {r.id: _score(found, vocab, r.id) for r in kb.roles}
    top_content = max((score for score, _ in content.values()), default=0.0)
    for role in kb.roles:
        score, evidence = content[role.id]
        if role.id == named and title:
            score += weights.title
            if score - weights.title >= weights.title_mismatch * top_content:
                # the content bears the title out: the title's role leads
                score = max(score, top_content + weights.title)
            evidence = [Evidence(title, title, "title"), *evidence]
        if evidence and score > 0:
            scored.append((score, role.id, evidence))
    order = {r.id: i for i, r in enumerate(kb.roles)}
    scored.sort(key=lambda s: (-s[0], order[s[1]]))
    top_score = scored[0][0] if scored else 0.0
    matches = []
    for score, role_id, evidence in scored:
        role = kb.role(role_id)
        matches.append(
            RoleMatch(
                role=role.id,
                name=role.name,
                tier=role.tier,
                family=vocab.family_of.get(role.id, role.tier),
                score=round(score, 3),
                share=round(100 * score / top_score) if top_score > 0 else 0,
                evidence=evidence,
            )
        )
    skills_by_id = kb.skills
    asks = vocab.signals.asks_weight
    skills = [
        SkillFound(sid, skills_by_id[sid].name, hit.evidence)
        for sid, hit in sorted(found.skill_hits.items(), key=lambda kv: kv[0])
        if sid in skills_by_id and hit.weight >= asks
    ]
    outcome, reason = _decline(found, vocab, matches)
    best = matches[0] if matches and outcome == "role" else None
    return DecodeResult(
        title=title,
        matches=matches,
        skills=skills,
        seniority=_seniority(title, text, found.toks, vocab),
        title_check=_title_check(title, named, matches if best else [], vocab),
        multi_role=_multi_role(matches if best else [], vocab),
        loop=_loop(kb, best.role) if best else None,
        outcome=outcome,
        reason=reason,
    )


def _title_check(
    title: str | None, named: str | None, matches: list[RoleMatch], vocab: _Vocabulary
) -> TitleCheck:
    best = matches[0] if matches else None
    if named is None or best is None:
        return TitleCheck(title, named, best.role if best else None, "unknown")
    if best.role == named:
        return TitleCheck(title, named, best.role, "agrees")
    named_share = next((m.share for m in matches if m.role == named), 0)
    threshold = 100 * vocab.signals.scoring.title_mismatch
    if named_share >= threshold:
        return TitleCheck(title, named, best.role, "agrees")
    if vocab.family_of.get(named) == best.family:
        return TitleCheck(title, named, best.role, "refines")
    return TitleCheck(title, named, best.role, "disagrees")


def _multi_role(matches: list[RoleMatch], vocab: _Vocabulary) -> MultiRoleFlag:
    rule = vocab.signals.multi_role
    if not matches:
        return MultiRoleFlag(False, [], [], None)
    top = matches[0].score
    close = [
        m
        for m in matches
        if m.score >= rule.within * top
        and sum(1 for e in m.evidence if e.kind != "title") >= rule.min_evidence
    ]
    per_family: dict[str, RoleMatch] = {}
    for m in close:
        per_family.setdefault(m.family, m)  # matches are best first
    roles = [m.role for m in per_family.values()]
    flagged = len(per_family) >= rule.min_families and len(close) >= rule.min_roles
    shares = {m.role: m.score / top if top > 0 else 0.0 for m in matches}
    signs = [
        {"id": s.id, "meaning": " ".join(s.meaning.text.split())}
        for s in vocab.signals.signs
        if all(shares.get(r, 0.0) >= s.within for r in s.roles)
    ]
    if signs and not flagged:  # a named pattern is a multi-role posting by definition
        flagged = True
        roles = [r for s in vocab.signals.signs if s.id == signs[0]["id"] for r in s.roles]
    meaning = " ".join(rule.meaning.text.split()) if flagged else None
    return MultiRoleFlag(flagged, roles if flagged else [], list(per_family), meaning, signs)


def _loop(kb: KnowledgeBase, role_id: str) -> LoopSummary:
    role = kb.role(role_id)
    rounds = [
        LoopRound(r.kind, r.title, " ".join(r.tests.split()), r.emphasis)
        for r in role.loop.rounds
    ]
    return LoopSummary(role.id, role.name, " ".join(role.loop.emphasis.text.split()), rounds)


def check_skills(result: DecodeResult, have: Iterable[str]) -> SkillCheck:
    """Which of the skills the posting asks for the person has, and which they lack."""
    owned = set(have)
    asked = [s.skill for s in result.skills]
    return SkillCheck(
        met=[s for s in asked if s in owned], missing=[s for s in asked if s not in owned]
    )


def skills_in(text: str, kb: KnowledgeBase) -> set[str]:
    """The skill ids a short text names (a skill list, a line of a CV) by the same matching."""
    return set(_find(text, vocabulary(kb)).skill_hits)
