"""Help in the user's words: every command's --help names values as a person would (ROLE...,
FILE, WEEKS, HOURS, DATE, PATH), never as Python types; summaries are whole; every command
shows examples, and those naming roles turn generic under another knowledge base."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import Invoke, copy_data
from roleadvisor.kb.base import KnowledgeBase

# what Typer and Click print for types: <str>, <list[Path]>, <int range>, [[FILE]], 1<=x<=30
PYTHON_TYPES = re.compile(
    r"<(str|int|float|bool|path|Path|file|dir|list|tuple|dict|datetime|uuid)\b[^>]*>"
    r"|\b(list|tuple|dict)\[|\[\[|\b(int|float) range\b|<=x|x<=|\bNoneType\b"
)


def command_paths() -> Iterator[tuple[str, ...]]:
    from typer.main import get_command

    from roleadvisor.cli import app

    def walk(command: object, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))

    yield from walk(get_command(app), ())


COMMANDS = list(command_paths())


def test_every_command_is_walked() -> None:
    names = {" ".join(p) for p in COMMANDS}
    assert {"", "assess", "examples", "plan", "decode", "kb", "kb init", "kb schema"} <= names


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "roleadvisor")
def test_help_names_no_python_type(invoke: Invoke, path: tuple[str, ...]) -> None:
    shown = invoke(*path, "--help")
    assert shown.exit_code == 0
    found = [line for line in shown.stdout.splitlines() if PYTHON_TYPES.search(line)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    "path", [p for p in COMMANDS if p and p != ("kb",)], ids=lambda p: " ".join(p)
)
def test_every_command_shows_examples_of_itself(invoke: Invoke, path: tuple[str, ...]) -> None:
    text = invoke(*path, "--help").stdout
    assert "Examples:" in text
    examples = text.split("Examples:", 1)[1].split("\n\n", 1)[0].splitlines()
    assert any(f"roleadvisor {' '.join(path)}" in line for line in examples), examples


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (("loop",), ["Usage: roleadvisor loop [OPTIONS] ROLE...", "ROLE...  "]),
        (("compare",), ["[OPTIONS] ROLE...\n"]),
        (("plan",), ["[OPTIONS] [ROLE]...", "--weeks WEEKS", "--hours-per-week HOURS",
                     "--interview-date DATE", "--start DATE", "--export FILE"]),
        (("decode",), ["[OPTIONS] [FILE]\n", "--top N", "1 to 30"]),
        (("assess",), ["--answers FILE", "--save-answers FILE", "--example NAME"]),
        (("kb", "validate"), ["[OPTIONS] [PATH]"]),
        (("kb", "init"), ["[OPTIONS] DIR\n"]),
        ((), ["--kb PATH", "--install-completion", "--show-completion"]),
    ],
)
def test_values_are_named_in_words(invoke: Invoke, path: tuple[str, ...], words: list[str]) -> None:
    text = invoke(*path, "--help").stdout
    for word in words:
        assert word in text


@pytest.mark.parametrize("columns", ["80", "100", "140"])
def test_top_level_summaries_are_whole_one_liners(invoke: Invoke, columns: str) -> None:
    from typer.main import get_command

    from roleadvisor.cli import app

    text = invoke("--help", env={"COLUMNS": columns}).stdout
    listing = text.split("Commands:\n", 1)[1].splitlines()
    commands = get_command(app).commands  # type: ignore[attr-defined]
    column = max(map(len, commands)) + 2  # names are padded to the longest, then two spaces
    for name, command in commands.items():
        first = (command.help or "").split("\n\n")[0]
        summary = " ".join(first.split())
        assert summary.endswith("."), f"{name}: the summary is not one sentence"
        row = f"  {name:<{column}}{summary}"
        assert row in listing, f"{name}: {summary!r} is cut or wrapped at {columns} columns"


def test_help_uses_a_wide_terminal(invoke: Invoke) -> None:
    wide = invoke("plan", "--help", env={"COLUMNS": "120"}).stdout
    assert max(len(line) for line in wide.splitlines()) > 80


def _example_lines(text: str) -> list[str]:
    return text.split("Examples:", 1)[1].split("\n\n", 1)[0].splitlines()


ROLE_COMMANDS = [("show",), ("loop",), ("compare",), ("plan",)]


@pytest.mark.parametrize("path", ROLE_COMMANDS, ids=lambda p: p[0])
def test_role_examples_name_real_roles_of_the_shipped_knowledge_base(
    invoke: Invoke, path: tuple[str, ...], real_kb: KnowledgeBase
) -> None:
    for line in _example_lines(invoke(*path, "--help").stdout):
        words = line.split()[2:]  # past "roleadvisor <command>"
        named = words[: next((i for i, w in enumerate(words) if w.startswith("-")), len(words))]
        for word in named:  # the roles, before any option
            real_kb.role(word)  # an unknown role raises: the example would not work


@pytest.mark.parametrize("path", ROLE_COMMANDS, ids=lambda p: p[0])
def test_role_examples_turn_generic_under_another_knowledge_base(
    invoke: Invoke, path: tuple[str, ...], real_kb: KnowledgeBase, tmp_path: Path
) -> None:
    shipped = {w for r in real_kb.roles for w in (r.id, *r.aliases)}
    kb = copy_data(tmp_path / "kb")
    for how in (("--kb", str(kb), *path, "--help"), (*path, "--help")):
        env = {"ROLEADVISOR_KB": str(kb)} if how[0] != "--kb" else None
        lines = _example_lines(invoke(*how, env=env).stdout)
        named = {w for line in lines for w in line.split()} & shipped
        assert not named, f"{' '.join(how)} names shipped roles {named}: {lines}"
        assert any("ROLE" in line for line in lines)


# Examples that ask questions stop without a terminal (exit 2, saying so); the rest must work.
NEEDS_A_TERMINAL = {"roleadvisor assess", "roleadvisor assess --save-answers me.yaml",
                    "roleadvisor review"}
# run in this order, so each finds what an earlier one made (an answers file, a plan, a copy)
ORDER = [
    "examples", "kb init", "kb", "assess", "history", "decode", "plan", "review", "today",
    "progress",
]


def test_every_example_in_help_works(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shlex

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ROLEADVISOR_TODAY", "2026-12-01")
    posting = "AI Engineer\nBuild LLM features with RAG, agents and evaluation in Python.\n"
    (tmp_path / "posting.txt").write_text(posting, encoding="utf-8")
    (tmp_path / "posting.html").write_text(f"<html><body><p>{posting}</p></body></html>", "utf-8")
    paths = sorted(
        (p for p in COMMANDS if p and p != ("kb",)),
        key=lambda p: next(
            (i for i, o in enumerate(ORDER) if " ".join(p).startswith(o)), len(ORDER)
        ),
    )
    ran = 0
    for path in paths:
        for line in _example_lines(invoke(*path, "--help").stdout):
            example = line.strip()
            if not example or "|" in example:  # a pipe from another program (pbpaste)
                continue
            words = shlex.split(example)
            env = {}
            while re.match(r"^[A-Z_]+=", words[0]):  # VAR=value before the command
                name, value = words.pop(0).split("=", 1)
                env[name] = value
            assert words[0] == "roleadvisor", example
            if example in NEEDS_A_TERMINAL:
                # in a folder of its own: only the missing terminal may stop it, not a file an
                # earlier example wrote (targets are checked before the terminal is needed)
                with monkeypatch.context() as inside:
                    (tmp_path / f"alone-{ran}").mkdir()
                    inside.chdir(tmp_path / f"alone-{ran}")
                    done = invoke(*words[1:], env=env or None)
                assert done.exit_code == 2 and "terminal" in done.stderr, example
                ran += 1
                continue
            done = invoke(*words[1:], env=env or None)
            assert done.exit_code == 0, f"{example}: {done.stderr}"
            ran += 1
    assert ran > 30
