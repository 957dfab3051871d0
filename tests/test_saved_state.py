"""Saved state read two ways: files proven ours are read back directly, every other file is
validated in full; both give the same value, and files of the earlier format still load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import Invoke, one_line_error
from roleadvisor.assessment import SavedAssessment
from roleadvisor.plan_models import PrepPlan
from roleadvisor.reviews import ReviewState
from roleadvisor.state.checked import validated
from roleadvisor.state.paths import data_home
from roleadvisor.state.plain import Plain, from_json
from roleadvisor.state.saved import read_saved, write_saved
from roleadvisor.state.signing import signature_path

# written by the previous release (no signatures beside them)
EARLIER = Path(__file__).parent / "fixtures" / "earlier-state"
ASSESSMENT = "assessments/20260301T090000000000Z.json"
FILES: list[tuple[str, type[Plain]]] = [
    ("plan.json", PrepPlan),
    ("reviews.json", ReviewState),
    (ASSESSMENT, SavedAssessment),
]
IDS = [name.split("/")[0] for name, _ in FILES]


def _earlier_home() -> Path:
    home = data_home()
    shutil.copytree(EARLIER, home, dirs_exist_ok=True)
    return home


@pytest.mark.parametrize(("name", "kind"), FILES, ids=IDS)
def test_an_earlier_file_loads_and_is_written_back_byte_for_byte(
    name: str, kind: type[Plain]
) -> None:
    path = _earlier_home() / name
    value = read_saved(path, "test", kind)  # unsigned: validated in full
    assert isinstance(value, kind)
    write_saved(path, value)
    assert path.read_bytes() == (EARLIER / name).read_bytes()  # the format is unchanged
    assert signature_path(path).is_file()
    assert read_saved(path, "test", kind) == value  # now signed: read back directly


@pytest.mark.parametrize(("name", "kind"), FILES, ids=IDS)
def test_both_ways_of_reading_give_the_same_value(name: str, kind: type[Plain]) -> None:
    data = json.loads((EARLIER / name).read_text(encoding="utf-8"))
    assert from_json(kind, data) == validated(kind, data)


def _sign_all(home: Path) -> None:
    for name, kind in FILES:
        found = read_saved(home / name, "test", kind)
        assert found is not None
        write_saved(home / name, found)


@pytest.mark.parametrize("args", [("today",), ("progress", "--json"), ("history",)], ids=str)
def test_commands_say_the_same_from_unsigned_and_signed_files(
    invoke: Invoke, args: tuple[str, ...]
) -> None:
    home = _earlier_home()
    env = {"ROLEADVISOR_TODAY": "2026-03-02"}
    unsigned = invoke(*args, env=env)
    assert unsigned.exit_code == 0, unsigned.stderr
    _sign_all(home)
    assert list(home.glob(".*.sig")) and list(home.glob("assessments/.*.sig"))
    signed = invoke(*args, env=env)
    assert (signed.exit_code, signed.stdout) == (0, unsigned.stdout)


def test_a_signed_file_changed_afterwards_is_validated_and_refused(invoke: Invoke) -> None:
    home = _earlier_home()
    _sign_all(home)
    path = home / "reviews.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    next(iter(data["topics"].values()))["card"]["difficulty"] = 50  # out of range
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert signature_path(path).is_file()  # the signature of what was there before
    one_line_error(invoke("today"), 1, "reviews.json", "expected format")
    assert list(home.glob("reviews.json.corrupt-*"))


def test_a_signed_file_changed_validly_is_used_as_changed(invoke: Invoke) -> None:
    home = _earlier_home()
    _sign_all(home)
    path = home / "plan.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["topics"][0]["title"] = "Renamed by hand"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = invoke("progress", env={"ROLEADVISOR_TODAY": "2026-03-02"})
    assert result.exit_code == 0, result.stderr
    assert "Renamed by hand" in result.stdout


def test_a_signature_of_another_kind_of_file_is_no_proof(invoke: Invoke) -> None:
    home = _earlier_home()
    _sign_all(home)
    # the plan's bytes and signature, put where the review state belongs
    shutil.copy(home / "plan.json", home / "reviews.json")
    shutil.copy(signature_path(home / "plan.json"), signature_path(home / "reviews.json"))
    one_line_error(invoke("today"), 1, "reviews.json", "expected format")
