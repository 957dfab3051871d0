"""Roles unpacked a field at a time answer exactly as whole records do, and build only the
fields that are read."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from helpers import DATA
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.packing import pack, unpack
from roleadvisor.kb.records import Record, served


@pytest.fixture(scope="module")
def whole(real_kb: KnowledgeBase) -> KnowledgeBase:
    return served(real_kb)


@pytest.fixture
def unpacked(whole: KnowledgeBase) -> KnowledgeBase:
    kb = unpack(pack(whole), DATA)
    assert kb is not None
    return kb



def test_only_the_fields_read_are_built(whole: KnowledgeBase, unpacked: KnowledgeBase) -> None:
    role, full = unpacked.roles[0], whole.roles[0]
    deferred = [n for n in full.__dict__ if n not in role.__dict__]
    assert len(deferred) >= 5  # the fields holding records wait: loop, pay, transitions…
    first = deferred[0]
    assert getattr(role, first) == getattr(full, first)
    assert first in role.__dict__
    assert all(n not in role.__dict__ for n in deferred[1:])  # the others still wait
    assert role.id == full.id and role.name == full.name  # plain fields are there from the start


def test_a_deferred_role_equals_its_record_both_ways(
    whole: KnowledgeBase, unpacked: KnowledgeBase
) -> None:
    for role, full in zip(unpacked.roles, whole.roles, strict=True):
        assert role == full
        assert full == role
    assert unpacked.roles == whole.roles
    assert unpack(pack(whole), DATA).roles == unpacked.roles  # shell against shell


@pytest.mark.parametrize(
    "view",
    [repr, lambda r: r.model_dump(), lambda r: r.model_dump(mode="json")],
    ids=["repr", "dump", "dump-json"],
)
def test_a_deferred_role_prints_and_dumps_as_its_record(
    whole: KnowledgeBase, unpacked: KnowledgeBase, view: Callable[[Record], object]
) -> None:
    for role, full in zip(unpacked.roles, whole.roles, strict=True):
        assert view(role) == view(full)
        assert type(role) is type(full)  # settled: the record's own class, fields in order
        assert list(role.__dict__) == list(full.__dict__)


def test_reading_every_field_settles_the_role(
    whole: KnowledgeBase, unpacked: KnowledgeBase
) -> None:
    role, full = unpacked.roles[-1], whole.roles[-1]
    for name in full.__dict__:
        assert getattr(role, name) == getattr(full, name)
    assert type(role) is type(full)
    assert list(role.__dict__) == list(full.__dict__)
    with pytest.raises(AttributeError):
        role.no_such_field  # noqa: B018


def test_a_deferred_role_copies_and_pickles_whole(
    whole: KnowledgeBase, unpacked: KnowledgeBase
) -> None:
    role, full = unpacked.roles[1], whole.roles[1]
    again = pickle.loads(pickle.dumps(role))
    assert again == full
    copied = unpacked.roles[2].model_copy(update={"name": "Renamed"})
    assert copied.name == "Renamed" and copied.skills == whole.roles[2].skills
    assert type(copied) is type(whole.roles[2])
    with pytest.raises(AttributeError):
        role.name = "changed"  # type: ignore[misc]


def test_look_ups_work_on_deferred_roles(whole: KnowledgeBase, unpacked: KnowledgeBase) -> None:
    for role in whole.roles:
        found = unpacked.role(role.id)
        assert found.id == role.id
        assert found.loop == role.loop
