"""The shipped knowledge base validated at build time: read only for the very files and code it
was made from, identical to a full validation, and never the reason a command fails."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from helpers import DATA
from roleadvisor.errors import KnowledgeBaseError
from roleadvisor.kb import cache, snapshot
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.files import files_digest, kb_file_names
from roleadvisor.kb.records import served


def _digest(kb_dir: Path) -> bytes:
    found = files_digest(kb_dir, kb_file_names(kb_dir))
    assert found is not None
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("snapshot") / snapshot.SNAPSHOT_FILE
    assert snapshot.build(DATA, out) == []
    return out


@pytest.fixture
def shipped(built: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The snapshot installed where a built package keeps it; load_kb starts afresh."""
    monkeypatch.setattr(snapshot, "shipped_snapshot", lambda: built)
    monkeypatch.delenv(cache.DISABLE_ENV, raising=False)
    cache._load_cached.cache_clear()
    yield built
    cache._load_cached.cache_clear()


def test_the_snapshot_reads_back_as_the_validated_records(
    built: Path, real_kb: KnowledgeBase
) -> None:
    from roleadvisor.kb.packing import unpack

    payload = snapshot.read_snapshot(_digest(DATA), built)
    assert payload is not None
    kb = unpack(payload, DATA)
    assert kb is not None
    expected = served(real_kb)
    assert kb.directory == DATA
    assert kb.roles == expected.roles
    assert kb.landscape == expected.landscape
    assert kb.skills_file == expected.skills_file
    assert kb.assessment == expected.assessment
    assert dict(kb.extras.items()) == dict(expected.extras.items())


def test_other_files_never_read_it(built: Path, tmp_path: Path) -> None:
    edited = tmp_path / "kb"
    shutil.copytree(DATA, edited)
    with (edited / "study.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# one more line\n")
    assert snapshot.read_snapshot(_digest(edited), built) is None
    # the same bytes elsewhere are the same knowledge base
    assert snapshot.read_snapshot(_digest(DATA), built) is not None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[:40], id="truncated-header"),
        pytest.param(lambda b: b"x" + b[1:], id="other-format"),
        pytest.param(lambda b: b.replace(b"\n", b"\n0", 1)[:-1], id="other-key"),
        pytest.param(lambda b: b"", id="empty"),
    ],
)
def test_a_snapshot_with_another_header_is_not_read(
    built: Path, tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    bad = tmp_path / "bad"
    bad.write_bytes(damage(built.read_bytes()))
    assert snapshot.read_snapshot(_digest(DATA), bad) is None


def test_other_code_never_reads_it(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("roleadvisor.__version__", "0.0.0-other")
    assert snapshot.read_snapshot(_digest(DATA), built) is None


def test_a_first_run_on_the_shipped_files_reads_the_snapshot_and_fills_the_cache(
    shipped: Path, validations: list[Path], tmp_path: Path
) -> None:
    kb = cache.load_kb(DATA)
    assert validations == []
    assert kb.directory == DATA.resolve()
    assert kb.role("mle") in kb.roles
    entries = list((tmp_path / "home" / "cache").glob("kb-*.kbcache"))
    assert len(entries) == 1
    cache._load_cached.cache_clear()
    assert cache.load_kb(DATA).roles == kb.roles  # the next run: from the cache
    assert validations == []


def test_an_edited_knowledge_base_is_validated_in_full(
    shipped: Path, validations: list[Path], tmp_path: Path
) -> None:
    edited = tmp_path / "kb"
    shutil.copytree(DATA, edited)
    with (edited / "roles.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    cache.load_kb(edited)
    assert validations == [edited.resolve()]


def test_no_cache_means_a_full_validation(
    shipped: Path, validations: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.DISABLE_ENV, "1")
    cache.load_kb(DATA)
    assert validations == [DATA.resolve()]


def test_a_damaged_snapshot_falls_back_to_a_full_validation(
    shipped: Path, validations: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = shipped.read_bytes()
    head = data.index(b"\n", len(b"roleadvisor-kb-snapshot 1\n")) + 1
    damaged = tmp_path / "damaged"
    damaged.write_bytes(data[:head] + b"not a pickle at all")
    monkeypatch.setattr(snapshot, "shipped_snapshot", lambda: damaged)
    kb = cache.load_kb(DATA)
    assert validations == [DATA.resolve()]
    assert kb.role("aie") in kb.roles


def test_a_broken_knowledge_base_builds_no_snapshot(tmp_path: Path) -> None:
    broken = tmp_path / "kb"
    shutil.copytree(DATA, broken)
    (broken / "skills.yaml").write_text("skills: [unclosed\n", encoding="utf-8")
    out = tmp_path / "out"
    problems = snapshot.build(broken, out)
    assert problems and any("skills.yaml" in p for p in problems)
    assert not out.exists()
    with pytest.raises(KnowledgeBaseError):
        cache.load_kb(broken)
