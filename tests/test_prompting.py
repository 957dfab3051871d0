"""Prompters: the answers file (every way it can be wrong) and the terminal prompter driven
through prompt_toolkit's pipe input (arrow keys, Enter, space, Escape, Ctrl-C)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from roleadvisor import prompting
from roleadvisor.answers import AnswersPrompter, load_answers, save_answers
from roleadvisor.errors import CancelledError, UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.questionnaire_models import Questionnaire
from roleadvisor.prompting import CANCELLED, TerminalPrompter, checkbox_pages, pages
from roleadvisor.questionnaire import BACK, Option, Prompt, Walk
from roleadvisor.questionnaire import walk as walk_questions

REPO = Path(__file__).resolve().parent.parent
DOWN, UP, ENTER, SPACE, ESC, CTRL_C = "\x1b[B", "\x1b[A", "\r", " ", "\x1b", "\x03"

SELECT = Prompt(
    "colour",
    "Pick a colour",
    (Option("red", "Red"), Option("green", "Green"), Option("blue", "Blue")),
    step=2,
    total=3,
    can_go_back=True,
)
BOXES = Prompt(
    "tools",
    "Pick tools",
    (Option("saw", "Saw", checked=True), Option("drill", "Drill"), Option("file", "File")),
    multi=True,
    step=3,
    total=3,
    can_go_back=True,
)


def _ask(prompt: Prompt, *typed: str) -> object:
    with create_pipe_input() as inp:
        inp.send_text("".join(typed))
        with create_app_session(input=inp, output=DummyOutput()):
            return TerminalPrompter().ask(prompt)


# --- the terminal prompter -------------------------------------------------------------------


def test_arrow_keys_and_enter_pick_a_choice() -> None:
    assert _ask(SELECT, DOWN, DOWN, ENTER) == "blue"
    assert _ask(SELECT, DOWN, DOWN, UP, ENTER) == "green"


def test_the_default_is_preselected() -> None:
    again = Prompt(SELECT.id, SELECT.text, SELECT.options, step=2, total=3, default="green")
    assert _ask(again, ENTER) == "green"


def test_space_ticks_boxes_and_prechecked_ones_stay() -> None:
    assert _ask(BOXES, DOWN, SPACE, ENTER) == ["saw", "drill"]
    assert _ask(BOXES, SPACE, ENTER) == []  # unticking the pre-ticked one


def test_back_choice_and_escape_go_back() -> None:
    assert _ask(SELECT, DOWN, DOWN, DOWN, ENTER) is BACK  # the last choice is "Back"
    assert _ask(SELECT, ESC) is BACK
    assert _ask(BOXES, ESC) is BACK


def test_ctrl_c_cancels_the_assessment() -> None:
    with pytest.raises(CancelledError) as caught:
        _ask(SELECT, DOWN, CTRL_C)
    assert caught.value.message == CANCELLED
    assert int(caught.value.exit_code) == 130


@pytest.mark.parametrize("prompt", [SELECT, BOXES], ids=["select", "checkbox"])
def test_escape_then_ctrl_c_at_once_cancels_or_goes_back_cleanly(prompt: Prompt) -> None:
    # both keys in one read: the escape ends the prompt; the Ctrl-C must not end it a second
    # time (prompt_toolkit then fails with its own traceback and "Press ENTER to continue")
    try:
        result = _ask(prompt, ESC + CTRL_C)
    except CancelledError as cancelled:
        assert int(cancelled.exit_code) == 130
    else:
        assert result is BACK


def test_a_whole_walk_with_keys(
    kb: KnowledgeBase, q: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every question answered by keys: ratings, tree, checkbox, the lot."""
    monkeypatch.setenv("LINES", "200")  # the skills checkbox on a single page
    w = Walk(q, kb)
    backgrounds = [b.id for b in kb.skills_file.backgrounds]
    typed = [DOWN * 2 + ENTER] * len(kb.assessment.dimensions)  # every rating 3
    typed.append(DOWN * backgrounds.index("software-engineer") + ENTER)
    typed.append(DOWN * 2 + ENTER)  # years: third choice
    aim = [c.id for c in q.node("aim").choices]  # type: ignore[union-attr]
    typed.append(DOWN * aim.index("build") + ENTER)
    typed.append(ENTER)  # build-what: first choice (products)
    typed.append(ESC)  # back to build-what ...
    typed.append(DOWN + ENTER)  # ... and choose the second (agents) instead
    typed.append(ENTER)  # pace: first choice
    typed.extend([ENTER] * 3)  # coding, maths, on-call: first choices
    typed.append(ENTER)  # skills: keep the pre-ticked ones
    typed.append(DOWN + ENTER)  # timeline: second choice
    typed.append(UP + UP + ENTER)  # company: up wraps to Back, then the last choice
    typed.append(UP + UP + ENTER)  # target role: "not sure" (the last before Back)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        prompter = _Typist(TerminalPrompter(), inp, typed)
        answers = walk_questions(q, kb, prompter)
    assert [answers[d.id] for d in kb.assessment.dimensions] == ["3"] * 5
    assert answers["background"] == "software-engineer"
    assert answers["aim"] == "build" and answers["build-what"] == "agents"
    assert "agents" in answers["skills"] and "python" in answers["skills"]
    timeline = q.fixed_by_id("timeline")
    company = q.fixed_by_id("company")
    assert timeline is not None and company is not None
    assert answers["timeline"] == timeline.choices[1].id
    assert answers["company"] == company.choices[-1].id
    assert answers["target-role"] == "not-sure"
    assert set(answers) <= set(w.all_ids())


class _Typist:
    """Types the next key group only when a prompt is on screen (no typeahead races)."""

    def __init__(self, inner: TerminalPrompter, inp: object, typed: list[str]) -> None:
        self.inner, self.inp, self.typed = inner, inp, list(typed)

    def ask(self, prompt: Prompt) -> object:
        self.inp.send_text(self.typed.pop(0))  # type: ignore[attr-defined]
        return self.inner.ask(prompt)


def test_a_long_checkbox_is_paged_and_escape_returns_a_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A list taller than the terminal is asked page by page, headings repeated; Escape on a
    later page goes back one page and keeps what was ticked there."""
    monkeypatch.setenv("LINES", "24")
    monkeypatch.setenv("COLUMNS", "60")
    options = tuple(
        Option(f"{group}-{i}", f"{group.title()} skill {i}", checked=(i == 0), group=group)
        for group in ("alpha", "beta", "gamma", "delta")
        for i in range(12)
    )
    prompt = Prompt("skills", "Tick your skills", options, multi=True, step=4, total=9)
    split = checkbox_pages(prompt)
    assert len(split) >= 3 and all(len(page) <= 18 for page in split)
    assert pages(options, 100, 49) == [list(options)]  # a tall terminal needs no paging
    assert [o for page in split for o in page] == list(options)  # nothing lost or reordered
    typed = [SPACE + ENTER]  # page 1: untick its first option (ticked by default)
    typed.append(DOWN + SPACE + ENTER)  # page 2: tick its second option ...
    typed.append(ESC)  # page 3: back to page 2 ...
    typed.append(ENTER)  # ... where the tick is still there: confirm it as it is
    typed += [ENTER] * (len(split) - 2)  # the remaining pages as they come
    real_run = prompting._run
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):

        def typing_run(question: object, can_go_back: bool, *rest: object) -> object:
            inp.send_text(typed.pop(0))
            return real_run(question, can_go_back, *rest)  # type: ignore[arg-type]

        monkeypatch.setattr(prompting, "_run", typing_run)
        answer = TerminalPrompter().ask(prompt)
    assert not typed  # one key group per page shown, Escape included
    first, second = split[0], split[1]
    assert isinstance(answer, list)
    assert first[0].id not in answer
    assert second[1].id in answer
    expected_ticked = {o.id for o in options if o.checked} - {first[0].id} | {second[1].id}
    assert set(answer) == expected_ticked


# --- answers files -----------------------------------------------------------------------------


def _file(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_question_is_named(tmp_path: Path) -> None:
    path = _file(tmp_path, "colour: red\nflavour: mint\n")
    with pytest.raises(UsageError, match="unknown question 'flavour'"):
        load_answers(path, ["colour"])


def test_invalid_choice_is_named_with_the_valid_ones() -> None:
    with pytest.raises(UsageError) as caught:
        AnswersPrompter({"colour": "purple"}).ask(SELECT)
    assert "'colour' has invalid choice 'purple'" in caught.value.message
    assert "red, green, blue" in caught.value.message


def test_missing_answer_is_named_never_defaulted() -> None:
    with pytest.raises(UsageError, match="no answer for 'colour'"):
        AnswersPrompter({}).ask(SELECT)


def test_list_for_a_single_choice_and_bad_box_are_refused() -> None:
    with pytest.raises(UsageError, match="takes one choice"):
        AnswersPrompter({"colour": ["red"]}).ask(SELECT)
    with pytest.raises(UsageError, match="invalid choice"):
        AnswersPrompter({"tools": ["saw", "hammer"]}).ask(BOXES)


def test_boxes_accept_a_single_id_and_drop_repeats() -> None:
    assert AnswersPrompter({"tools": "drill"}).ask(BOXES) == ["drill"]
    assert AnswersPrompter({"tools": ["saw", "saw"]}).ask(BOXES) == ["saw"]


def test_json_numbers_and_yaml_errors(tmp_path: Path) -> None:
    path = _file(tmp_path, json.dumps({"rating": 4, "tools": ["saw"]}), "a.json")
    assert load_answers(path, ["rating", "tools"]) == {"rating": "4", "tools": ["saw"]}
    with pytest.raises(UsageError, match="not valid YAML/JSON"):
        load_answers(_file(tmp_path, "a: [b\n"), ["a"])
    with pytest.raises(UsageError, match="must map question ids"):
        load_answers(_file(tmp_path, "- a\n- b\n"), ["a"])
    with pytest.raises(UsageError, match="does not exist"):
        load_answers(tmp_path / "nope.yaml", ["a"])


def test_saved_answers_replay_to_the_same_answers(
    tmp_path: Path, kb: KnowledgeBase, q: Questionnaire
) -> None:
    source = REPO / "examples" / "handbook" / "market-timing.yaml"
    ids = Walk(q, kb).all_ids()
    first = walk_questions(q, kb, AnswersPrompter(load_answers(source, ids)))
    out = tmp_path / "again.yaml"
    save_answers(out, first, force=False)
    assert walk_questions(q, kb, AnswersPrompter(load_answers(out, ids))) == first
    with pytest.raises(UsageError, match="already exists"):
        save_answers(out, first, force=False)


# --- keys and looks ------------------------------------------------------------------------------

RATING = Prompt(
    "role-clarity",
    "How clear is your target role?",
    tuple(Option(str(n), f"{n} - level {n}") for n in range(1, 6)),
    step=1,
    total=9,
    can_go_back=True,
)


def test_number_keys_pick_a_numbered_option() -> None:
    assert _ask(RATING, "4") == "4"
    assert _ask(RATING, DOWN, "2") == "2"
    assert _ask(SELECT, "2", ENTER) == "red"  # options without numbers ignore digits


def _asked(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Record each questionary question the prompter runs."""
    seen: list[object] = []
    real_run = prompting._run

    def recording_run(question: object, *rest: object) -> object:
        seen.append(question)
        return real_run(question, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(prompting, "_run", recording_run)
    return seen


def test_escape_is_taken_at_once_and_erases_what_it_leaves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from prompt_toolkit.keys import Keys

    seen = _asked(monkeypatch)
    erased: list[int] = []
    monkeypatch.setattr(prompting, "_erase_lines", erased.append)
    prompter = TerminalPrompter()
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text(ENTER)
        assert prompter.ask(RATING) == "1"
        inp.send_text(ESC)
        assert prompter.ask(SELECT) is BACK
    app = seen[1].application  # type: ignore[attr-defined]
    escape = [b for b in app.key_bindings.bindings if b.keys == (Keys.Escape,)]
    assert escape and all(b.eager() for b in escape)  # no wait for an Alt combination
    assert app.ttimeoutlen <= 0.05  # nor for the rest of an escape sequence
    assert app.erase_when_done  # the abandoned question is taken off the screen ...
    assert erased and erased[0] >= 2  # ... and so is the answer gone back to


def test_the_highlighted_choice_is_styled_not_only_pointed_at(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = _asked(monkeypatch)
    _ask(SELECT, ENTER)
    style = seen[0].application.style  # type: ignore[attr-defined]
    attrs = style.get_attrs_for_style_str("class:highlighted")
    assert attrs.bold and attrs.color


def test_a_checkbox_answer_reads_the_same_whatever_the_count(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = []
    for keys in (SPACE + ENTER, ENTER, DOWN + SPACE + ENTER):  # none, one, two ticked
        _ask(BOXES, keys)
        shown.append(capsys.readouterr().out.strip().splitlines()[-1].strip())
    assert shown == ["none ticked", "1 ticked: Saw", "2 ticked: Saw, Drill"]
