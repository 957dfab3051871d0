"""Plain values: the frozen, typed records the core computes and the state files keep.

A `Plain` subclass declares its fields as annotations, with defaults where it has them, like a
dataclass; it is built by keyword, compares by value and cannot be changed (`replace` makes a
changed copy). Defining one costs a fraction of a dataclass (no code is generated per class)
and nothing here imports pydantic: a command that only reads its own saved files never pays
for pydantic's model machinery.

`to_json` gives a value as JSON data (what a state file and `--json` hold); `from_json` turns
that data back into the value without checking it, for files proven to be our own
(state.signing). Anything else is validated in full (state.checked) by pydantic, against a
schema each class gives of itself: one set of types serves both ways of reading.
"""

from __future__ import annotations

import enum
import hashlib
import inspect
import types
import typing
from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from roleadvisor.state.readonly import ReadOnly

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform
else:  # only type checkers read it: no import at run time

    def dataclass_transform(**_: Any) -> Callable[[type], type]:
        return lambda kind: kind

P = TypeVar("P", bound="Plain")
_MUTABLE = (list, dict, set)


@dataclass_transform(kw_only_default=True, frozen_default=True)
class Plain(ReadOnly):
    """A frozen record of typed fields. A subclass may define `__post_init__` to check the
    values it is built with (raising ValueError); it runs for every value built, and for
    every file validated in full, but not for a file read back as we wrote it."""

    _fields: ClassVar[tuple[str, ...]] = ()
    _names: ClassVar[frozenset[str]] = frozenset()
    _defaults: ClassVar[dict[str, Any]] = {}
    _floats: ClassVar[frozenset[str]] = frozenset()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = inspect.get_annotations(cls)
        names = [n for n, a in own.items() if not str(a).startswith(("ClassVar", "typing.Class"))]
        given = {n: cls.__dict__[n] for n in names if n in cls.__dict__}
        cls._fields = (*cls._fields, *(n for n in names if n not in cls._fields))
        cls._names = frozenset(cls._fields)
        cls._defaults = {**cls._defaults, **given}
        # a float field given an int keeps it as a float, as a validating model would: its
        # JSON stays 1.0, not 1
        cls._floats = cls._floats | {n for n in names if "float" in str(own[n])}
        for name in names:  # the defaults live in _defaults, not as class attributes
            if name in cls.__dict__:
                delattr(cls, name)

    def __init__(self, **values: Any) -> None:
        unknown = values.keys() - self._names
        if unknown:
            raise TypeError(f"{type(self).__name__} has no field {sorted(unknown)[0]!r}")
        made = self.__dict__
        for name in self._fields:
            if name in values:
                value = values[name]
            elif name in self._defaults:
                value = self._defaults[name]
                value = type(value)(value) if isinstance(value, _MUTABLE) else value
            else:
                raise TypeError(f"{type(self).__name__} needs a value for {name!r}")
            made[name] = _as_floats(value) if name in self._floats else value
        check = getattr(self, "__post_init__", None)
        if check is not None:
            check()

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """For validating in full (state.checked): an object of exactly these fields (those
        without a default required), each of its declared type, made into this class."""
        from pydantic_core import core_schema  # only when validating

        hints = typing.get_type_hints(cls, include_extras=True)
        fields = {
            name: core_schema.typed_dict_field(
                handler.generate_schema(hints[name]), required=name not in cls._defaults
            )
            for name in cls._fields
        }
        shape = core_schema.typed_dict_schema(fields, extra_behavior="forbid")
        return core_schema.no_info_after_validator_function(lambda data: cls(**data), shape)


def _as_floats(value: Any) -> Any:
    kind = type(value)
    if kind is int:
        return float(value)
    if kind is list:
        return [_as_floats(v) for v in value]
    if kind is tuple:
        return tuple(_as_floats(v) for v in value)
    if kind is dict:
        return {k: _as_floats(v) for k, v in value.items()}
    return value


def replace(value: P, **changes: Any) -> P:
    """A copy of `value` with some fields changed (checked as when it was built)."""
    return type(value)(**{**value.__dict__, **changes})


def field_names(kind: type[Plain]) -> tuple[str, ...]:
    """The fields of a Plain class, in order (its parents' first)."""
    return kind._fields


# --- to JSON data ------------------------------------------------------------------------------


def to_json(value: Any) -> Any:
    """`value` as JSON data: records as objects (fields in order), enums as their values,
    dates and times in ISO 8601 (UTC as "Z"), tuples as lists."""
    if isinstance(value, Plain):
        return {k: to_json(v) for k, v in value.__dict__.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- from JSON data we wrote -------------------------------------------------------------------

Convert = Callable[[Any], Any]
_READERS: dict[type, tuple[tuple[tuple[str, Convert], ...], str]] = {}


def from_json(kind: type[P], data: Any) -> P:
    """The value of `kind` that `to_json` gave `data` for. Unchecked: only for data we wrote
    ourselves; a shape it does not expect raises (KeyError, TypeError, ValueError)."""
    fields, _ = _reader(kind)
    if type(data) is not dict or not data.keys() <= kind._names:
        raise ValueError(f"not a {kind.__name__}")
    made = object.__new__(kind)
    values = made.__dict__
    for name, convert in fields:
        if name in data:
            values[name] = convert(data[name])
        else:
            found = kind._defaults[name]  # KeyError: a required field is missing
            values[name] = type(found)(found) if isinstance(found, _MUTABLE) else found
    return made


def shape_digest(kind: type[Plain]) -> str:
    """A digest of the fields and types of `kind` and of the records it holds: a file written
    for another shape of it is never read back unchecked."""
    return _reader(kind)[1]


def _reader(kind: type[Plain]) -> tuple[tuple[tuple[str, Convert], ...], str]:
    found = _READERS.get(kind)
    if found is None:
        hints = typing.get_type_hints(kind)
        nested: list[str] = []
        fields = tuple((n, _converter(hints[n], nested)) for n in kind._fields)
        shape = f"{kind.__qualname__}({', '.join(f'{n}: {hints[n]}' for n in kind._fields)})"
        digest = hashlib.sha256("|".join([shape, *nested]).encode()).hexdigest()[:16]
        found = _READERS[kind] = (fields, digest)
    return found


def _same(value: Any) -> Any:
    return value


def _moment(text: str) -> datetime:
    # before Python 3.11, fromisoformat does not read the "Z" that to_json writes for UTC
    return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)


def _converter(hint: Any, nested: list[str]) -> Convert:
    """How to read JSON data of type `hint` back (`nested` collects the shapes it holds)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Annotated:
        return _converter(args[0], nested)
    if isinstance(hint, type) and issubclass(hint, Plain):
        nested.append(shape_digest(hint))
        return lambda v: from_json(hint, v)
    if origin in (types.UnionType, typing.Union):
        options = [_converter(a, nested) for a in args if a is not type(None)]
        if all(c is _same for c in options):  # JSON's own types (str | list[str])
            return _same
        if len(options) != 1:
            raise TypeError(f"no reader for {hint}")
        inner = options[0]
        return lambda v: None if v is None else inner(v)
    # JSON data is freshly parsed: a list or object of JSON's own types is taken as it is
    if origin is list:
        item = _converter(args[0], nested)
        return _same if item is _same else lambda v: [item(x) for x in v]
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            one = _converter(args[0], nested)
            return lambda v: tuple(one(x) for x in v)
        each = [_converter(a, nested) for a in args]
        return lambda v: tuple(c(x) for c, x in zip(each, v, strict=True))
    if origin is dict:
        value = _converter(args[1], nested)
        return _same if value is _same else lambda v: {k: value(x) for k, x in v.items()}
    if origin is typing.Literal or hint in (str, int, bool, typing.Any):
        return _same
    if hint is float:
        return float
    if hint is datetime:
        return _moment
    if hint is date:
        return date.fromisoformat
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    raise TypeError(f"no reader for {hint}")
