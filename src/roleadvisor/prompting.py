"""The terminal prompter: a person answers the questionnaire's prompts with questionary.

This is the only module that imports questionary, and only inside `TerminalPrompter.ask`, so
commands without prompts start fast. Answers given as a file are roleadvisor.answers.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Iterable
from typing import Any

from roleadvisor.errors import CancelledError
from roleadvisor.questionnaire import BACK, Option, Prompt, Reply

CANCELLED = "Assessment cancelled"


BACK_LABEL = "< Back"
_BACK_VALUE = "\0back"  # never a valid choice id (ids are lower-case words)


def pages(options: tuple[Option, ...], lines: int, label_width: int) -> list[list[Option]]:
    """Split a long checkbox into pages that fit `lines` terminal lines: questionary cannot
    scroll, and a list taller than the terminal pushes its question off the screen and
    leaves debris behind. A page costs a line per heading and per wrapped label line."""
    result: list[list[Option]] = []
    used = 0
    for option in options:
        page = result[-1] if result else None
        heading = page is None or not page or page[-1].group != option.group
        cost = len(textwrap.wrap(option.label, label_width) or [""]) + (
            1 if option.group and heading else 0
        )
        if page is None or (page and used + cost > lines):
            result.append([])
            page = result[-1]
            cost += 0 if heading or not option.group else 1  # the heading repeats on a new page
            used = 0
        page.append(option)
        used += cost
    return result


def checkbox_pages(prompt: Prompt) -> list[list[Option]]:
    """The pages a checkbox prompt is asked in, for the current terminal size."""
    size = shutil.get_terminal_size()
    # room for the options: the terminal less the question (with a page number), a blank
    # line and the line the cursor rests on
    question_lines = _message(prompt, size.columns, " (page 1 of 9)").count("\n") + 1
    return pages(prompt.options, max(8, size.lines - question_lines - 2), size.columns - 11)


class TerminalPrompter:
    """Asks with questionary: arrow keys and Enter; space ticks boxes; Escape or the Back
    choice returns to the previous question (or checkbox page); Ctrl-C cancels."""

    def ask(self, prompt: Prompt) -> Reply:
        if prompt.multi:
            return self._ask_pages(prompt)
        import questionary  # only when someone is really being asked

        width = shutil.get_terminal_size().columns
        choices = [questionary.Choice(_wrap(o.label, width - 4, 3), o.id) for o in prompt.options]
        if prompt.can_go_back:
            choices.append(questionary.Choice(BACK_LABEL, _BACK_VALUE))
        message = _message(prompt, width)
        question = questionary.select(
            message,
            choices=choices,
            default=prompt.default if prompt.default in prompt.option_ids() else None,
            instruction=_keys(False, prompt.can_go_back, _numbered(prompt.option_ids())),
            style=_style(),
        )
        result = self._answer(question, prompt.can_go_back, message, prompt.option_ids())
        return BACK if result == _BACK_VALUE else str(result)

    def __init__(self) -> None:
        # lines each answered question left on screen, so going back can take them away
        self._printed: list[int] = []

    def _answer(
        self,
        question: Any,
        can_go_back: bool,
        message: str,
        ids: Iterable[str] = (),
        summary: Callable[[Any], str] | None = None,
    ) -> Any:
        """Run a question; with `summary`, the answered question is replaced on screen by the
        question and that summary of the answer (questionary's own varies by count)."""
        if summary is not None:
            question.application.erase_when_done = True
        result = _run(question, can_go_back, ids)
        if result == _BACK_VALUE:
            # the abandoned question erased itself; the one gone back to is asked afresh
            if self._printed:
                _erase_lines(self._printed.pop())
            return result
        if summary is None:
            self._printed.append(_answered_lines(message, question))
            return result
        text = f"? {message}{summary(result)}"
        print(text, flush=True)
        self._printed.append(_lines(text))
        return result

    def _ask_pages(self, prompt: Prompt) -> Reply:
        import questionary

        width = shutil.get_terminal_size().columns
        split = checkbox_pages(prompt)
        chosen = {o.id for o in prompt.options if o.checked}
        page = 0
        while page < len(split):
            shown = split[page]
            choices: list[Any] = []
            previous: str | None = None
            for option in shown:
                if option.group and option.group != previous:
                    choices.append(questionary.Separator(f"-- {option.group}"))
                previous = option.group
                choices.append(
                    questionary.Choice(
                        _wrap(option.label, width - 6, 5), option.id, checked=option.id in chosen
                    )
                )
            part = f" (page {page + 1} of {len(split)})" if len(split) > 1 else ""
            back = prompt.can_go_back or page > 0
            message = _message(prompt, width, part)
            question = questionary.checkbox(
                message, choices=choices, instruction=_keys(True, back), style=_style()
            )
            names = {o.id: o.label for o in shown}

            def summary(values: Any, names: dict[str, str] = names) -> str:
                return ticked_summary([names[str(v)] for v in values], width)

            result = self._answer(question, back, message, summary=summary)
            if result == _BACK_VALUE:
                if page == 0:
                    return BACK
                page -= 1
                continue
            chosen -= {o.id for o in shown}
            chosen |= {str(v) for v in result}
            page += 1
        return [o.id for o in prompt.options if o.id in chosen]


def _message(prompt: Prompt, width: int, part: str = "") -> str:
    """The question wrapped to the terminal and ending on a fresh, indented line: there the
    keys are shown while asking (questionary's instruction) and the answer once answered, so
    neither a long question nor a long answer runs past the edge."""
    lines = [_wrap(f"[{prompt.step}/{prompt.total}] {prompt.text}{part}", width - 4, 2)]
    if prompt.help:
        lines.append("  " + _wrap(prompt.help, width - 4, 2))
    return "\n".join(lines) + "\n "


def _keys(multi: bool, can_go_back: bool, numbered: bool = False) -> str:
    """The one instruction style of every prompt: the keys it takes, in words."""
    if multi:
        keys = "space ticks, Enter confirms"
    else:
        keys = (
            "arrows or 1-5 choose, Enter confirms" if numbered else "arrows choose, Enter confirms"
        )
    return f"({keys}{', Esc goes back' if can_go_back else ''})"


def _numbered(ids: Iterable[str]) -> bool:
    """Options 1-5 (the self-ratings): their number keys pick them."""
    return {"1", "2", "3", "4", "5"} <= set(ids)


def _style() -> Any:
    """The highlighted choice stands out by colour and weight, not only by its pointer."""
    from questionary import Style

    return Style(
        [
            ("pointer", "fg:ansicyan bold"),
            ("highlighted", "fg:ansicyan bold"),
            ("selected", "fg:ansigreen"),
            ("answer", "fg:ansicyan bold"),
            ("instruction", "italic"),
        ]
    )


def answered_text(message: str, question: Any) -> str:
    """What an answered question leaves on screen, as plain text."""
    from prompt_toolkit.formatted_text import fragment_list_to_text, to_formatted_text

    window = question.application.layout.container
    try:
        tokens = window.get_children()[0].content.text
        return fragment_list_to_text(to_formatted_text(tokens))
    except (AttributeError, IndexError, TypeError):
        return "? " + message


def _answered_lines(message: str, question: Any) -> int:
    return _lines(answered_text(message, question))


def _lines(text: str) -> int:
    """Terminal lines `text` takes at the current width."""
    width = max(1, shutil.get_terminal_size().columns)
    return sum(max(1, -(-len(line) // width)) for line in text.split("\n"))


def ticked_summary(labels: list[str], width: int) -> str:
    """A checkbox page's answer in one form whatever the count: `2 ticked: A, B`."""
    if not labels:
        return "none ticked"
    text = f"{len(labels)} ticked: " + ", ".join(" ".join(label.split()) for label in labels)
    room = max(20, width - 3)
    return text if len(text) <= room else text[: room - 1] + "…"


def _erase_lines(count: int) -> None:
    """Take the last `count` lines off the terminal (the answer of a question gone back to)."""
    import sys

    if count > 0 and sys.stdout.isatty():
        sys.stdout.write(f"\x1b[{count}F\x1b[J")
        sys.stdout.flush()


def _run(question: Any, can_go_back: bool, ids: Iterable[str] = ()) -> Any:
    """Ask one questionary question; Escape means back, a number key picks a numbered
    option, Ctrl-C or EOF cancels.

    Esc then Ctrl-C can arrive together: the Escape has ended the prompt, and a second exit
    would fail inside prompt_toolkit (a traceback and "Press ENTER to continue"). A key ends
    the prompt only if nothing ended it yet; a late Ctrl-C still cancels once it is closed."""
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings
    from prompt_toolkit.keys import Keys

    app = question.application
    extra = KeyBindings()
    late_cancel: list[bool] = []

    @extra.add(Keys.ControlC, eager=True)
    def _cancel(event: Any) -> None:
        if event.app.is_done:
            late_cancel.append(True)
        else:
            event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    if can_go_back:
        # eager: taken at once, not after prompt_toolkit waits to see whether more keys
        # follow Escape (an Alt combination)
        @extra.add(Keys.Escape, eager=True)
        def _back(event: Any) -> None:
            if event.app.is_done:
                return
            event.app.erase_when_done = True  # the abandoned question leaves no trace
            event.app.exit(result=_BACK_VALUE)

    if _numbered(ids):
        control = _choices_control(app)
        for digit in "12345":

            def pick(event: Any, digit: str = digit) -> None:
                if event.app.is_done:
                    return
                index = next(i for i, c in enumerate(control.choices) if c.value == digit)
                control.pointed_at = index
                control.is_answered = True
                event.app.exit(result=digit)

            if control is not None:
                extra.add(digit, eager=True)(pick)
    app.key_bindings = merge_key_bindings([b for b in (app.key_bindings, extra) if b])
    app.ttimeoutlen = 0.01  # a lone Escape byte is a key press, not the start of a sequence
    try:
        result = question.unsafe_ask()
    except (KeyboardInterrupt, EOFError):
        raise CancelledError(CANCELLED) from None
    if result is None or late_cancel:  # closed without an answer, or Ctrl-C right after Esc
        raise CancelledError(CANCELLED)
    return result


def _choices_control(app: Any) -> Any:
    """questionary's list of choices in a prompt's layout (None if it cannot be found)."""
    for control in app.layout.find_all_controls():
        if hasattr(control, "pointed_at") and hasattr(control, "choices"):
            return control
    return None


def _wrap(text: str, width: int, indent: int) -> str:
    """Break a long label into lines that align under its first (questionary truncates
    choices at the terminal's edge instead of wrapping them)."""
    lines = textwrap.wrap(text, max(20, width - indent)) or [""]
    return ("\n" + " " * indent).join(lines)
