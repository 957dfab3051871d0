"""The job's own text naming the role it offers ("As an Alpha Engineer, you will ...") is
evidence from the body: singular, right after a frame word, in the job's own sections. Postings
here are small and written for these tests."""

from __future__ import annotations

from decode_fixtures import SIGNALS, decode_kb
from roleadvisor.decode import DecodeResult, decode
from roleadvisor.kb.base import KnowledgeBase

NAMED = "    named_role: {weight: 3.0, frames: [a, an, as]}\n    roles:\n"


def kb(named: bool = True) -> KnowledgeBase:
    return decode_kb(SIGNALS.replace("    roles:\n", NAMED, 1) if named else SIGNALS)


def named(result: DecodeResult) -> list[tuple[str, str, str]]:
    return [
        (m.role, e.phrase, e.quote) for m in result.matches for e in m.evidence if e.kind == "named"
    ]


BULLET = "As a Senior Alpha Engineer on the help team, you add an LLM chatbot and AI features."


def test_the_role_the_text_names_gets_the_sentence_as_evidence_and_the_bonus() -> None:
    posting = f"What you'll do\n- {BULLET}\n- Keep the retrieval pipeline fast.\n"
    without = decode(posting, kb(named=False), title="Job posting")
    with_rule = decode(posting, kb(), title="Job posting")
    assert "alpha-engineer" not in [m.role for m in without.matches]
    assert named(with_rule) == [("alpha-engineer", "Alpha Engineer", BULLET)]
    alpha = next(m for m in with_rule.matches if m.role == "alpha-engineer")
    assert alpha.score >= 3.0


def test_seniority_words_may_stand_between_the_frame_and_the_name() -> None:
    result = decode("We are hiring a Staff Junior Alpha Engineer to train models.", kb())
    assert [r for r, _, _ in named(result)] == ["alpha-engineer"]


def test_colleagues_and_names_without_a_frame_are_not_the_job() -> None:
    for text in (
        "You will pair with our Alpha Engineers to add an LLM chatbot.",
        "Our Alpha Engineer team adds an LLM chatbot and AI features.",
        "Alpha Engineer\nYou add an LLM chatbot and AI features to the help page.",
    ):
        assert named(decode(text, kb(), title="Job posting")) == [], text


def test_the_text_naming_one_role_outvotes_a_role_it_names_less_often() -> None:
    text = (
        "As a Beta Builder you add an LLM chatbot. As a Beta Builder you own AI features.\n"
        "You will work as an Alpha Engineer when the team trains models.\n"
    )
    result = decode(text, kb(), title="Job posting")
    assert {r for r, _, _ in named(result)} == {"beta-builder"}
    assert result.matches[0].role == "beta-builder"


def test_a_few_words_may_stand_between_the_frame_and_the_name_but_not_a_clause() -> None:
    gap = SIGNALS.replace("    roles:\n", NAMED.replace("as]}", "as], gap: 2}"), 1)
    near = "We want an experienced, curious Alpha Engineer to add an LLM chatbot."
    far = "We want an owner who likes to work with every Alpha Engineer on the LLM chatbot."
    cut = "We want an owner. Alpha Engineer work here includes an LLM chatbot."
    assert [r for r, _, _ in named(decode(near, decode_kb(gap)))] == ["alpha-engineer"]
    assert named(decode(near, kb())) == []  # no gap allowed: the adjectives break the frame
    assert named(decode(far, decode_kb(gap))) == []
    assert named(decode(cut, decode_kb(gap))) == []
