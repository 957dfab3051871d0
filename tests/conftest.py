"""Shared fixtures: a pinned terminal, a CLI runner, and the knowledge bases (helpers.py holds
the plain functions every test file shares).

Every test runs with COLUMNS=100, NO_COLOR=1, TERM=dumb, its own ROLEADVISOR_HOME and no
ROLEADVISOR_KB, so output does not depend on the terminal or the machine the tests run on.
A test that needs another width sets COLUMNS itself (monkeypatch.setenv or `invoke(env=...)`).

Knowledge bases: `real_kb` (the shipped one, validated), `kb_copy` (a writable copy of it, for
CLI tests that plant odd content with `edit_yaml`), `tiny_kb` (three made-up roles as models,
for pure-logic tests that must not depend on the shipped content). `warm_cache` gives the test's
home a validated cache, for tests that spawn the command and are not about the cache.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from helpers import DATA, Invoke, copy_data, tiny_kb_from
from roleadvisor.kb import validation
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.cache import load_kb
from roleadvisor.kb.questionnaire_models import Questionnaire
from roleadvisor.state.signing import SECRET_FILE


@pytest.fixture(autouse=True)
def pinned_terminal(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("LINES", "50")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setenv("ROLEADVISOR_HOME", str(tmp_path / "home"))
    for name in ("ROLEADVISOR_KB", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    yield


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner: CliRunner) -> Invoke:
    """Run the app: `invoke("compare", "mle", "aie", env={"COLUMNS": "60"})`.

    stdout and stderr come back separately (result.stdout / result.stderr); exceptions other
    than SystemExit propagate, so a traceback fails the test instead of hiding in output.
    """
    from roleadvisor.cli import app

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), env=env, input=input, catch_exceptions=False)

    return run


@pytest.fixture
def tiny_kb() -> KnowledgeBase:
    return tiny_kb_from()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The shipped knowledge base, loaded once (files that test a broken one override it)."""
    return load_kb(DATA)


@pytest.fixture(scope="session")
def q(kb: KnowledgeBase) -> Questionnaire:
    """The shipped questionnaire."""
    return kb.questionnaire


@pytest.fixture(scope="session")
def real_kb() -> KnowledgeBase:
    """The shipped knowledge base; a broken one fails the test with every problem listed."""
    from roleadvisor.kb.validation import validate_dir

    kb, problems = validate_dir(DATA)
    assert kb is not None, "the shipped knowledge base is invalid:\n" + "\n".join(
        map(str, problems)
    )
    return kb


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every full validation started, by directory."""
    seen: list[Path] = []
    real = validation.validate_dir

    def counted(kb_dir: Path) -> object:
        seen.append(kb_dir)
        return real(kb_dir)

    monkeypatch.setattr(validation, "validate_dir", counted)
    return seen


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped knowledge base (edit it with `helpers.rewrite`)."""
    return copy_data(tmp_path / "kb-copy")


@pytest.fixture(scope="session")
def _validated_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home whose cache holds the shipped knowledge base, validated once by a real run."""
    home = tmp_path_factory.mktemp("warm") / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_")}
    env["ROLEADVISOR_HOME"] = str(home)
    subprocess.run(
        [sys.executable, "-m", "roleadvisor", "roles", "--json"],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        check=True,
        timeout=120,
    )
    assert list((home / "cache").glob("kb-*.kbcache")), "a run left no cache entry"
    return home


@pytest.fixture
def warm_cache(_validated_cache: Path, tmp_path: Path) -> Path:
    """Start a spawned `roleadvisor` warm, as a user's every run after the first one is: the
    test's home (`tmp_path/home`, returned) gets a copy of the validated cache. Tests of the
    cache itself do not use this and start cold."""
    home = tmp_path / "home"
    shutil.copytree(_validated_cache / "cache", home / "cache", dirs_exist_ok=True)  # modes kept
    shutil.copy2(_validated_cache / SECRET_FILE, home / SECRET_FILE)  # the entries' signing key
    return home
