"""Validate the knowledge base's files against their models; report every problem with file,
path and line.

The fast path parses with libyaml (kb.files) and validates with pydantic. Only when something
is wrong do we parse again, keeping node positions, to name the line of each problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from roleadvisor.kb.files import (
    OTHER_FILES,
    ROLES_FILE,
    FileProblem,
    paused_gc,
    read_yaml,
    role_files,
)
from roleadvisor.kb.problems import Problem, format_loc, line_index, nearest_line

if TYPE_CHECKING:
    from pydantic import BaseModel



def _roles() -> type[BaseModel]:
    from roleadvisor.kb.models import RolesFile

    return RolesFile


def _landscape() -> type[BaseModel]:
    from roleadvisor.kb.models import Landscape

    return Landscape


def _skills() -> type[BaseModel]:
    from roleadvisor.kb.models import SkillsFile

    return SkillsFile


def _assessment() -> type[BaseModel]:
    from roleadvisor.kb.models import AssessmentFile

    return AssessmentFile


def _signals() -> type[BaseModel]:
    from roleadvisor.kb.signals_models import SignalsFile

    return SignalsFile


def _questionnaire() -> type[BaseModel]:
    from roleadvisor.kb.questionnaire_models import Questionnaire

    return Questionnaire


def _study() -> type[BaseModel]:
    from roleadvisor.kb.study_models import StudyFile

    return StudyFile


class _Models(Mapping[str, "type[BaseModel]"]):
    """File name -> model class, each imported on first look-up: a command served from the
    validated cache never imports the models of files it does not use."""

    def __init__(self, where: dict[str, Callable[[], type[BaseModel]]]) -> None:
        self._where = where
        self._found: dict[str, type[BaseModel]] = {}

    def __getitem__(self, name: str) -> type[BaseModel]:
        if name not in self._found:
            self._found[name] = self._where[name]()
        return self._found[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


# The files of a knowledge base directory and the model each must satisfy.
KB_FILES: Mapping[str, type[BaseModel]] = _Models(
    dict(
        zip(
            (ROLES_FILE, *OTHER_FILES),
            (_roles, _landscape, _skills, _assessment, _signals, _questionnaire, _study),
            strict=True,
        )
    )
)


def _validation_problems(file: Path, exc: ValidationError, name: str) -> Iterator[Problem]:
    index = line_index(file)
    for err in exc.errors(include_url=False):
        # pydantic puts union/tagged branch names into loc; keep only YAML-visible parts
        loc = tuple(
            p for p in err["loc"] if isinstance(p, int) or not str(p).startswith("function-")
        )
        yield Problem(name, format_loc(loc), _say(err), nearest_line(index, loc))


def _say(err: Any) -> str:
    """A validation error in the knowledge base's own words, chosen by its kind."""
    kind, ctx = err["type"], err.get("ctx") or {}
    got = err.get("input")
    shown = repr(got) if isinstance(got, (str, int, float, bool)) else type(got).__name__
    if kind == "extra_forbidden":
        return "unknown key (not part of the knowledge base format)"
    if kind == "missing":
        return "required key is missing"
    if kind in _EXPECTED:
        return f"expected {_EXPECTED[kind]}, got {shown}"
    if kind in _BOUNDS:
        word, key = _BOUNDS[kind]
        bound = ctx.get(key)
        if isinstance(bound, float) and bound.is_integer():
            bound = int(bound)
        return f"must be {word} {bound}, got {shown}"
    if kind in ("enum", "literal_error"):
        return f"must be one of {ctx.get('expected')}, got {shown}"
    message: str = err["msg"]
    return message.removeprefix("Value error, ")  # our own validators' messages


_EXPECTED = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "string_type": "text",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_type": "a date (YYYY-MM-DD)",
}
_BOUNDS = {
    "less_than_equal": ("at most", "le"),
    "less_than": ("less than", "lt"),
    "greater_than_equal": ("at least", "ge"),
    "greater_than": ("more than", "gt"),
    "too_short": ("at least this long:", "min_length"),
    "too_long": ("at most this long:", "max_length"),
}


# Where each role of the merged roles came from: (file relative to the directory, its index).
RoleOrigins = list[tuple[str, int]]


def load_models(kb_dir: Path) -> tuple[dict[str, BaseModel], list[Problem], RoleOrigins]:
    """Validate each file on its own; collect every problem instead of stopping at the first.

    The roles of every role file are merged into one RolesFile under "roles.yaml" (only when
    all of them are valid); the origins say which file and index each merged role came from.
    """
    models: dict[str, BaseModel] = {}
    problems: list[Problem] = []
    origins: RoleOrigins = []
    with paused_gc():
        roles: list[Any] = []
        roles_ok = True
        for name in role_files(kb_dir):
            part = _validate_file(kb_dir, name, KB_FILES[ROLES_FILE], problems)
            if part is None:
                roles_ok = False
                continue
            found = part.roles  # type: ignore[attr-defined]
            roles.extend(found)
            origins.extend((name, i) for i in range(len(found)))
            del part
        if roles_ok:
            models[ROLES_FILE] = KB_FILES[ROLES_FILE].model_construct(roles=roles)
        for name, model in KB_FILES.items():
            if name != ROLES_FILE:
                validated = _validate_file(kb_dir, name, model, problems)
                if validated is not None:
                    models[name] = validated
    return models, problems, origins


def _validate_file(
    kb_dir: Path, name: str, model: type[BaseModel], problems: list[Problem]
) -> BaseModel | None:
    path = kb_dir / name
    try:
        data = read_yaml(path)
    except FileProblem as exc:
        problems.append(Problem(name, "", exc.message, exc.line))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(_validation_problems(path, exc, name))
        return None
