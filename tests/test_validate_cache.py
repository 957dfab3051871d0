"""`kb validate` answers files it found valid before from the cache, and only those: an edit,
a broken file or --full means a full validation, and the answer is the same either way."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import DATA, Invoke, copy_data
from roleadvisor.kb import cache


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each invocation starts as a new process would: nothing loaded, the cache enabled."""
    monkeypatch.delenv(cache.DISABLE_ENV, raising=False)
    cache._load_cached.cache_clear()
    yield
    cache._load_cached.cache_clear()


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A copy of the shipped files with bytes of its own: an installed package's snapshot of the
    shipped files must not answer for it."""
    copy = copy_data(tmp_path / "kb")
    with (copy / "study.yaml").open("a", encoding="utf-8") as study:
        study.write("\n# a copy of its own\n")
    return copy


def test_unchanged_files_are_answered_from_the_cache_with_the_same_answer(
    invoke: Invoke, kb: Path, validations: list[Path]
) -> None:
    first = invoke("kb", "validate", str(kb))
    first_json = json.loads(invoke("kb", "validate", str(kb), "--json").stdout)
    second = invoke("kb", "validate", str(kb))
    assert validations == [kb.resolve()]  # the first run only
    assert first.exit_code == second.exit_code == 0
    assert second.stdout == first.stdout
    full = invoke("kb", "validate", str(kb), "--full", "--json")
    assert validations == [kb.resolve(), kb.resolve()]
    assert json.loads(full.stdout) == first_json
    assert first_json["ok"] is True and first_json["counts"]["roles"] > 0


def test_a_valid_check_warms_every_other_command(
    invoke: Invoke, kb: Path, validations: list[Path]
) -> None:
    invoke("kb", "validate", str(kb))
    cache._load_cached.cache_clear()
    shown = invoke("--kb", str(kb), "roles")
    assert shown.exit_code == 0
    assert validations == [kb.resolve()]


def test_an_edit_after_a_valid_check_is_validated_and_its_problem_found(
    invoke: Invoke, kb: Path, validations: list[Path]
) -> None:
    assert invoke("kb", "validate", str(kb)).exit_code == 0
    assessment = kb / "assessment.yaml"
    assessment.write_text(
        assessment.read_text(encoding="utf-8").replace("dimensions:", "dimensionz:", 1),
        encoding="utf-8",
    )
    broken = invoke("kb", "validate", str(kb))
    assert broken.exit_code == 3
    assert "assessment.yaml" in broken.stdout
    assert validations == [kb.resolve(), kb.resolve()]


def test_a_knowledge_base_with_problems_is_validated_in_full_every_time(
    invoke: Invoke, kb: Path, validations: list[Path]
) -> None:
    (kb / "study.yaml").write_text("not: [a, valid, study\n", encoding="utf-8")
    answers = [invoke("kb", "validate", str(kb)) for _ in range(2)]
    assert [a.exit_code for a in answers] == [3, 3]
    assert answers[0].stdout == answers[1].stdout
    assert validations == [kb.resolve(), kb.resolve()]


def test_no_cache_means_every_check_is_full(
    invoke: Invoke, kb: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.DISABLE_ENV, "1")
    for _ in range(2):
        assert invoke("kb", "validate", str(kb)).exit_code == 0
    assert validations == [kb.resolve(), kb.resolve()]


def test_the_shipped_files_check_as_valid_from_either_path(
    invoke: Invoke, validations: list[Path]
) -> None:
    quick = json.loads(invoke("kb", "validate", str(DATA), "--json").stdout)
    full = json.loads(invoke("kb", "validate", str(DATA), "--json", "--full").stdout)
    assert quick == full
    assert quick["ok"] is True and quick["problems"] == []


def test_a_full_check_neither_reads_nor_writes_the_cache(
    invoke: Invoke, kb: Path, validations: list[Path], tmp_path: Path
) -> None:
    assert invoke("kb", "validate", str(kb), "--full").exit_code == 0
    assert not list((tmp_path / "home").rglob("*.kbcache"))
    assert invoke("kb", "validate", str(kb)).exit_code == 0  # validates, then keeps it
    assert len(list((tmp_path / "home").rglob("*.kbcache"))) == 1
    assert validations == [kb.resolve(), kb.resolve()]
