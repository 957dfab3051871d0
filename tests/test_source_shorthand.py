"""A `source` may be one id or a list of ids: both become the same tuple, and a bad one is
reported at the right key and line, in the knowledge base's own words, in every file that
cites sources."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import copy_data, find, line_of, problems, rewrite
from roleadvisor.kb.models import Claim, ClaimList, Explained


@pytest.mark.parametrize("model", [Claim, ClaimList, Explained])
def test_one_id_and_a_list_of_ids_are_the_same_source(model: Any) -> None:
    base = {"text": "x"} if model is Claim else {"items": ["x"]} if model is ClaimList else {}
    one = model.model_validate({**base, "source": "handbook"})
    many = model.model_validate({**base, "source": ["handbook", "careers-map"]})
    assert one.source == ("handbook",)
    assert many.source == ("handbook", "careers-map")


@pytest.mark.parametrize(
    ("file", "where", "loc"),
    [
        ("assessment.yaml", lambda d: d["bands"][0], "bands[0].source"),
        ("landscape.yaml", lambda d: d["trends"][0], "trends[0].source"),
        ("study.yaml", lambda d: d["plan"]["basis"][0], "plan.basis[0].source"),
        ("signals.yaml", lambda d: d["roles"][0], "roles[0].source"),
    ],
)
@pytest.mark.parametrize(
    ("bad", "written", "at", "message"),
    [
        (["handbook", 9876], "- 9876", "[1]", "expected text, got 9876"),
        ([], "source: []", "", "must be at least this long: 1, got list"),
    ],
)
def test_a_bad_source_is_named_with_its_line_in_every_file(
    tmp_path: Path, file: str, where: Any, loc: str, bad: Any, written: str, at: str, message: str
) -> None:
    kb = copy_data(tmp_path / "kb")
    rewrite(kb / file, lambda d: where(d).update(source=bad))
    problem = find(problems(kb), file, loc + at)
    assert problem.message == message
    assert problem.line == line_of(kb / file, written)
