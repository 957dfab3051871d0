"""Every command, fed each bad input that applies, fails the documented way.

Each row runs the real program in its own process with stdin not a terminal, and checks: the
documented exit code, exactly one line on stderr starting "Error:", no traceback anywhere, and
no file of the user's changed or deleted (a corrupted state file may gain a backup copy
beside it, never lose its content).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from roleadvisor.errors import ExitCode

# every row spawns a command: start each warm
pytestmark = pytest.mark.usefixtures("warm_cache")

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
NOT_UTF8 = b"roles:\n  - id: caf\xe9\n"


@dataclass(frozen=True)
class Row:
    id: str
    args: tuple[str, ...]
    code: ExitCode
    setup: Callable[[Path], None] = lambda w: None
    mentions: str = ""  # a word the message must contain (case-insensitive)


def _write(rel: str, content: str | bytes) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return setup


def _both(*steps: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        for step in steps:
            step(work)

    return setup


def _broken_kb(file: str, content: bytes) -> Callable[[Path], None]:
    def setup(work: Path) -> None:
        shutil.copytree(DATA, work / "kb")
        (work / "kb" / file).write_bytes(content)

    return setup


# A complete, valid answers file: a row that uses it fails on what it is named after.
_valid_answers = _write(
    "answers.yaml", (REPO / "examples" / "roles" / "ml-engineer.yaml").read_text(encoding="utf-8")
)
# YAML tags that would run code if the file were read with an unsafe loader: each would leave
# a file or directory behind, which the row's snapshot of the working directory would show.
_RUN_TOUCH = "!!python/object/apply:os.system [touch ran-by-yaml]"
_RUN_MKDIR = "!!python/object/apply:os.mkdir [made-by-yaml]"
_plan_exists = _write("plan.md", "my own notes\n")
_file_in_the_way = _write("blocker", "a file, not a directory\n")
_corrupt_plan = _write("home/plan.json", "{not json")
_corrupt_history = _write("home/assessments/20240101T000000000000Z.json", "[1, 2")
_wrong_history = _write("home/assessments/20240101T000000000000Z.json", '{"id": 3}')


def _saved_plan(work: Path) -> None:
    """A current study plan made by the program itself, so the row gets past "no plan"."""
    made = run(("plan", "ai-engineer", "--weeks", "3"), work)
    assert made.returncode == 0, made.stderr
    assert (work / "home" / "plan.json").is_file()


USAGE, KB, ERROR = ExitCode.USAGE, ExitCode.KB, ExitCode.ERROR

ROWS = [
    # --- explore ---------------------------------------------------------------------------
    Row("roles-unknown-tier", ("roles", "--tier", "nonsense"), USAGE, mentions="nonsense"),
    Row("show-unknown-role", ("show", "no-such-role"), USAGE, mentions="no-such-role"),
    Row("show-misspelt-role", ("show", "ai-enginer"), USAGE, mentions="ai-engineer"),
    Row("loop-unknown-role", ("loop", "mle", "wizard"), USAGE, mentions="wizard"),
    Row("compare-one-role", ("compare", "mle"), USAGE),
    Row("compare-unknown-role", ("compare", "mle", "astronaut"), USAGE, mentions="astronaut"),
    Row("compare-seven-roles", ("compare", "mle", "aie", "ds", "re", "de", "rs", "mlops"), USAGE),
    Row("market-missing-kb", ("--kb", "no/such/dir", "market"), KB, mentions="no/such/dir"),
    Row(
        "roles-kb-not-utf8",
        ("--kb", "kb", "roles"),
        KB,
        _broken_kb("roles.yaml", NOT_UTF8),
        mentions="UTF-8",
    ),
    Row(
        "show-kb-empty-file",
        ("--kb", "kb", "show", "mle"),
        KB,
        _broken_kb("skills.yaml", b""),
        mentions="empty",
    ),
    Row(
        "compare-kb-python-tag",
        ("--kb", "kb", "compare", "mle", "aie"),
        KB,
        _broken_kb("landscape.yaml", f"sources: {_RUN_TOUCH}\n".encode()),
    ),
    Row(
        "compare-kb-python-mkdir",
        ("--kb", "kb", "compare", "mle", "aie"),
        KB,
        _broken_kb("roles.yaml", f"roles: {_RUN_MKDIR}\n".encode()),
    ),
    Row("kb-validate-missing-dir", ("kb", "validate", "no/such/dir"), KB, mentions="no/such/dir"),
    Row("kb-init-not-empty", ("kb", "init", "."), USAGE, _plan_exists, mentions="--force"),
    Row("kb-init-onto-a-file", ("kb", "init", "blocker"), USAGE, _file_in_the_way),
    Row("kb-schema-not-empty", ("kb", "schema", "."), USAGE, _plan_exists, mentions="--force"),
    # --- assess and history ----------------------------------------------------------------
    Row("assess-no-terminal", ("assess",), USAGE, mentions="--answers"),
    Row(
        "assess-missing-answers",
        ("assess", "--answers", "missing.yaml"),
        USAGE,
        mentions="missing.yaml",
    ),
    Row("assess-answers-directory", ("assess", "--answers", "."), USAGE),
    Row(
        "assess-answers-python-tag",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        _write("answers.yaml", f"role-clarity: {_RUN_TOUCH}\n"),
    ),
    Row(
        "assess-answers-python-mkdir",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        _write("answers.yaml", f"background: {_RUN_MKDIR}\nrole-clarity: 3\n"),
    ),
    Row(
        "assess-answers-not-utf8",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        _write("answers.yaml", b"role-clarity: \xff\xfe\n"),
    ),
    Row(
        "assess-answers-deep",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        _write("answers.yaml", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
    ),
    Row(
        "assess-answers-unknown-question",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        _write("answers.yaml", "favourite-colour: blue\n"),
        mentions="favourite-colour",
    ),
    Row(
        "assess-answers-bad-choice",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        _write("answers.yaml", "role-clarity: 9\n"),
        mentions="role-clarity",
    ),
    Row(
        "assess-save-answers-unwritable",
        ("assess", "--answers", "answers.yaml", "--save-answers", "blocker/out.yaml"),
        ERROR,  # the request is fine; the place to write is not (nothing is saved either)
        _both(_file_in_the_way, _valid_answers),
        mentions="blocker/out.yaml",
    ),
    Row("fit-no-assessment", ("fit", "mle"), USAGE, mentions="roleadvisor assess"),
    Row("fit-unknown-role", ("fit", "astronaut"), USAGE, mentions="astronaut"),
    Row("fit-corrupted-history", ("fit", "mle"), ERROR, _corrupt_history, mentions="corrupted"),
    Row("assess-unknown-example", ("assess", "--example", "carer-transition"), USAGE,
        mentions="career-transition"),
    Row("assess-example-and-answers",
        ("assess", "--example", "market-timing", "--answers", "answers.yaml"), USAGE,
        _valid_answers),
    Row("examples-unknown-name", ("examples", "nope"), USAGE, mentions="roleadvisor examples"),
    Row("examples-write-existing", ("examples", "market-timing", "--write", "plan.md"), USAGE,
        _plan_exists, mentions="--force"),
    Row("examples-write-no-name", ("examples", "--write", "me.yaml"), USAGE, mentions="NAME"),
    Row("history-corrupted", ("history",), ERROR, _corrupt_history, mentions="corrupted"),
    Row("history-wrong-shape", ("history",), ERROR, _wrong_history),
    # --- plan and reviews ------------------------------------------------------------------
    Row("plan-unknown-role", ("plan", "astronaut"), USAGE, mentions="astronaut"),
    Row(
        "plan-bad-date",
        ("plan", "aie", "--interview-date", "2025-13-45"),
        USAGE,
        mentions="2025-13-45",
    ),
    Row("plan-start-not-a-date", ("plan", "aie", "--start", "next tuesday"), USAGE),
    Row("plan-negative-hours", ("plan", "aie", "--hours-per-week", "-3"), USAGE, mentions="hours"),
    Row("plan-negative-weeks", ("plan", "aie", "--weeks", "-2"), USAGE, mentions="weeks"),
    Row(
        "plan-export-exists",
        ("plan", "aie", "--export", "plan.md"),
        USAGE,
        _plan_exists,
        mentions="--force",
    ),
    Row(
        "plan-export-unwritable",
        ("plan", "aie", "--export", "blocker/plan.md"),
        ERROR,
        _file_in_the_way,
    ),
    Row("plan-export-bad-kind", ("plan", "aie", "--export", "plan.pdf"), USAGE),
    Row("plan-corrupted-history", ("plan",), ERROR, _corrupt_history),
    Row("review-no-plan", ("review", "anything", "--rating", "good"), USAGE, mentions="plan"),
    Row(
        "review-bad-rating", ("review", "anything", "--rating", "superb"), USAGE, mentions="superb"
    ),
    Row("review-corrupted-plan", ("review", "x", "--rating", "good"), ERROR, _corrupt_plan),
    Row("review-no-terminal", ("review",), USAGE, _saved_plan, mentions="--rating"),
    Row("today-corrupted-plan", ("today",), ERROR, _corrupt_plan),
    Row("today-no-plan", ("today",), USAGE, mentions="plan"),
    Row("progress-corrupted-plan", ("progress",), ERROR, _corrupt_plan),
    # --- decode ----------------------------------------------------------------------------
    Row(
        "decode-missing-file",
        ("decode", "no-such-posting.txt"),
        USAGE,
        mentions="no-such-posting.txt",
    ),
    Row("decode-directory", ("decode", "."), USAGE, mentions="directory"),
    Row(
        "decode-not-utf8",
        ("decode", "posting.txt"),
        USAGE,
        _write("posting.txt", b"Senior ML Engineer\n\xff\xfe\xfd"),
        mentions="UTF-8",
    ),
    Row("decode-empty-stdin", ("decode", "-"), USAGE),
]


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (with its content) and directory (None) under root, but the KB cache."""
    found: dict[str, bytes | None] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if rel.parts[:2] == ("home", "cache") or rel.parts == ("home",):
            continue
        found[str(rel)] = path.read_bytes() if path.is_file() else None
    return found


def run(args: tuple[str, ...], work: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_")}
    env.update(
        ROLEADVISOR_HOME=str(work / "home"),
        COLUMNS="100",
        NO_COLOR="1",
        TERM="dumb",
        ROLEADVISOR_TODAY="2025-03-03",
    )
    return subprocess.run(
        [sys.executable, "-m", "roleadvisor", *args],
        cwd=work,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_bad_input_fails_cleanly(row: Row, tmp_path: Path) -> None:
    row.setup(tmp_path)
    before = _snapshot(tmp_path)

    result = run(row.args, tmp_path)

    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert result.returncode == row.code, (result.returncode, result.stderr)
    if row.mentions:
        assert row.mentions.lower() in lines[0].lower()
    after = _snapshot(tmp_path)
    for name, content in before.items():
        assert after.get(name) == content, f"{name} was changed or removed"
    for name in set(after) - set(before):
        assert ".corrupt-" in name, f"{name} was created"


def test_every_command_has_a_bad_input_row() -> None:
    from typer.main import get_command

    from roleadvisor.cli import app

    group = get_command(app)
    names: set[str] = set()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        subs = getattr(command, "commands", None)
        names.update(f"{name} {sub}" for sub in subs) if subs else names.add(name)

    def named(args: tuple[str, ...], words: tuple[str, ...]) -> bool:
        return any(args[i : i + len(words)] == words for i in range(len(args)))

    missing = [n for n in names if not any(named(r.args, tuple(n.split())) for r in ROWS)]
    assert names >= {"roles", "show", "compare", "assess", "plan"}
    assert not missing, f"commands without a bad-input row: {sorted(missing)}"
