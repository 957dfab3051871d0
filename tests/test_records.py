"""The records a command reads answer exactly like the validated models they come from.

Full validation builds pydantic models; commands are served plain records (kb.records), from
the cache or straight after validating. These tests hold the two forms to the same answers:
field by field for every model class, through every look-up, and through the CLI's output for
every shipped role.
"""

from __future__ import annotations

import inspect
import pickle
import re
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from helpers import DATA, REPO, Invoke
from roleadvisor.kb import cache, lookups, models, questionnaire_models, records, signals_models
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.files import (
    QUESTIONNAIRE_FILE,
    SIGNALS_FILE,
    STUDY_FILE,
    files_digest,
    kb_file_names,
)
from roleadvisor.kb.packing import pack
from roleadvisor.kb.records import Record, as_record, record_class, served
from roleadvisor.kb.validation import validate_dir

MODEL_MODULES = (models, questionnaire_models, signals_models)


def _model_classes() -> list[type[BaseModel]]:
    return [
        cls
        for module in MODEL_MODULES
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, BaseModel) and cls.__module__ == module.__name__
    ]


@pytest.fixture(scope="module")
def validated() -> KnowledgeBase:
    kb, problems = validate_dir(DATA)
    assert kb is not None, problems
    return kb


def _pairs(model: Any, record: Any, at: str = "") -> Iterator[tuple[str, Any, Any]]:
    """Every value of a model tree beside the record tree's value at the same place."""
    yield at, model, record
    if isinstance(model, BaseModel):
        for name in type(model).model_fields:
            yield from _pairs(getattr(model, name), getattr(record, name), f"{at}.{name}")
    elif isinstance(model, (list, tuple)):
        assert type(record) is type(model) and len(record) == len(model), at
        for i, (m, r) in enumerate(zip(model, record, strict=True)):
            yield from _pairs(m, r, f"{at}[{i}]")
    elif isinstance(model, dict):
        assert type(record) is dict and list(record) == list(model), at
        for key in model:
            yield from _pairs(model[key], record[key], f"{at}[{key!r}]")


def test_every_model_class_has_a_distinct_record_class() -> None:
    classes = _model_classes()
    assert len(classes) >= 60  # every file's models, not a few
    made = {record_class(cls) for cls in classes}
    assert len(made) == len(classes)  # no two models share a record (two `Scoring`s exist)
    for cls in classes:
        found = record_class(cls)
        assert issubclass(found, Record)
        assert getattr(records, found.__name__) is found  # what unpickling looks up


def test_a_record_takes_exactly_its_models_methods() -> None:
    mixins = {
        obj for _, obj in inspect.getmembers(lookups, inspect.isclass) if "Lookups" in obj.__name__
    }
    assert mixins
    for cls in _model_classes():
        expected = {m for m in cls.__mro__ if m in mixins}
        assert {m for m in record_class(cls).__mro__ if m in mixins} == expected, cls


def _sample(seed: int) -> Any:
    """A value of a field that no other field of the instance shares, whatever its type."""
    return {"value": seed, "nested": [f"v{seed}", seed + 0.5, None, True]}


@pytest.mark.parametrize("cls", _model_classes(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_field_of_every_model_round_trips(cls: type[BaseModel]) -> None:
    """Each field, filled with a value of its own, reads back the same, in the same order."""
    values = {name: _sample(i) for i, name in enumerate(cls.model_fields)}
    model = cls.model_construct(**values)
    record = as_record(model)
    assert type(record) is record_class(cls)
    assert list(vars(record)) == list(cls.model_fields)
    for name, value in values.items():
        assert getattr(record, name) == value
    assert pickle.loads(pickle.dumps(record)) == record
    if values:  # (the shared base class has none)
        first = next(iter(values))
        changed = record.model_copy(update={first: "changed"})
        assert getattr(changed, first) == "changed" and getattr(record, first) == values[first]
        copied = model.model_copy(update={first: "changed"})
        assert changed.model_dump() == copied.model_dump(warnings=False)


def test_the_shipped_knowledge_base_round_trips_value_by_value(validated: KnowledgeBase) -> None:
    kb = served(validated)
    trees = [
        (validated.roles, kb.roles),
        (validated.landscape, kb.landscape),
        (validated.skills_file, kb.skills_file),
        (validated.assessment, kb.assessment),
        *((validated.extras[name], kb.extras[name]) for name in validated.extras),
    ]
    assert set(validated.extras) == {SIGNALS_FILE, QUESTIONNAIRE_FILE, STUDY_FILE}
    count = 0
    for model_tree, record_tree in trees:
        for at, model, record in _pairs(model_tree, record_tree):
            count += 1
            if isinstance(model, BaseModel):
                assert type(record) is record_class(type(model)), at
                for mode in ("python", "json"):
                    assert record.model_dump(mode=mode) == model.model_dump(mode=mode), at
                dumped = model.model_dump(mode="json", exclude_none=True)
                assert record.model_dump(mode="json", exclude_none=True) == dumped, at
            elif not isinstance(model, (list, tuple, dict)):
                assert type(record) is type(model) and record == model, at
                if isinstance(model, Enum):
                    assert record is model, at  # the same enum, not a look-alike
    assert count > 5000


def test_look_ups_answer_alike(validated: KnowledgeBase) -> None:
    kb = served(validated)
    q_model, q_record = validated.questionnaire, kb.questionnaire
    assert q_record.tree_depth() == q_model.tree_depth()
    for node in q_model.tree.nodes:
        assert q_record.node(node.id).model_dump() == node.model_dump()
        assert q_record.tree_depth(node.id) == q_model.tree_depth(node.id)
    for fixed in (*q_model.before_tree, *q_model.after_tree):
        assert q_record.fixed(fixed.kind).id == fixed.id
        assert q_record.fixed_by_id(fixed.id).model_dump() == fixed.model_dump()
    paths = [[(n.id, c.id) for n, c in p] for p in q_model.paths()]
    assert [[(n.id, c.id) for n, c in p] for p in q_record.paths()] == paths
    for m_role, r_role in zip(validated.roles, kb.roles, strict=True):
        assert r_role.tier_provenance.is_editorial == m_role.tier_provenance.is_editorial
        assert kb.role(m_role.id) is r_role
    bases = [c.basis for n in q_model.tree.nodes for c in n.choices if c.basis is not None]
    r_bases = [c.basis for n in q_record.tree.nodes for c in n.choices if c.basis is not None]
    assert [b.is_editorial for b in r_bases] == [b.is_editorial for b in bases]
    assert any(b.is_editorial for b in bases) and not all(b.is_editorial for b in bases)


def test_records_are_read_only_and_compare_by_value(validated: KnowledgeBase) -> None:
    role = served(validated).roles[0]
    with pytest.raises(AttributeError):
        role.name = "renamed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del role.name  # type: ignore[misc]
    again = as_record(validated.roles[0])
    assert again == role and again is not role
    assert hash(again.summary) == hash(role.summary)
    assert role != served(validated).roles[1]


def test_the_cached_entry_is_the_validated_records(validated: KnowledgeBase) -> None:
    """A warm run reads back exactly what a cold run served."""
    key = cache.cache_key(DATA, files_digest(DATA, kb_file_names(DATA)))
    cold = served(validated)
    cache.write(key, pack(cold))
    warm = cache.read(key, DATA)
    assert warm is not None and warm is not cold
    assert warm.directory == DATA
    assert warm.roles == cold.roles
    assert warm.landscape == cold.landscape
    assert warm.skills_file == cold.skills_file
    assert warm.assessment == cold.assessment
    assert dict(warm.extras.items()) == cold.extras


# when an assessment was saved, in its file name and its JSON
_STAMP = re.compile(r"\d{8}T\d{6,}Z|\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?(\+00:00|Z)?")

POSTING = """Senior Machine Learning Engineer

You will train and deploy PyTorch models, build training pipelines, serve models in real time
and monitor data drift. We run Kubernetes and Spark. 5+ years of Python, distributed training
and ML system design.
"""


def _commands(kb: KnowledgeBase, tmp: Path) -> list[tuple[str, ...]]:
    ids = [r.id for r in kb.roles]
    posting = tmp / "posting.txt"
    posting.write_text(POSTING, encoding="utf-8")
    found: list[tuple[str, ...]] = [("roles",), ("market",), ("decode", str(posting))]
    found += [(name, role) for role in ids for name in ("show", "loop")]
    found += [("compare", *ids[i : i + 6]) for i in range(0, len(ids), 6) if len(ids[i:]) > 1]
    found += [
        ("assess", "--answers", str(example))
        for example in sorted((REPO / "examples").rglob("*.yaml"))
    ]
    return found + [(*args, "--json") for args in found]


@pytest.mark.parametrize(
    "commands", [("roles", "market", "decode"), ("show",), ("loop",), ("compare", "assess")]
)
def test_every_command_says_the_same_from_records_as_from_models(
    invoke: Invoke,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    validated: KnowledgeBase,
    commands: tuple[str, ...],
) -> None:
    """For every shipped role: roles, show, loop, compare, market, assess and decode print the
    same text and JSON whether the knowledge base is the models or the records (a group of
    commands per case, so the groups run side by side)."""
    kb = served(validated)
    said: dict[str, list[str]] = {}
    runs = [args for args in _commands(validated, tmp_path) if args[0] in commands]
    for name, form in (("models", validated), ("records", kb)):
        monkeypatch.setattr(cache, "load_kb", lambda option=None, form=form: form)
        home = tmp_path / name  # each its own saved history, built up alike
        outputs = []
        for args in runs:
            result = invoke(*args, env={"ROLEADVISOR_HOME": str(home)})
            assert result.exit_code == 0, (args, result.stderr)
            outputs.append(_STAMP.sub("<time>", result.stdout.replace(str(home), "<home>")))
        said[name] = outputs
    assert {args[0] for args in runs} == set(commands)  # every command of the group ran
    assert said["records"] == said["models"]
