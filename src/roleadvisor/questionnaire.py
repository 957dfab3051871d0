"""The walk through the questionnaire: the prompts in order, and the profile the answers make.

The walk asks, in order: the self-assessment dimensions (from assessment.yaml), the questions
listed in `before_tree`, the decision tree (each choice names the next node, or ends the
tree), then the questions in `after_tree`. A Prompter answers each Prompt; answering BACK
returns to the previous question. Nothing here prints or reads input. The questionnaire's
schema lives in roleadvisor.kb.questionnaire_models.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum
from typing import TYPE_CHECKING, Literal, Protocol

from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.enums import FixedKind
from roleadvisor.profile import Answer, Constraints, Enjoyment, Profile

if TYPE_CHECKING:
    from roleadvisor.kb.questionnaire_models import FixedChoice, FixedQuestion, Questionnaire

# --- prompts and the walk ----------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    checked: bool = False
    group: str | None = None  # a heading the terminal may show above a run of options


@dataclass(frozen=True)
class Prompt:
    """One question as a prompter sees it: what to ask, the choices, and where we are."""

    id: str
    text: str
    options: tuple[Option, ...]
    multi: bool = False
    help: str | None = None
    step: int = 1
    total: int = 1
    can_go_back: bool = False
    default: str | None = None

    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]


class _Back(Enum):
    BACK = "back"


BACK = _Back.BACK
Reply = Answer | Literal[_Back.BACK]


class Prompter(Protocol):
    def ask(self, prompt: Prompt) -> Reply:
        """The answer (a choice id, or a list of ids when `multi`), or BACK."""
        ...


RATINGS = ("1", "2", "3", "4", "5")
LAST_TIME = "(last time)"


class Walk:
    """The order of questions for one knowledge base, and the prompt of each."""

    def __init__(
        self, q: Questionnaire, kb: KnowledgeBase, previous: dict[str, Answer] | None = None
    ) -> None:
        self.q = q
        self.kb = kb
        # the answers of the last assessment: a retake starts from them and marks them
        self.previous = dict(previous or {})
        self.dimensions = {d.id: d for d in kb.assessment.dimensions}
        self.linear_before = [*self.dimensions, *(f.id for f in q.before_tree)]
        self.linear_after = [f.id for f in q.after_tree]

    def all_ids(self) -> list[str]:
        return [*self.linear_before, *(n.id for n in self.q.tree.nodes), *self.linear_after]

    def first(self) -> str:
        return self.linear_before[0] if self.linear_before else self.q.tree.start

    def next_after(self, qid: str, answer: Answer) -> str | None:
        node = self.q.node(qid)
        if node is not None:
            choice = next(c for c in node.choices if c.id == answer)
            if choice.next is not None:
                return choice.next
            return self.linear_after[0] if self.linear_after else None
        if qid in self.linear_before:
            i = self.linear_before.index(qid)
            return (
                self.linear_before[i + 1] if i + 1 < len(self.linear_before) else self.q.tree.start
            )
        i = self.linear_after.index(qid)
        return self.linear_after[i + 1] if i + 1 < len(self.linear_after) else None

    def remaining(self, qid: str) -> int:
        """The most questions left, counting `qid` itself."""
        if qid in self.linear_before:
            i = self.linear_before.index(qid)
            return len(self.linear_before) - i + self.q.tree_depth() + len(self.linear_after)
        if self.q.node(qid) is not None:
            return self.q.tree_depth(qid) + len(self.linear_after)
        return len(self.linear_after) - self.linear_after.index(qid)

    def prompt(self, qid: str, answers: dict[str, Answer], step: int) -> Prompt:
        prompt = self._prompt(qid, answers, step)
        last = self.previous.get(qid)
        if not isinstance(last, str) or last not in prompt.option_ids():
            return prompt
        marked = tuple(
            replace(o, label=f"{o.label}  {LAST_TIME}") if o.id == last else o
            for o in prompt.options
        )
        return replace(prompt, options=marked)

    def _prompt(self, qid: str, answers: dict[str, Answer], step: int) -> Prompt:
        total = step - 1 + self.remaining(qid)
        back = step > 1
        previous = answers.get(qid, self.previous.get(qid))
        default = previous if isinstance(previous, str) else None
        if qid in self.dimensions:
            dim = self.dimensions[qid]
            anchors = {str(a.score): a.text for a in dim.anchors}
            opts = tuple(
                Option(r, f"{r} - {anchors[r]}" if r in anchors else f"{r} - in between")
                for r in RATINGS
            )
            return Prompt(
                qid, f"{dim.name}: {dim.question}", opts, False, None, step, total, back, default
            )
        node = self.q.node(qid)
        if node is not None:
            opts = tuple(Option(c.id, c.label) for c in node.choices)
            return Prompt(qid, node.text, opts, False, node.help, step, total, back, default)
        fq = self.q.fixed_by_id(qid)
        assert fq is not None, qid
        return Prompt(
            qid,
            fq.text,
            self._fixed_options(fq, answers),
            fq.kind is FixedKind.skills,
            fq.help,
            step,
            total,
            back,
            default,
        )

    def _fixed_options(self, fq: FixedQuestion, answers: dict[str, Answer]) -> tuple[Option, ...]:
        if fq.kind is FixedKind.background:
            return tuple(Option(b.id, b.name) for b in self.kb.skills_file.backgrounds)
        if fq.kind is FixedKind.target_role:
            return (
                *(Option(r.id, r.name) for r in self.kb.roles),
                Option("not-sure", fq.none_label or "not sure"),
            )
        if fq.kind is FixedKind.skills:
            previous = answers.get(fq.id, self.previous.get(fq.id))
            if isinstance(previous, list):
                ticked = set(previous)
            else:
                ticked = set(self._suggested_skills(answers))
            categories = self.kb.skills_file.categories
            names = {c.id: c.name for c in categories}
            rank = {c.id: i for i, c in enumerate(categories)}
            grouped = sorted(self.kb.skills_file.skills, key=lambda s: rank[s.category])
            return tuple(Option(s.id, s.name, s.id in ticked, names[s.category]) for s in grouped)
        return tuple(Option(c.id, c.label) for c in fq.choices)

    def _suggested_skills(self, answers: dict[str, Answer]) -> list[str]:
        """Skills the background usually brings, plus those the interest answers imply."""
        found: list[str] = []
        bg_q = self.q.fixed(FixedKind.background)
        found.extend(self.kb.background_skills(str(answers.get(bg_q.id, ""))))
        for node in self.q.tree.nodes:
            chosen = answers.get(node.id)
            for c in node.choices:
                if c.id == chosen:
                    found.extend(c.suggests_skills)
        return found


def walk(
    q: Questionnaire,
    kb: KnowledgeBase,
    prompter: Prompter,
    previous: dict[str, Answer] | None = None,
) -> dict[str, Answer]:
    """Ask every question on the person's path; BACK undoes the previous answer. With the
    `previous` answers of a past assessment, each question starts on (and marks) its last one."""
    w = Walk(q, kb, previous)
    answers: dict[str, Answer] = {}
    asked: list[str] = []
    current: str | None = w.first()
    while current is not None:
        reply = prompter.ask(w.prompt(current, answers, len(asked) + 1))
        if reply is BACK:
            if asked:
                current = asked.pop()
            continue
        answer: Answer = reply
        answers[current] = answer  # kept when going back, to preselect the earlier choice
        asked.append(current)
        current = w.next_after(current, answer)
    # answers of branches left by going back are not on the final path: drop them
    return {qid: answers[qid] for qid in asked}


# --- from answers to a profile -----------------------------------------------------------------


def build_profile(q: Questionnaire, kb: KnowledgeBase, answers: dict[str, Answer]) -> Profile:
    """The Profile a completed walk describes (answers are assumed complete and valid)."""

    def one(kind: FixedKind) -> tuple[FixedQuestion, str]:
        fq = q.fixed(kind)
        return fq, str(answers[fq.id])

    def choice(kind: FixedKind) -> FixedChoice:
        fq, value = one(kind)
        return next(c for c in fq.choices if c.id == value)

    enjoys: list[Enjoyment] = []
    for node_id, value in answers.items():
        node = q.node(node_id)
        if node is None:
            continue
        enjoys.append(Enjoyment.of(node.id, next(c for c in node.choices if c.id == value)))
    years = choice(FixedKind.years)
    timeline = choice(FixedKind.timeline)
    company = choice(FixedKind.company)
    _, target = one(FixedKind.target_role)
    _, background = one(FixedKind.background)
    skills_q = q.fixed(FixedKind.skills)
    skills = answers[skills_q.id]
    return Profile(
        ratings={d.id: int(str(answers[d.id])) for d in kb.assessment.dimensions},
        background=background,
        years=years.years or 0,
        years_label=years.label,
        skills=list(skills) if isinstance(skills, list) else [skills],
        enjoys=enjoys,
        constraints=Constraints(
            timeline=timeline.id,
            timeline_label=timeline.label,
            timeline_weeks=timeline.weeks,
            company=company.id,
            company_label=company.label,
            sectors=list(company.sectors),
        ),
        target_role=None if target == "not-sure" else target,
        answers=dict(answers),
    )
