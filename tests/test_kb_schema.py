"""Custom knowledge bases made easy: `kb init` writes an editable copy with JSON Schema beside
it, the schema (made from the models) validates the shipped YAML and rejects what the models
reject, and `kb validate` stays the authority after an edit."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from helpers import DATA, Invoke
from roleadvisor.kb.loader import KB_FILES
from roleadvisor.kb.schema import SCHEMA_DIR, json_schemas, schema_name

COMMENT = "# yaml-language-server: $schema="


def as_json(path: Path) -> Any:
    """A YAML file as an editor's language server sees it: JSON values only."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def errors(schema_file: Path, data: Any) -> list[str]:
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)
    ]


def schema_named_by(yaml_file: Path) -> Path:
    first = yaml_file.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(COMMENT), f"{yaml_file.name} does not name its schema: {first!r}"
    return yaml_file.parent / first.removeprefix(COMMENT)


@pytest.mark.parametrize("name", list(KB_FILES))
def test_shipped_yaml_names_its_schema_and_satisfies_it(name: str) -> None:
    schema_file = schema_named_by(DATA / name)
    assert schema_file == DATA / SCHEMA_DIR / schema_name(name)
    assert errors(schema_file, as_json(DATA / name)) == []


def test_committed_schema_is_what_the_models_make() -> None:
    for file_name, text in json_schemas().items():
        committed = DATA / SCHEMA_DIR / file_name
        assert committed.read_text(encoding="utf-8") == text, (
            f"{committed} is out of date with the models: run "
            f"`roleadvisor kb schema data/{SCHEMA_DIR} --force`"
        )


def test_init_schema_edit_validate_round_trip(invoke: Invoke, tmp_path: Path) -> None:
    kb = tmp_path / "my-kb"
    made = invoke("kb", "init", str(kb))
    assert made.exit_code == 0, made.stderr
    assert sorted(p.name for p in kb.glob("*.yaml")) == sorted(KB_FILES)
    for name in KB_FILES:  # every copy names a schema that exists and that it satisfies
        assert errors(schema_named_by(kb / name), as_json(kb / name)) == []

    # kb schema writes the same files kb init put beside the copy
    elsewhere = tmp_path / "schemas"
    assert invoke("kb", "schema", str(elsewhere)).exit_code == 0
    for schema_file in (kb / SCHEMA_DIR).iterdir():
        assert (elsewhere / schema_file.name).read_bytes() == schema_file.read_bytes()

    # a good edit: a new alias; the copy validates and every command sees it
    roles = kb / "roles.yaml"
    text = roles.read_text(encoding="utf-8")
    assert "aliases: [mle" in text
    roles.write_text(text.replace("aliases: [mle", "aliases: [model-builder, mle", 1), "utf-8")
    assert errors(schema_named_by(roles), as_json(roles)) == []
    checked = invoke("kb", "validate", str(kb))
    assert checked.exit_code == 0 and checked.stdout.startswith("Knowledge base OK")
    shown = invoke("--kb", str(kb), "show", "model-builder", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["role"]["id"] == "ml-engineer"

    # a bad edit: the editor's schema flags it, and kb validate refuses it with the line
    roles.write_text(text.replace("aliases: [mle", "nickname: x\n    aliases: [mle", 1), "utf-8")
    flagged = errors(schema_named_by(roles), as_json(roles))
    assert any("nickname" in e for e in flagged), flagged
    refused = invoke("kb", "validate", str(kb))
    assert refused.exit_code == 3
    assert "roles.yaml:" in refused.stdout and "nickname" in refused.stdout


def test_schema_catches_what_one_file_can_get_wrong(tmp_path: Path) -> None:
    """Not only unknown keys: wrong types, ranges and id patterns too."""
    data = as_json(DATA / "roles.yaml")
    role = data["roles"][0]
    role["id"] = "Not An Id"
    role["loop"]["rounds"][0]["emphasis"] = 9
    schema_file = DATA / SCHEMA_DIR / "roles.schema.json"
    found = "\n".join(errors(schema_file, data))
    assert "roles.0.id" in found and "roles.0.loop.rounds.0.emphasis" in found


def test_init_refuses_a_non_empty_directory_unless_forced(invoke: Invoke, tmp_path: Path) -> None:
    kb = tmp_path / "my-kb"
    kb.mkdir()
    (kb / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = invoke("kb", "init", str(kb))
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert [p.name for p in kb.iterdir()] == ["notes.txt"]
    forced = invoke("kb", "init", str(kb), "--force")
    assert forced.exit_code == 0
    assert (kb / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert (kb / "roles.yaml").is_file()
