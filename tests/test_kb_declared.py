"""Tiers, sectors and round kinds are declared in landscape.yaml: adding one is a YAML edit,
and every use of one that is not declared is reported with its file, key path and line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import copy_data, find, line_of, problems, rewrite
from roleadvisor.kb.validation import validate_dir


def test_a_new_tier_and_sector_need_only_yaml(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")

    def declare(data: dict[str, Any]) -> None:
        purpose = data["tiers"][0]["purpose"]
        data["tiers"].append({"id": "robotics", "name": "Robotics", "purpose": purpose})
        data["sectors"].append({"id": "automotive", "name": "Automotive"})

    def use(data: dict[str, Any]) -> None:
        role = data["roles"][0]
        role["tier"] = "robotics"
        demand = role["sector_demand"][0]
        role["sector_demand"].append({**demand, "sector": "automotive"})

    rewrite(kb_dir / "landscape.yaml", declare)
    rewrite(kb_dir / "roles.yaml", use)
    kb, found = validate_dir(kb_dir)
    assert kb is not None, [str(p) for p in found]
    assert kb.roles[0].tier == "robotics"
    assert [r.id for r in kb.roles_by_tier()["robotics"]] == [kb.roles[0].id]


def test_undeclared_sector_of_a_role_is_reported_with_its_line(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")
    path = kb_dir / "roles.yaml"
    rewrite(path, lambda d: d["roles"][0]["sector_demand"][0].update(sector="space"))
    problem = find(problems(kb_dir), "roles.yaml", "roles[0].sector_demand[0].sector")
    assert "unknown sector 'space'" in problem.message and "'faang'" in problem.message
    assert problem.line == line_of(path, "sector: space")


def test_undeclared_tier_and_sector_of_the_questionnaire_are_reported(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")

    def change(data: dict[str, Any]) -> None:
        choice = data["tree"]["nodes"][0]["choices"][0]
        choice["tiers"] = {"wizardry": 1}
        data["scoring"]["hiring_speed"][0]["sector"] = "space"

    rewrite(kb_dir / "questionnaire.yaml", change)
    found = problems(kb_dir)
    tier = find(found, "questionnaire.yaml", "tree.nodes[0].choices[0].tiers.wizardry")
    assert "unknown tier 'wizardry'" in tier.message
    speed = find(found, "questionnaire.yaml", "scoring.hiring_speed[0].sector")
    assert "unknown sector 'space'" in speed.message


def test_a_tier_declared_twice_is_reported(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")
    rewrite(kb_dir / "landscape.yaml", lambda d: d["tiers"].append(dict(d["tiers"][0])))
    problem = find(problems(kb_dir), "landscape.yaml", "tiers")
    assert "is defined twice" in problem.message


def test_undeclared_round_kind_is_reported_and_a_declared_one_is_labelled(tmp_path: Path) -> None:
    kb_dir = copy_data(tmp_path / "kb")
    path = kb_dir / "roles.yaml"
    rewrite(path, lambda d: d["roles"][0]["loop"]["rounds"][0].update(kind="take-home"))
    problem = find(problems(kb_dir), "roles.yaml", "roles[0].loop.rounds[0].kind")
    assert "unknown round kind 'take-home'" in problem.message
    assert "round_kinds in landscape.yaml" in problem.message

    def declare(data: dict[str, Any]) -> None:
        data["round_kinds"].append({"id": "take-home", "name": "Take-home task"})

    rewrite(kb_dir / "landscape.yaml", declare)
    kb, found = validate_dir(kb_dir)
    assert kb is not None, [str(p) for p in found]
    assert kb.round_names["take-home"] == "Take-home task"


def test_the_headline_pay_rule_is_validated_with_the_landscape(tmp_path: Path) -> None:
    unknown_level = copy_data(tmp_path / "level")
    rewrite(unknown_level / "landscape.yaml", lambda d: d["pay_headline"].update(level="l9"))
    problem = find(problems(unknown_level), "landscape.yaml", "pay_headline.level")
    assert "'l9'" in problem.message and problem.line is not None

    unexplained = copy_data(tmp_path / "why")

    def ours_without_why(data: dict[str, Any]) -> None:
        data["pay_headline"]["source"] = "editorial"
        del data["pay_headline"]["why"]

    rewrite(unexplained / "landscape.yaml", ours_without_why)
    assert "needs `why`" in find(problems(unexplained), "landscape.yaml", "pay_headline").message
