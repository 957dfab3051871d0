"""The vocabulary `decode` reads with, as token tables built once per knowledge base.

Skill keywords come from skills.yaml, role skills from roles.yaml, and role phrases and duties,
titles, sections, context rules and decline words from signals.yaml; this module turns them into
plain dictionaries of token sequences. Nothing here is a regular expression, so a process
compiles nothing per phrase, and nothing is cached on disk.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from roleadvisor.decode.sections import SectionRule
from roleadvisor.decode.text import phrase_key
from roleadvisor.errors import KnowledgeBaseError
from roleadvisor.kb.files import SIGNALS_FILE, paused_gc

if TYPE_CHECKING:
    from roleadvisor.kb.base import KnowledgeBase
    from roleadvisor.kb.signals_models import SignalsFile


Key = tuple[str, ...]


class Target(NamedTuple):
    kind: str  # "skill", "phrase", "mask", "context" or "level"
    ref: str  # skill id, role id or seniority level; empty when the kind says it all


class Table:
    """Token sequences to what they name; matched longest first, a plural ending allowed.

    Every written form (the key, and its plural when it ends in a letter) maps to its key, and
    each first word knows the lengths of the forms it starts, longest first: a scan tries only
    those at each word, so it stays linear in the text whatever the text repeats, and building
    the table is one dictionary entry per form.
    """

    def __init__(self) -> None:
        self.items: dict[Key, list[Target]] = {}
        self.forms: dict[Key, Key] = {}  # written form -> key
        self.lengths: dict[str, list[int]] = {}  # first word -> form lengths, longest first

    def add(self, key: Key, target: Target) -> None:
        if not key:
            return
        targets = self.items.get(key)
        if targets is not None:  # its written forms are in already
            if target not in targets:
                targets.append(target)
            return
        self.items[key] = [target]
        self.forms[key] = key  # a key written out beats another key's plural
        size = len(key)
        self._length(key[0], size)
        last = key[-1]
        if last[-1:].isalpha():
            for plural in (last + "s", last + "es"):
                form = (*key[:-1], plural)
                if form not in self.items:
                    self.forms[form] = key
                if size == 1:
                    self._length(plural, 1)

    def _length(self, first: str, size: int) -> None:
        lengths = self.lengths.get(first)
        if lengths is None:
            self.lengths[first] = [size]
        elif size not in lengths:
            lengths.append(size)
            lengths.sort(reverse=True)

    def scan(self, words: list[str]) -> list[tuple[int, int, Key]]:
        """Leftmost-longest, non-overlapping matches as (first token, token count, key)."""
        out = []
        forms, lengths = self.forms, self.lengths
        total, free = len(words), 0  # free: the first token no earlier match covers
        for i in [i for i, w in enumerate(words) if w in lengths]:  # only where a form starts
            if i < free:
                continue
            for n in lengths[words[i]]:
                if i + n <= total:
                    key = forms.get(tuple(words[i : i + n]))
                    if key is not None:
                        out.append((i, n, key))
                        free = i + n
                        break
        return out


class Rule(NamedTuple):
    """When an ambiguous keyword counts: not before/after these words, only near those."""

    not_before: frozenset[Key]
    not_after: frozenset[Key]
    near: frozenset[Key]
    window: int
    not_in_names: bool


class Vocabulary(NamedTuple):
    signals: SignalsFile
    tables: dict[str, Table]  # "skill" and "phrase": a phrase never hides a skill inside it
    masks: Table
    exact: dict[str, tuple[str, list[str]]]  # as written -> (fence characters, skill ids)
    rules: dict[Key, Rule]
    sections: list[SectionRule]
    boilerplate: set[Key]
    ai_context: Table
    titles: list[tuple[list[Key], int, str]]  # (parts, specificity, role id)
    seniority_titles: list[tuple[Key, str]]
    named: Table  # single-phrase title patterns, as the job's own text names its role
    named_frames: frozenset[str]  # words right before such a name that make it the job's
    seniority_words: frozenset[str]  # title words that may stand between frame and name
    seniority_phrases: Table
    family_of: dict[str, str]
    role_phrases: dict[str, set[Key]]  # phrases and duties alike
    role_duties: dict[str, set[Key]]
    role_skills: dict[str, set[str]]
    phrase_spec: dict[Key, float]
    skill_spec: dict[str, float]
    possible: dict[str, float]
    scale: float


_CACHE: dict[int, tuple[KnowledgeBase, Vocabulary]] = {}


def signals_of(kb: KnowledgeBase) -> SignalsFile:
    """The signals of a knowledge base, read by attribute (a model or a plain record alike)."""
    found: Any = kb.extras.get(SIGNALS_FILE)
    if found is None or not hasattr(found, "roles") or not hasattr(found, "scoring"):
        raise KnowledgeBaseError([f"{SIGNALS_FILE}: missing from the knowledge base"])
    return found  # type: ignore[no-any-return]


def vocabulary(kb: KnowledgeBase) -> Vocabulary:
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


def _build(kb: KnowledgeBase) -> Vocabulary:
    signals = signals_of(kb)
    weights = signals.scoring
    exact_keys = {phrase_key(e.keyword) for e in signals.exact_case}
    tables = {"skill": Table(), "phrase": Table()}
    for skill in kb.skills_file.skills:
        for keyword in skill.keywords:
            key = phrase_key(keyword)
            if key not in exact_keys:
                tables["skill"].add(key, Target("skill", skill.id))
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
            tables["phrase"].add(key, Target("phrase", role.id))
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
        + saturate(weights.skill * sum(skill_spec[s] for s in role_skills[r]), weights.tool_cap)
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

    masks = Table()
    for m in signals.masks:
        masks.add(phrase_key(m), Target("mask", ""))
    ai_context = Table()
    if signals.decline is not None:
        for p in signals.decline.ai_context:
            ai_context.add(phrase_key(p), Target("context", ""))
    seniority_phrases = Table()
    for lv in signals.seniority:
        for p in lv.phrases:
            seniority_phrases.add(phrase_key(p), Target("level", lv.id))
    named = Table()
    named_rule = signals.named_role
    titles = []
    for entry in signals.roles:
        for t in entry.titles:
            parts = [phrase_key(p) for p in t.split(" + ") if phrase_key(p)]
            titles.append((parts, sum(len(" ".join(p)) for p in parts), entry.role))
            if named_rule is not None and len(parts) == 1:
                named.add(parts[0], Target("named", entry.role))
    return Vocabulary(
        signals=signals,
        tables=tables,
        masks=masks,
        exact=exact,
        rules={
            phrase_key(a.keyword): Rule(
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
        named=named,
        named_frames=frozenset(
            w for f in (named_rule.frames if named_rule else []) for w in phrase_key(f)
        ),
        seniority_words=frozenset(
            w for lv in signals.seniority for t in lv.title_words for w in phrase_key(t)
        ),
        family_of={r: f.id for f in signals.families for r in f.roles},
        role_phrases=role_phrases,
        role_duties=role_duties,
        role_skills=role_skills,
        phrase_spec=phrase_spec,
        skill_spec=skill_spec,
        possible=possible,
        scale=mean_possible**weights.size_damping,
    )


def saturate(raw: float, cap: float | None) -> float:
    """A role's tools saturate toward `cap`: many tools add little over a few."""
    if cap is None or cap <= 0:
        return raw
    return cap * (1.0 - math.exp(-raw / cap))
