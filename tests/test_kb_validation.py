"""The validator on broken copies of the shipped knowledge base.

Each test copies `data/`, breaks one thing and checks that the problem names the file, the key
path and the line, so a person editing the YAML can go straight to the mistake.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

import helpers
from helpers import copy_data, find, line_of, lines_of, problems, rewrite
from roleadvisor.errors import KnowledgeBaseError
from roleadvisor.kb.cache import load_kb
from roleadvisor.kb.files import MAX_DEPTH
from roleadvisor.kb.loader import KB_FILES
from roleadvisor.kb.validation import validate_dir


@pytest.fixture(scope="module")
def shipped_is_valid() -> None:
    _, found = validate_dir(helpers.DATA)
    assert not found, "the shipped knowledge base must validate:\n" + "\n".join(map(str, found))


@pytest.fixture
def kb(tmp_path: Path, shipped_is_valid: None) -> Path:
    """A fresh copy of the shipped knowledge base (checked valid once) for a test to break."""
    return copy_data(tmp_path / "kb")


def _first_role_with_aliases(data: dict[str, Any]) -> int:
    return next(i for i, r in enumerate(data["roles"]) if r.get("aliases"))


# --- the shape of a single file -----------------------------------------------------------------


def test_unknown_key_is_named_with_its_line(kb: Path) -> None:
    path = kb / "assessment.yaml"
    rewrite(path, lambda d: d["dimensions"][0].update(colour="blue"))
    problem = find(problems(kb), "assessment.yaml", "dimensions[0].colour")
    assert "unknown key" in problem.message
    assert problem.line == line_of(path, "colour: blue")


def test_wrong_type(kb: Path) -> None:
    path = kb / "assessment.yaml"
    rewrite(path, lambda d: d["bands"][0].update(low="five"))
    problem = find(problems(kb), "assessment.yaml", "bands[0].low")
    assert problem.message == "expected a whole number, got 'five'"
    assert problem.line == line_of(path, "low: five")


def test_pay_high_below_low(kb: Path) -> None:
    path = kb / "roles.yaml"
    where: list[tuple[int, int]] = []

    def break_pay(data: dict[str, Any]) -> None:
        i, j = next(
            (i, j)
            for i, role in enumerate(data["roles"])
            for j, pay in enumerate(role.get("pay", []))
            if pay.get("low") is not None
        )
        pay = data["roles"][i]["pay"][j]
        pay.update(label="Deliberately broken figure", high=pay["low"] - 1000)
        where.append((i, j))

    rewrite(path, break_pay)
    (i, j) = where[0]
    problem = find(problems(kb), "roles.yaml", f"roles[{i}].pay[{j}]")
    assert "is below low" in problem.message
    assert problem.line == line_of(path, "label: Deliberately broken figure")


def test_number_out_of_range(kb: Path) -> None:
    path = kb / "landscape.yaml"
    rewrite(path, lambda d: d["market"]["languages"][0].update(percent=150))
    problem = find(problems(kb), "landscape.yaml", "market.languages[0].percent")
    assert problem.message == "must be at most 100, got 150"
    assert problem.line == line_of(path, "percent: 150")


def test_bad_tier(kb: Path) -> None:
    path = kb / "roles.yaml"
    rewrite(path, lambda d: d["roles"][0].update(tier="wizardry"))
    problem = find(problems(kb), "roles.yaml", "roles[0].tier")
    assert "'engineering'" in problem.message  # the message lists the allowed tiers
    assert problem.line == line_of(path, "tier: wizardry")


def test_band_gap(kb: Path) -> None:
    path = kb / "assessment.yaml"
    rewrite(path, lambda d: d["bands"][1].update(low=d["bands"][1]["low"] + 1))
    found = [p for p in problems(kb) if p.file == "assessment.yaml"]
    assert len(found) == 1
    assert "without gaps" in found[0].message
    assert found[0].line is not None


def test_band_gap_names_the_bands_key(kb: Path) -> None:
    path = kb / "assessment.yaml"
    rewrite(path, lambda d: d["bands"][1].update(low=d["bands"][1]["low"] + 1))
    problem = find(problems(kb), "assessment.yaml", "bands")
    assert problem.line == line_of(path, "bands:")


# --- references between entries and files -------------------------------------------------------


def test_duplicate_role_id(kb: Path) -> None:
    path = kb / "roles.yaml"
    count: list[int] = []

    def duplicate(data: dict[str, Any]) -> None:
        data["roles"].append(copy.deepcopy(data["roles"][0]))
        count.append(len(data["roles"]))

    rewrite(path, duplicate)
    role_id = _load(path)["roles"][0]["id"]
    found = problems(kb)
    problem = find(found, "roles.yaml", f"roles[{count[0] - 1}].id")
    assert f"role id '{role_id}' is defined twice" in problem.message
    assert problem.line == lines_of(path, f"- id: {role_id}")[-1]
    # one finding, not one per repeated name and alias
    assert len([p for p in found if p.file == "roles.yaml"]) == 1


def test_alias_shared_by_two_roles(kb: Path) -> None:
    path = kb / "roles.yaml"
    taken: list[tuple[str, str, int, int]] = []

    def share(data: dict[str, Any]) -> None:
        owner = _first_role_with_aliases(data)
        other = 0 if owner != 0 else 1
        alias = data["roles"][owner]["aliases"][0]
        data["roles"][other].setdefault("aliases", []).append(alias)
        taken.append(
            (alias, data["roles"][owner]["id"], other, len(data["roles"][other]["aliases"]) - 1)
        )

    rewrite(path, share)
    alias, owner_id, other, k = taken[0]
    problem = find(problems(kb), "roles.yaml", f"roles[{other}].aliases[{k}]")
    assert problem.message == f"'{alias}' already names role '{owner_id}'"
    assert problem.line in lines_of(path, alias)


def test_unknown_skill(kb: Path) -> None:
    path = kb / "roles.yaml"
    rewrite(path, lambda d: d["roles"][0]["skills"]["items"].append("no-such-skill"))
    k = len(_load(path)["roles"][0]["skills"]["items"]) - 1
    problem = find(problems(kb), "roles.yaml", f"roles[0].skills.items[{k}]")
    assert "unknown skill 'no-such-skill'" in problem.message
    assert problem.line == line_of(path, "no-such-skill")


def test_unknown_source(kb: Path) -> None:
    path = kb / "assessment.yaml"
    rewrite(path, lambda d: d["bands"][0].update(source="no-such-source"))
    problem = find(problems(kb), "assessment.yaml", "bands[0].source")
    assert "unknown source 'no-such-source'" in problem.message
    assert problem.line == line_of(path, "source: no-such-source")


def test_unknown_role_in_confusion(kb: Path) -> None:
    path = kb / "landscape.yaml"
    rewrite(path, lambda d: d["confusions"][0]["roles"].__setitem__(1, "no-such-role"))
    problem = find(problems(kb), "landscape.yaml", "confusions[0].roles[1]")
    assert "unknown role 'no-such-role'" in problem.message
    assert problem.line == line_of(path, "- no-such-role")


# --- files that cannot be read as a mapping -----------------------------------------------------


def test_yaml_syntax_error_gives_its_line(kb: Path) -> None:
    path = kb / "assessment.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = next(n for n, line in enumerate(lines) if line.strip() == "low: 5")
    lines[broken] += ": 6"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    problem = find(problems(kb), "assessment.yaml", "")
    assert problem.message.startswith("invalid YAML")
    assert problem.line == broken + 1


@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n"])
def test_empty_file(kb: Path, content: str) -> None:
    (kb / "skills.yaml").write_text(content, encoding="utf-8")
    assert "empty" in find(problems(kb), "skills.yaml", "").message


def test_missing_file(kb: Path) -> None:
    (kb / "skills.yaml").unlink()
    assert "missing" in find(problems(kb), "skills.yaml", "").message


def test_directory_instead_of_file(kb: Path) -> None:
    (kb / "skills.yaml").unlink()
    (kb / "skills.yaml").mkdir()
    assert "is a directory" in find(problems(kb), "skills.yaml", "").message


def test_non_utf8_bytes(kb: Path) -> None:
    path = kb / "assessment.yaml"
    raw = path.read_bytes()
    path.write_bytes(raw.replace(b"Role clarity", b"R\xf4le clarity", 1))
    problem = find(problems(kb), "assessment.yaml", "")
    assert "not UTF-8" in problem.message
    assert problem.line == raw[: raw.index(b"Role clarity")].count(b"\n") + 1


def test_control_character_gives_its_line(kb: Path) -> None:
    path = kb / "assessment.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Role clarity", "Role\x00clarity", 1), encoding="utf-8")
    problem = find(problems(kb), "assessment.yaml", "")
    assert "control characters" in problem.message
    assert problem.line == text[: text.index("Role clarity")].count("\n") + 1


def test_python_object_tag_is_refused_and_not_run(kb: Path, tmp_path: Path) -> None:
    marker = tmp_path / "should-not-exist"
    (kb / "skills.yaml").write_text(
        f'skills: []\nbackgrounds: !!python/object/apply:os.mkdir ["{marker}"]\n',
        encoding="utf-8",
    )
    problem = find(problems(kb), "skills.yaml", "")
    assert problem.message.startswith("invalid YAML: a tag that builds a program object")
    assert problem.line == 2
    assert problem.line == 2
    assert not marker.exists()


def test_top_level_list(kb: Path) -> None:
    (kb / "skills.yaml").write_text("- python\n- sql\n", encoding="utf-8")
    assert "mapping" in find(problems(kb), "skills.yaml", "").message


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 1001, 20000])
def test_deep_nesting_is_refused_before_parsing(kb: Path, depth: int) -> None:
    # whatever depth any YAML library tolerates, the refusal is ours: same words, same line
    (kb / "skills.yaml").write_text("skills:\n  " + "[" * depth + "]" * depth + "\n", "utf-8")
    found = [p for p in problems(kb) if p.file == "skills.yaml"]
    assert [(p.path, p.line) for p in found] == [("", 2)]
    assert found[0].message == f"nested more than {MAX_DEPTH} levels deep"


def test_deep_nesting_fails_kb_validate_in_one_line(kb: Path) -> None:
    from typer.testing import CliRunner

    from roleadvisor.cli import app

    (kb / "skills.yaml").write_text("skills: " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in kb.iterdir())
    result = CliRunner().invoke(app, ["kb", "validate", str(kb)])
    assert result.exit_code == 3
    lines = [line for line in result.output.splitlines() if "skills.yaml" in line]
    assert len(lines) == 1 and "skills.yaml:1" in lines[0] and "nested" in lines[0]
    assert "Traceback" not in result.output
    assert sorted((p.name, p.stat().st_mtime_ns) for p in kb.iterdir()) == before


# --- reporting everything, and the error at the edge --------------------------------------------


def test_every_problem_is_reported(kb: Path) -> None:
    rewrite(kb / "assessment.yaml", lambda d: d["dimensions"][0].update(colour="blue"))
    rewrite(kb / "landscape.yaml", lambda d: d["trends"][0].update(source="no-such-source"))
    rewrite(kb / "roles.yaml", lambda d: d["roles"][0].update(tier="wizardry"))
    found = problems(kb)
    find(found, "assessment.yaml", "dimensions[0].colour")
    find(found, "landscape.yaml", "trends[0].source")
    find(found, "roles.yaml", "roles[0].tier")
    assert len(found) == len(set(found)), "a problem was reported twice"


def test_two_problems_in_one_file_are_both_reported(kb: Path) -> None:
    def two(data: dict[str, Any]) -> None:
        data["bands"][0].update(source="no-such-source")
        data["checkpoints"][0].update(source="another-missing-source")

    rewrite(kb / "assessment.yaml", two)
    found = problems(kb)
    find(found, "assessment.yaml", "bands[0].source")
    find(found, "assessment.yaml", "checkpoints[0].source")


def test_every_file_is_checked_when_one_is_missing(kb: Path) -> None:
    (kb / "skills.yaml").unlink()
    rewrite(kb / "assessment.yaml", lambda d: d["dimensions"][0].update(colour="blue"))
    found = problems(kb)
    find(found, "skills.yaml", "")
    find(found, "assessment.yaml", "dimensions[0].colour")


def _break_unknown_key(kb: Path) -> None:
    rewrite(kb / "assessment.yaml", lambda d: d["dimensions"][0].update(colour="blue"))


def _break_reference(kb: Path) -> None:
    rewrite(kb / "landscape.yaml", lambda d: d["confusions"][0]["roles"].__setitem__(0, "nope"))


def _break_bytes(kb: Path) -> None:
    (kb / "roles.yaml").write_bytes(b"\xff\xfe\x00")


def _break_missing(kb: Path) -> None:
    for name in KB_FILES:
        (kb / name).unlink()


@pytest.mark.parametrize(
    "breakage", [_break_unknown_key, _break_reference, _break_bytes, _break_missing]
)
def test_load_kb_raises_the_project_error(kb: Path, breakage: Any) -> None:
    breakage(kb)
    expected = [str(p) for p in validate_dir(kb)[1]]
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb(kb)
    assert caught.value.problems == expected
    assert "\n" not in caught.value.message
    assert caught.value.message.startswith(f"Knowledge base error: {expected[0]}")


def test_load_kb_of_a_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb(tmp_path / "nowhere")
    assert "nowhere" in caught.value.message


def test_load_kb_through_the_environment(kb: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (kb / "skills.yaml").unlink()
    monkeypatch.setenv("ROLEADVISOR_KB", str(kb))
    with pytest.raises(KnowledgeBaseError) as caught:
        load_kb()
    assert "skills.yaml" in caught.value.message


def _load(path: Path) -> dict[str, Any]:
    import yaml

    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


# --- a knowledge base split across role files --------------------------------------------------


def _split_roles(kb: Path, keep: int) -> list[str]:
    """Move all but the first `keep` roles of roles.yaml into roles/part-N.yaml, two a file."""
    import yaml

    data = yaml.safe_load((kb / "roles.yaml").read_text(encoding="utf-8"))
    moved = data["roles"][keep:]
    data["roles"] = data["roles"][:keep]
    if keep:
        (kb / "roles.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    else:
        (kb / "roles.yaml").unlink()
    (kb / "roles").mkdir()
    for n in range(0, len(moved), 2):
        part = {"roles": moved[n : n + 2]}
        (kb / "roles" / f"part-{n // 2:02d}.yaml").write_text(
            yaml.safe_dump(part, sort_keys=False), encoding="utf-8"
        )
    return [r["id"] for r in moved]


@pytest.mark.parametrize("keep", [5, 0], ids=["beside-roles-yaml", "instead-of-roles-yaml"])
def test_roles_split_across_files_load_as_one(kb: Path, keep: int) -> None:
    whole, found = validate_dir(helpers.DATA)
    assert whole is not None and not found
    moved = _split_roles(kb, keep)
    split, found = validate_dir(kb)
    assert not found, found
    assert split is not None
    assert [r.id for r in split.roles] == [r.id for r in whole.roles]
    assert split.role(moved[-1]).name == whole.role(moved[-1]).name


def test_a_problem_in_a_role_file_names_that_file_and_its_line(kb: Path) -> None:
    moved = _split_roles(kb, 5)
    part = kb / "roles" / "part-01.yaml"  # holds moved[2] and moved[3]
    rewrite(part, lambda d: d["roles"][1].update(tier="no-such-tier"))
    problem = find(problems(kb), "roles/part-01.yaml", "roles[1].tier")
    assert "no-such-tier" in problem.message
    assert problem.line == line_of(part, "tier: no-such-tier")
    # a role defined in two files is reported where it is defined the second time
    rewrite(part, lambda d: d["roles"][0].update(id=moved[0], tier=d["roles"][0]["tier"]))
    dup = [p for p in problems(kb) if "defined twice" in p.message]
    assert [(p.file, p.path) for p in dup] == [("roles/part-01.yaml", "roles[0].id")]


def test_a_knowledge_base_without_any_role_file_says_roles_yaml_is_missing(kb: Path) -> None:
    (kb / "roles.yaml").unlink()
    found = find(problems(kb), "roles.yaml", "")
    assert "missing" in found.message
