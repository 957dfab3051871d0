"""study.yaml: the plan's layout and the reviews' spacing are knowledge-base data, validated
with the file, key path and line of each problem, and every value says where it comes from."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import DATA, copy_data, find, problems, rewrite
from roleadvisor.kb.validation import validate_dir


def test_the_shipped_tuning_loads_with_the_knowledge_base() -> None:
    kb, found = validate_dir(DATA)
    assert kb is not None, [str(p) for p in found]
    assert kb.study.plan.review_gaps == sorted(set(kb.study.plan.review_gaps))
    assert {b.value for b in kb.study.reviews.basis} == {"retention_steps", "base_retention"}


def test_review_gaps_that_shrink_are_reported(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")
    rewrite(kb_dir / "study.yaml", lambda d: d["plan"].update(review_gaps=[4, 2, 7]))
    problem = find(problems(kb_dir), "study.yaml", "plan")
    assert "review_gaps must grow" in problem.message


def test_retention_that_falls_as_the_interview_nears_is_reported(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")
    rewrite(kb_dir / "study.yaml", lambda d: d["reviews"].update(base_retention=0.99))
    problem = find(problems(kb_dir), "study.yaml", "reviews")
    assert "nearer the interview" in problem.message


def test_a_value_without_a_basis_and_a_basis_of_nothing_are_reported(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")

    def change(data: dict[str, Any]) -> None:
        basis = data["plan"]["basis"]
        basis[:] = [b for b in basis if b["value"] != "weak_rating"]
        data["reviews"]["basis"].append({"value": "max_gap", "source": "handbook"})

    rewrite(kb_dir / "study.yaml", change)
    found = problems(kb_dir)
    assert "says nothing of: weak_rating" in find(found, "study.yaml", "plan").message
    assert "unknown values: max_gap" in find(found, "study.yaml", "reviews").message


def test_a_basis_citing_an_unknown_source_is_reported(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")
    rewrite(kb_dir / "study.yaml", lambda d: d["plan"]["basis"][0].update(source="folklore"))
    problem = find(problems(kb_dir), "study.yaml", "plan.basis[0].source")
    assert "unknown source 'folklore'" in problem.message


def test_an_editorial_value_without_its_reason_is_reported(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")
    rewrite(kb_dir / "study.yaml", lambda d: d["reviews"]["basis"][0].pop("why"))
    assert "needs `why`" in find(problems(kb_dir), "study.yaml", "reviews.basis[0]").message
