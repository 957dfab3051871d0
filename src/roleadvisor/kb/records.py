"""The knowledge base as commands are served it: plain read-only records, no pydantic.

Full validation builds pydantic models (kb.models and friends); a command only reads the
result. Importing pydantic's model machinery and building the models' classes would cost a
warm command more than all of its own work, so a validated knowledge base is turned into
records once, right after validation, and that form is what the cache keeps and every command
reads. A record has exactly its model's fields, in the model's order, with the same values
(nested models become records), and shares the model's few methods through the mixins of
kb.lookups; `model_dump` gives the same dictionary as the model's.

A record class is named after its model and made on first use (the module's `__getattr__`),
so unpickling a cached entry needs nothing but this module.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from roleadvisor.kb.lookups import BasisLookups, ProvenanceLookups, QuestionnaireLookups
from roleadvisor.state.readonly import ReadOnly

if TYPE_CHECKING:
    from roleadvisor.kb.base import KnowledgeBase

_PACKAGE = "roleadvisor.kb."

# The methods a record of each model takes (its model has the same mixin).
_MIXINS: dict[str, tuple[type, ...]] = {
    "ValueProvenance": (ProvenanceLookups,),
    "Explained": (BasisLookups,),
    "PayHeadline": (BasisLookups,),
    "questionnaire_WeightBasis": (BasisLookups,),
    "study_ValueBasis": (BasisLookups,),
    "questionnaire_Questionnaire": (QuestionnaireLookups,),
}


R = TypeVar("R", bound="Record")


class Record(ReadOnly):
    """One validated value of the knowledge base: its model's fields, read-only."""

    def _whole(self) -> None:
        """Every field in the instance's dictionary (a role unpacked a field at a time,
        kb.deferred, reads the rest here)."""

    def model_copy(self: R, *, update: dict[str, Any] | None = None) -> R:
        """A copy with some fields replaced, unvalidated, as the model's `model_copy`."""
        self._whole()
        made = object.__new__(type(self))
        made.__dict__.update(self.__dict__)
        made.__dict__.update(update or {})
        return made

    def model_dump(self, *, mode: str = "python", exclude_none: bool = False) -> dict[str, Any]:
        """The dictionary the model's `model_dump` gives (modes "python" and "json")."""
        return _dump(self, mode == "json", exclude_none)  # type: ignore[no-any-return]


def _dump(value: Any, as_json: bool, exclude_none: bool) -> Any:
    if isinstance(value, Record):
        value._whole()
        return {
            k: _dump(v, as_json, exclude_none)
            for k, v in value.__dict__.items()
            if not (exclude_none and v is None)
        }
    if isinstance(value, (list, tuple)):
        items = [_dump(v, as_json, exclude_none) for v in value]
        return items if as_json or isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {
            (_dump(k, as_json, exclude_none)): _dump(v, as_json, exclude_none)
            for k, v in value.items()
        }
    if as_json and isinstance(value, Enum):
        return value.value
    return value


def record_name(model: type) -> str:
    """The record class's name for a model class: its own name, prefixed by its file's
    (`questionnaire_Scoring`) when it is not one of kb.models."""
    stem = model.__module__.removeprefix(_PACKAGE).removesuffix("_models")
    return model.__qualname__ if stem == "models" else f"{stem}_{model.__qualname__}"


_OF_MODEL: dict[type, type[Record]] = {}


def record_class(model: type) -> type[Record]:
    """The record class of a model class."""
    found = _OF_MODEL.get(model)
    if found is None:
        name = record_name(model)
        known = globals().get(name)
        made = known if isinstance(known, type) and issubclass(known, Record) else None
        found = _OF_MODEL[model] = made or __getattr__(name)
    return found


def __getattr__(name: str) -> type[Record]:
    """The record class `name`, made on first use (by a conversion or by unpickling)."""
    if name.startswith("_") or not name[:1].isalpha():
        raise AttributeError(name)
    made = type(name, (*_MIXINS.get(name, ()), Record), {"__module__": __name__})
    globals()[name] = made
    return made


_PLAIN = frozenset({str, int, float, bool, type(None)})


def as_record(value: Any) -> Any:
    """A validated model (or a list, tuple or dict of them) as records; other values as is."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    fields = getattr(kind, "model_fields", None)
    if isinstance(fields, dict):
        made = object.__new__(record_class(kind))
        values = value.__dict__  # a model keeps its fields there: no per-field look-up
        made.__dict__.update({n: as_record(values[n]) for n in fields})
        return made
    if kind is list:
        return [as_record(v) for v in value]
    if kind is tuple:
        return tuple(as_record(v) for v in value)
    if kind is dict:
        return {k: as_record(v) for k, v in value.items()}
    return value


def served(kb: KnowledgeBase) -> KnowledgeBase:
    """The knowledge base of validated models as the records commands read."""
    return dataclasses.replace(
        kb,
        roles=as_record(kb.roles),
        landscape=as_record(kb.landscape),
        skills_file=as_record(kb.skills_file),
        assessment=as_record(kb.assessment),
        extras={name: as_record(model) for name, model in kb.extras.items()},
        _by_key={},
    )
