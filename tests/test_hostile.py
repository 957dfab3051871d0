"""Hostile input, broken state and bounds: every row fails (or carries on) the documented way.

Each row runs a command in process against its own home and working directory, then checks:
the exit code; stderr is exactly one line ("Error: ..." for a failure, "Warning: ..." when the
command carried on); no traceback; no control character on either stream; the CPU time spent
(a hang or a quadratic blow-up shows as seconds); and that no file of the user's changed. A
damaged state file may gain a timestamped copy beside it, and a lock file may appear; nothing
else is created, and nothing is rewritten.

Rows that need a real process (the output stream itself fails) are at the end.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from helpers import DATA, REPO
from roleadvisor.errors import ExitCode

OK, USAGE, ERROR, KB = ExitCode.OK, ExitCode.USAGE, ExitCode.ERROR, ExitCode.KB
TODAY = "2026-03-02"
CPU_SECONDS = 2.0  # the bound for any input up to the size limits
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ASSESSMENT = "home/assessments/20260301T000000000000Z.json"
DEEP = "[" * 200_000

Setup = Callable[[Path, dict[str, str]], None]


@dataclass(frozen=True)
class Row:
    id: str
    args: tuple[str, ...]
    code: ExitCode
    setup: tuple[Setup, ...] = ()
    mentions: tuple[str, ...] = ()  # words the one line must contain (case-insensitive)
    env: dict[str, str] = field(default_factory=dict)
    backup_of: str = ""  # the damaged file a timestamped copy must be kept of


# --- setups: the program's own files, made once, then damaged ----------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A saved assessment and a plan made by the program itself, as file contents."""
    home = tmp_path_factory.mktemp("made") / "home"
    env = {"ROLEADVISOR_HOME": str(home), "ROLEADVISOR_TODAY": TODAY}
    answers = str(REPO / "examples" / "roles" / "ml-engineer.yaml")
    assert _invoke(("assess", "--answers", answers), env).exit_code == 0
    assert _invoke(("plan", "aie", "--weeks", "6"), env).exit_code == 0
    assert _invoke(("review", "ML depth", "--rating", "good"), env).exit_code == 0
    saved = next((home / "assessments").glob("*.json"))
    return {
        "assessment": saved.read_text(encoding="utf-8"),
        "plan": (home / "plan.json").read_text(encoding="utf-8"),
        "reviews": (home / "reviews.json").read_text(encoding="utf-8"),
    }


def put(rel: str, content: str | bytes) -> Setup:
    def setup(work: Path, made: dict[str, str]) -> None:
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())

    return setup


def mine(rel: str, key: str, change: Callable[[str], str] = lambda text: text) -> Setup:
    """A file the program made (`key` of `made`), optionally changed."""

    def setup(work: Path, made: dict[str, str]) -> None:
        put(rel, change(made[key]))(work, made)

    return setup


def card(**fields: object) -> Callable[[str], str]:
    """reviews.json with the first topic's saved card changed."""

    def change(text: str) -> str:
        data = json.loads(text)
        topic = next(iter(data["topics"].values()))
        topic["card"] = fields.get("whole", {**topic["card"], **fields})
        return json.dumps(data)

    return change


def recommending(role: str) -> Callable[[str], str]:
    """A saved assessment whose recommendation names `role` wherever it names a role."""

    def change(text: str) -> str:
        data = json.loads(text)
        old = data["recommendation"]["top"][0]["role"]
        return json.dumps(data).replace(f'"{old}"', f'"{role}"')

    return change


def kb_copy(file: str, extra: str) -> Setup:
    def setup(work: Path, made: dict[str, str]) -> None:
        shutil.copytree(DATA, work / "kb")
        with (work / "kb" / file).open("a", encoding="utf-8") as handle:
            handle.write("\n" + extra)

    return setup


def _alias_bomb() -> str:
    """Nine lines that expand to 9^9 strings, under a key the schema does not know."""
    lines = ["bomb:", '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def merge_clones(work: Path, made: dict[str, str]) -> None:
    """A role anchored, then cloned 60,000 times with merge keys (well under the 5 MB limit)."""
    shutil.copytree(DATA, work / "kb")
    path = work / "kb" / "roles.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("\n  - id:", "\n  - &first\n    id:", 1).rstrip("\n")
    clones = "".join(f"\n  - <<: *first\n    id: clone-{i}" for i in range(60_000))
    path.write_text(text + clones + "\n", encoding="utf-8")


def huge_sparse(rel: str, size: int) -> Setup:
    def setup(work: Path, made: dict[str, str]) -> None:
        path = work / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            handle.truncate(size)

    return setup


plan = mine("home/plan.json", "plan")
reviews = mine("home/reviews.json", "reviews")
assessment = mine(ASSESSMENT, "assessment")
answers = put("answers.yaml", (REPO / "examples/roles/ml-engineer.yaml").read_text("utf-8"))
posting = put("posting.txt", "AI Engineer\nBuild RAG pipelines with LLM APIs and agents.\n")
GAPS = "home/decode_gaps.json"

ROWS: list[Row] = []

# --- state files of the wrong shape: kept as a copy, reported on one line, never rewritten -----
for name, content in [
    ("list", "[]"),
    ("number", "42"),
    ("skills-string", '{"skills": "agents"}'),
    ("skills-number", '{"skills": 5}'),
    ("deep", DEEP),
]:
    ROWS.append(
        Row(
            f"decode-gaps-{name}",
            ("decode", "posting.txt", "--add-to-plan"),
            ERROR,
            (assessment, posting, put(GAPS, content)),
            ("decode_gaps.json",),
            backup_of=GAPS,
        )
    )
ROWS += [
    # plan carries on without the damaged gaps, and says so
    Row(
        "plan-decode-gaps-skills-number",
        ("plan",),
        OK,
        (assessment, put(GAPS, '{"skills": 5}')),
        ("warning", "decode_gaps.json"),
        backup_of=GAPS,
    ),
    Row(
        "history-assessment-wrong-shape",
        ("history",),
        ERROR,
        (put(ASSESSMENT, '{"profile": []}'),),
        ("expected format",),
        backup_of=ASSESSMENT,
    ),
    Row(
        "history-assessment-deep",
        ("history",),
        ERROR,
        (put(ASSESSMENT, DEEP),),
        ("corrupted",),
        backup_of=ASSESSMENT,
    ),
    Row("plan-assessment-deep", ("plan",), ERROR, (put(ASSESSMENT, DEEP),), backup_of=ASSESSMENT),
    # one damaged saved assessment does not block assess, decode or a plan for a named role
    Row(
        "assess-past-a-damaged-assessment",
        ("assess", "--answers", "answers.yaml", "--no-save"),
        OK,
        (answers, put(ASSESSMENT, DEEP)),
        ("warning", "corrupted"),
        backup_of=ASSESSMENT,
    ),
    Row(
        "plan-role-past-a-damaged-assessment",
        ("plan", "aie"),
        OK,
        (put(ASSESSMENT, '{"id": 3}'),),
        ("warning",),
        backup_of=ASSESSMENT,
    ),
    Row(
        "decode-past-a-damaged-assessment",
        ("decode", "posting.txt"),
        OK,
        (posting, put(ASSESSMENT, DEEP)),
        ("warning",),
        backup_of=ASSESSMENT,
    ),
    Row(
        "plan-assessment-role-gone",
        ("plan",),
        USAGE,
        (mine(ASSESSMENT, "assessment", recommending("astronaut")),),
        ("astronaut", "no longer"),
    ),
    # review state
    Row(
        "review-reviews-null",
        ("review", "ML depth", "--rating", "good"),
        ERROR,
        (plan, put("home/reviews.json", "null")),
        ("reviews.json",),
        backup_of="home/reviews.json",
    ),
    Row(
        "today-reviews-null",
        ("today",),
        ERROR,
        (plan, put("home/reviews.json", "null")),
        backup_of="home/reviews.json",
    ),
]
for name, change in [
    ("empty", card(whole={})),
    ("bad-date", card(due="2026-13-45T12:00:00+00:00")),
    ("state-99", card(state=99)),
    ("stability-negative", card(stability=-1)),
]:
    for command in (("review", "ML depth", "--rating", "good"), ("progress",)):
        ROWS.append(
            Row(
                f"{command[0]}-card-{name}",
                command,
                ERROR,
                (plan, mine("home/reviews.json", "reviews", change)),
                ("reviews.json", "expected format"),
                backup_of="home/reviews.json",
            )
        )
# "[" x 200,000 in each state file, for each command that reads it
for command, rel, extra in [
    (("today",), "home/plan.json", ()),
    (("progress",), "home/plan.json", ()),
    (("review", "ML depth", "--rating", "good"), "home/plan.json", ()),
    (("today",), "home/reviews.json", (plan,)),
    (("progress",), "home/reviews.json", (plan,)),
    (("review", "ML depth", "--rating", "good"), "home/reviews.json", (plan,)),
    (("history",), ASSESSMENT, ()),
    (("decode", "posting.txt"), ASSESSMENT, (posting,)),  # carries on, with a warning
]:
    ROWS.append(
        Row(
            f"{command[0]}-deep-{Path(rel).name.split('.')[0][:8]}",
            command,
            OK if command[0] == "decode" else ERROR,
            (*extra, put(rel, DEEP)),
            ("nested too deeply",),
            backup_of=rel,
        )
    )
ROWS += [
    # --- reads are bounded ---------------------------------------------------------------------
    Row(
        "assess-answers-dev-zero",
        ("assess", "--answers", "/dev/zero"),
        USAGE,
        mentions=("not a regular file",),
    ),
    Row(
        "decode-dev-zero",
        ("decode", "/dev/zero"),
        USAGE,
        mentions=("limit",),
    ),
    Row(
        "review-reviews-300mb",
        ("review", "ML depth", "--rating", "good"),
        ERROR,
        (plan, huge_sparse("home/reviews.json", 300 * 1024 * 1024)),
        ("more than any saved state",),
    ),
    Row(
        "assess-rating-100000-digits",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        (put("answers.yaml", "role-clarity: " + "9" * 100_000 + "\n"),),
        ("too long",),
    ),
    Row(
        "kb-validate-alias-bomb",
        ("kb", "validate", "kb"),
        KB,
        (kb_copy("landscape.yaml", _alias_bomb()),),
        ("aliases",),
    ),
    Row("kb-validate-merge-clones", ("kb", "validate", "kb"), KB, (merge_clones,), ("aliases",)),
    Row(
        "compare-kb-alias-bomb",
        ("--kb", "kb", "compare", "mle", "aie"),
        KB,
        (kb_copy("landscape.yaml", _alias_bomb()),),
        ("aliases",),
    ),
    # --- the plan's horizon ----------------------------------------------------------------------
    Row("plan-weeks-10000", ("plan", "aie", "--weeks", "10000"), USAGE, mentions=("2 years",)),
    Row("plan-weeks-1000000", ("plan", "aie", "--weeks", "1000000"), USAGE, mentions=("2 years",)),
    Row(
        "plan-interview-9999",
        ("plan", "aie", "--interview-date", "9999-12-31"),
        USAGE,
        mentions=("2 years",),
    ),
    Row(
        "plan-interview-in-2030",
        ("plan", "aie", "--interview-date", "2030-01-01"),
        USAGE,
        mentions=("2 years",),
    ),
    Row(
        "plan-start-9999",
        ("plan", "aie", "--start", "9999-12-25", "--weeks", "2"),
        USAGE,
        mentions=("2 years",),
    ),
    Row(
        "plan-today-9999",
        ("plan", "aie"),
        USAGE,
        env={"ROLEADVISOR_TODAY": "9999-12-31"},
        mentions=("ROLEADVISOR_TODAY", "2 years"),
    ),
    Row(
        "assess-today-9999",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        (answers,),
        env={"ROLEADVISOR_TODAY": "9999-12-31"},
    ),
    # --- exports: every target checked before anything is written ------------------------------
    Row(
        "plan-export-twice",
        ("plan", "aie", "--export", "a.md", "--export", "a.md"),
        USAGE,
        mentions=("twice",),
    ),
    Row(
        "plan-export-later-one-fails",
        ("plan", "aie", "--export", "a.md", "--export", "blocker/b.ics"),
        ERROR,
        (put("blocker", "a file, not a folder\n"),),
        ("not a directory",),
    ),
    # --- assess checks where it will save before the first question ----------------------------
    Row(
        "assess-save-answers-exists",
        ("assess", "--save-answers", "mine.yaml"),
        USAGE,
        (put("mine.yaml", "kept: yes\n"),),
        ("--force",),
    ),
    Row(
        "assess-home-is-a-file",
        ("assess",),
        ERROR,
        (put("home", "a file\n"),),
        ("not a directory",),
    ),
    Row("today-home-is-a-file", ("today",), ERROR, (put("home", "x"),), ("not a directory",)),
    Row("history-home-is-a-file", ("history",), ERROR, (put("home", "x"),), ("not a directory",)),
    # --- values echoed from files and arguments reach the terminal without control characters ----
    Row(
        "assess-answers-escape-in-key",
        ("assess", "--answers", "answers.yaml"),
        USAGE,
        (put("answers.yaml", '"\\e]0;pwned\\a\\e[2J\\x9b31m": 3\n'),),
        ("pwned",),
    ),
    Row(
        "review-escape-in-topic",
        ("review", "\x1b[2J\x9b31mML", "--rating", "good"),
        USAGE,
        (plan,),
    ),
    Row(
        "plan-escape-in-role",
        ("plan", "\x1b]0;title\x07astronaut"),
        USAGE,
        mentions=("astronaut",),
    ),
]


# --- running a row ---------------------------------------------------------------------------


def _invoke(args: tuple[str, ...], env: dict[str, str]) -> object:
    from roleadvisor.cli import app

    base = {"ROLEADVISOR_TODAY": TODAY, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    return CliRunner().invoke(app, list(args), env={**base, **env}, catch_exceptions=True)


def snapshot(root: Path) -> dict[str, bytes | int | None]:
    """Every file (content, or size when huge) and directory (None) under root, but the cache."""
    found: dict[str, bytes | int | None] = {}
    for path in root.rglob("*"):
        rel = path.relative_to(root)
        if rel.parts[:2] == ("home", "cache"):
            continue
        if path.is_file():
            size = path.stat().st_size
            found[str(rel)] = path.read_bytes() if size < 10_000_000 else size
        elif not path.is_symlink():
            found[str(rel)] = None
    return found


@pytest.fixture
def alarm() -> Iterator[None]:
    """A hang fails the row instead of the run."""

    def stop(signum: int, frame: object) -> None:
        raise TimeoutError("the command did not finish within 60 s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_hostile_row(
    row: Row,
    tmp_path: Path,
    made: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    alarm: None,
) -> None:
    monkeypatch.chdir(tmp_path)
    for step in row.setup:
        step(tmp_path, made)
    before = snapshot(tmp_path)

    started = time.process_time()
    result = _invoke(row.args, {"ROLEADVISOR_HOME": str(tmp_path / "home"), **row.env})
    spent = time.process_time() - started

    assert not isinstance(result.exception, Exception) or isinstance(  # type: ignore[attr-defined]
        result.exception,  # type: ignore[attr-defined]
        SystemExit,
    ), result.exception  # type: ignore[attr-defined]
    out, err = result.stdout, result.stderr  # type: ignore[attr-defined]
    assert result.exit_code == row.code, (result.exit_code, err)  # type: ignore[attr-defined]
    assert "Traceback" not in out + err
    if row.args[:2] == ("kb", "validate"):  # its report is the output: a problem, a count
        lines = out.strip().splitlines()
        assert len(lines) == 2 and lines[1] == "1 problem in kb" and not err, out + err
    else:
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        label = "Warning: " if row.code == OK else "Error: "
        assert lines[0].startswith(label), err
    for word in row.mentions:
        assert word.lower() in lines[0].lower(), lines[0]
    assert not CONTROL.search(out.replace("\n", "") + lines[0]), repr(lines[0])
    assert spent < CPU_SECONDS, f"{spent:.2f} s of CPU"

    after = snapshot(tmp_path)
    for name, content in before.items():
        assert after.get(name) == content, f"{name} was changed or removed"
    created = set(after) - set(before)
    copies = {n for n in created if ".corrupt-" in n}
    if row.backup_of:
        kept = [n for n in copies if n.startswith(row.backup_of + ".corrupt-")]
        assert len(kept) == 1, sorted(created)
        assert after[kept[0]] == before[row.backup_of]
    # a copy only of the damaged file (a file too large to be state is never copied)
    allowed = (copies if row.backup_of else set()) | {n for n in created if n.endswith(".lock")}
    if row.code == OK:  # a command that carried on may save what it made
        allowed |= {n for n in created if n.startswith("home")}
    assert created <= allowed, sorted(created - allowed)


def test_row_ids_are_distinct() -> None:
    ids = {r.id for r in ROWS}
    assert len(ids) == len(ROWS), "row ids repeat"


# --- a damaged file is copied once, not on every run ------------------------------------------


def test_a_damaged_file_is_copied_once(
    tmp_path: Path, made: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    plan(tmp_path, made)
    put("home/reviews.json", "null")(tmp_path, made)
    env = {"ROLEADVISOR_HOME": str(tmp_path / "home")}
    for _ in range(3):
        assert _invoke(("today",), env).exit_code == ERROR  # type: ignore[attr-defined]
    assert len(list((tmp_path / "home").glob("reviews.json.corrupt-*"))) == 1


# --- temporary files of a killed run -----------------------------------------------------------


def test_a_killed_runs_temporary_file_is_removed_by_the_next_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    stale = tmp_path / f".plan.md.{dead.stdout.strip()}.abc123.tmp"
    stale.write_text("half a plan", encoding="utf-8")
    other = tmp_path / ".plan.md.notapid.tmp"  # not ours: left alone
    other.write_text("someone else's", encoding="utf-8")
    env = {"ROLEADVISOR_HOME": str(tmp_path / "home")}
    result = _invoke(("plan", "aie", "--weeks", "2", "--export", "plan.md"), env)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    assert not stale.exists() and other.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".plan.md.notapid.tmp", "home", "plan.md"]


# --- knowledge-base text with control characters, in the views the issue names -----------------

EVIL = "\x1b[2J\x1b]0;pwned\x07\x9b31m"


@pytest.fixture(scope="module")
def evil_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    kb = tmp_path_factory.mktemp("evil") / "kb"
    shutil.copytree(DATA, kb)
    landscape = yaml.safe_load((kb / "landscape.yaml").read_text(encoding="utf-8"))
    for tier in landscape["tiers"]:
        tier["name"] = f"{EVIL}{tier['name']}"
    (kb / "landscape.yaml").write_text(yaml.safe_dump(landscape, allow_unicode=True), "utf-8")
    roles = yaml.safe_load((kb / "roles.yaml").read_text(encoding="utf-8"))
    for role in roles["roles"]:
        role["name"] = f"{EVIL}{role['name']}"
        role["loop"]["emphasis"]["text"] = f"{EVIL}{role['loop']['emphasis']['text']}"
    (kb / "roles.yaml").write_text(yaml.safe_dump(roles, allow_unicode=True), "utf-8")
    return kb


@pytest.mark.parametrize(
    "args",
    [
        ("roles",),
        ("decode", "posting.txt"),
        ("assess", "--answers", "answers.yaml", "--no-save"),
        ("decode", "posting.txt", "--json"),
        ("roles", "--json"),
    ],
    ids=["roles", "decode", "assess", "decode-json", "roles-json"],
)
def test_knowledge_base_text_reaches_no_terminal_raw(
    args: tuple[str, ...],
    evil_kb: Path,
    tmp_path: Path,
    made: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    answers(tmp_path, made)
    put("posting.txt", f"AI Engineer {EVIL}\nBuild RAG pipelines with LLM APIs.\n")(tmp_path, made)
    env = {"ROLEADVISOR_HOME": str(tmp_path / "home"), "ROLEADVISOR_KB": str(evil_kb)}
    result = _invoke(args, env)
    assert result.exit_code == 0, result.stderr  # type: ignore[attr-defined]
    out = result.stdout  # type: ignore[attr-defined]
    assert not CONTROL.search(out.replace("\n", "")), repr(CONTROL.findall(out)[:5])
    if "--json" in args:
        json.loads(out)  # escaped, still valid
        assert "\\u009b" in out or "\\u001b" in out
    else:
        assert "pwned" in out  # the text is shown, only made harmless


# --- the output stream fails: a real process --------------------------------------------------


def _run(
    args: list[str], env: dict[str, str], stdout: object
) -> subprocess.CompletedProcess[bytes]:
    full = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_")}
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "roleadvisor", *args],
        env=full,
        stdin=subprocess.DEVNULL,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        timeout=60,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_device_is_one_line(tmp_path: Path) -> None:
    with open("/dev/full", "w") as full:
        result = _run(["compare", "mle", "aie"], {"ROLEADVISOR_HOME": str(tmp_path)}, full)
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert err.count("\n") == 1 and err.startswith("Error: cannot write the output"), err


def test_an_ascii_only_output_degrades_without_a_traceback(tmp_path: Path) -> None:
    env = {"ROLEADVISOR_HOME": str(tmp_path), "PYTHONIOENCODING": "ascii", "COLUMNS": "100"}
    result = _run(["plan", "aie", "--weeks", "2"], env, subprocess.PIPE)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    assert b"Study plan for" in result.stdout
    result.stdout.decode("ascii")  # nothing outside ASCII was written
