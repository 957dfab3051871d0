"""Answers files: the questionnaire answered from a mapping of question id -> choice id(s).

`load_answers` reads one (YAML or JSON) and checks it against the questions; `AnswersPrompter`
answers each prompt from it, never guessing; `save_answers` writes one that `--answers` can
replay.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from roleadvisor.errors import UsageError
from roleadvisor.profile import Answer
from roleadvisor.questionnaire import Prompt, Reply

MAX_ANSWERS_BYTES = 1024 * 1024  # answers files are a few hundred bytes


def load_answers(path: Path, known: Iterable[str]) -> dict[str, Answer]:
    """Read an answers file (YAML or JSON: question id -> choice id or list of ids)."""
    from roleadvisor.state.files import NotRegularFileError, TooLargeError, read_bounded

    try:
        text = read_bounded(path, MAX_ANSWERS_BYTES).decode("utf-8")
    except FileNotFoundError:
        raise UsageError(
            f"Answers file {path} does not exist. `roleadvisor examples` lists the shipped "
            "ones (use one with --example NAME)."
        ) from None
    except NotRegularFileError:
        raise UsageError(
            f"Answers file {path} is not a regular file; give a YAML or JSON file."
        ) from None
    except TooLargeError:
        raise UsageError(
            f"Answers file {path} is over {MAX_ANSWERS_BYTES} bytes; is it the right file?"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"Cannot read answers file {path}: {exc}.") from None
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        first = str(exc).splitlines()[0]
        raise UsageError(f"Answers file {path} is not valid YAML/JSON: {first}") from None
    except ValueError:  # a number of more digits than Python turns into an int
        raise UsageError(f"Answers file {path} holds a number too long to be an answer.") from None
    except RecursionError:  # the pure-Python parsers recurse once per level of nesting
        raise UsageError(f"Answers file {path} is nested too deeply to be answers.") from None
    if not isinstance(data, dict):
        raise UsageError(
            f"Answers file {path} must map question ids to choice ids "
            "(`roleadvisor examples career-transition` shows one)."
        )
    known_ids = list(known)
    answers: dict[str, Answer] = {}
    for key, value in data.items():
        qid = str(key)
        if qid not in known_ids:
            raise UsageError(
                f"Answers file {path}: unknown question '{qid}'. "
                f"Known questions: {', '.join(known_ids)}."
            )
        answers[qid] = _as_answer(qid, value, path)
    return answers


def _as_answer(qid: str, value: Any, path: Path) -> Answer:
    if isinstance(value, bool) or value is None or isinstance(value, dict):
        raise UsageError(f"Answers file {path}: '{qid}' needs a choice id or a list of ids.")
    if isinstance(value, list):
        if not all(isinstance(v, (str, int)) and not isinstance(v, bool) for v in value):
            raise UsageError(f"Answers file {path}: '{qid}' must list choice ids.")
        return [str(v) for v in value]
    return str(value)


class AnswersPrompter:
    """Answers each prompt from a mapping; never guesses a missing or invalid answer."""

    def __init__(self, answers: dict[str, Answer], source: str = "the answers file") -> None:
        self.answers = answers
        self.source = source

    def ask(self, prompt: Prompt) -> Reply:
        if prompt.id not in self.answers:
            raise UsageError(
                f"{self.source} has no answer for '{prompt.id}' ({prompt.text}); "
                f"choices: {', '.join(prompt.option_ids())}."
            )
        value = self.answers[prompt.id]
        valid = prompt.option_ids()
        if prompt.multi:
            chosen = value if isinstance(value, list) else [value]
            bad = [v for v in chosen if v not in valid]
            if bad:
                raise UsageError(
                    f"{self.source}: '{prompt.id}' has invalid choice(s) {', '.join(bad)}; "
                    f"valid: {', '.join(valid)}."
                )
            return list(dict.fromkeys(chosen))
        if isinstance(value, list):
            raise UsageError(f"{self.source}: '{prompt.id}' takes one choice, not a list.")
        if value not in valid:
            raise UsageError(
                f"{self.source}: '{prompt.id}' has invalid choice '{value}'; "
                f"valid: {', '.join(valid)}."
            )
        return value


def save_answers(path: Path, answers: dict[str, Answer], force: bool) -> None:
    """Write answers so a run can be repeated with --answers (ratings as numbers)."""
    from roleadvisor.state.files import write_export

    plain: dict[str, Any] = {
        k: int(v) if isinstance(v, str) and v.isdigit() else v for k, v in answers.items()
    }
    if path.suffix.lower() == ".json":
        text = json.dumps(plain, indent=2) + "\n"
    else:
        text = yaml.safe_dump(plain, sort_keys=False, allow_unicode=True)
    write_export(path, text, force)
