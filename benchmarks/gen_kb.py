"""Generate a large knowledge base for the scale benchmark: many roles, a big questionnaire.

    python benchmarks/gen_kb.py OUT_DIR [--roles 2000] [--nodes 200] [--kb SOURCE_DIR]

It starts from a valid knowledge base (the shipped one by default) so every cross-reference
still resolves, then:
- adds variants of the existing roles (same content, new id and name) until there are
  `--roles` roles, written ROLES_PER_FILE to a file under roles/ (the loader's limit is per
  file, so a knowledge base this large is split across files);
- grows the questionnaire's decision tree to `--nodes` nodes: one new choice on the start
  node opens a binary tree of generated questions, each choice leaning toward a few of the
  generated roles;
- writes `answers.yaml`, an answers file whose path runs from the start through the
  generated tree to a leaf, for timing a recommendation.
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
from pathlib import Path
from typing import Any

import yaml

ROLES_PER_FILE = 100
QUESTIONNAIRE = "questionnaire.yaml"
SCALE_ANSWERS = "answers.yaml"  # written next to the knowledge base it answers
EXAMPLE_ANSWERS = (
    Path(__file__).resolve().parent.parent / "examples" / "handbook" / "career-transition.yaml"
)

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _write(path: Path, data: Any) -> None:
    # leaf lists and mappings in flow style, as the shipped files mostly write them: 500 roles
    # in block style would pass the loader's 5 MB limit per file
    text = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=4096,
        default_flow_style=None,
    )
    path.write_text(text, encoding="utf-8")


def _source_dir(source: Path | None) -> Path:
    if source is not None:
        return source
    from roleadvisor.kb.files import packaged_data_dir

    return packaged_data_dir()


def _grow_roles(out: Path, total: int) -> list[str]:
    """Add role variants under roles/ until the knowledge base holds `total` roles."""
    originals: list[dict[str, Any]] = []
    for path in [out / "roles.yaml", *sorted((out / "roles").glob("*.yaml"))]:
        if path.is_file():
            originals.extend(_read(path).get("roles", []))
    variants: list[dict[str, Any]] = []
    added: list[str] = []
    n = 0
    while len(originals) + len(added) < total:
        base = originals[n % len(originals)]
        copy_no = n // len(originals) + 1
        role = copy.deepcopy(base)
        role["id"] = f"{base['id']}-v{copy_no}"
        role["name"] = f"{base['name']} variant {copy_no}"
        role["aliases"] = []
        variants.append(role)
        added.append(role["id"])
        n += 1
    if variants:
        (out / "roles").mkdir(exist_ok=True)
    for i in range(0, len(variants), ROLES_PER_FILE):
        part = {"roles": variants[i : i + ROLES_PER_FILE]}
        _write(out / "roles" / f"generated-{i // ROLES_PER_FILE:03d}.yaml", part)
    _join_families(out, {clone: clone.rsplit("-v", 1)[0] for clone in added})
    _add_backgrounds(out, variants)
    return [r["id"] for r in originals] + added


def _add_backgrounds(out: Path, variants: list[dict[str, Any]]) -> None:
    """Every role is also a background (someone already doing it): one for each variant."""
    path = out / "skills.yaml"
    data = _read(path)
    data["backgrounds"] += [{"id": r["id"], "name": r["name"], "role": r["id"]} for r in variants]
    _write(path, data)


def _join_families(out: Path, clone_of: dict[str, str]) -> None:
    """Every role needs a family in signals.yaml: a variant joins its original's family."""
    path = out / "signals.yaml"
    if not path.is_file():
        return
    data = _read(path)
    for family in data.get("families", []):
        members = set(family["roles"])
        family["roles"] += [c for c, base in clone_of.items() if base in members]
    _write(path, data)


def _grow_questionnaire(out: Path, total: int, role_ids: list[str]) -> dict[str, Any]:
    """Grow the tree to `total` nodes; return answers that walk deep into the new part."""
    data = _read(out / QUESTIONNAIRE)
    nodes: list[dict[str, Any]] = data["tree"]["nodes"]
    new = max(0, total - len(nodes))
    if new == 0:
        return {}
    ids = [f"gen-q{i}" for i in range(new)]
    start = next(n for n in nodes if n["id"] == data["tree"]["start"])
    start["choices"].append(
        {"id": "gen-branch", "label": "Something else entirely", "next": ids[0]}
    )
    for i, node_id in enumerate(ids):
        choices = []
        for j, side in enumerate(("left", "right")):
            child = 2 * i + 1 + j
            lean = {role_ids[(i * 3 + j + k) % len(role_ids)]: 2.0 - k for k in range(2)}
            choice: dict[str, Any] = {
                "id": side,
                "label": f"Generated answer {side} of question {i}",
                "reason": f"took the {side} branch at generated question {i}",
                "roles": lean,
                "basis": {"source": "editorial", "why": "generated for the scale benchmark"},
            }
            if child < new:
                choice["next"] = ids[child]
            choices.append(choice)
        nodes.append(
            {"id": node_id, "text": f"Generated question {i}: which way?", "choices": choices}
        )
    _write(out / QUESTIONNAIRE, data)
    answers: dict[str, Any] = {data["tree"]["start"]: "gen-branch"}
    i = 0
    while i < new:  # always left: the deepest path of a complete binary tree
        answers[ids[i]] = "left"
        i = 2 * i + 1
    return answers


def generate(
    out: Path, roles: int = 2000, nodes: int = 200, source: Path | None = None
) -> dict[str, int]:
    """Write the generated knowledge base to `out` (replacing it); return what it holds."""
    src = _source_dir(source)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for path in src.glob("*.yaml"):
        shutil.copyfile(path, out / path.name)
    if (src / "roles").is_dir():
        shutil.copytree(src / "roles", out / "roles")
    role_ids = _grow_roles(out, roles)
    path_answers = _grow_questionnaire(out, nodes, role_ids)
    answers = _read(EXAMPLE_ANSWERS)
    answers.update(path_answers)
    _write(out / SCALE_ANSWERS, answers)
    node_count = len(_read(out / QUESTIONNAIRE)["tree"]["nodes"])
    files = [*out.glob("*.yaml"), *out.glob("roles/*.yaml")]
    role_files = [p for p in files if p.name == "roles.yaml" or p.parent.name == "roles"]
    return {
        "roles": len(role_ids),
        "role_files": len(role_files),
        "nodes": node_count,
        "largest_file_bytes": max(p.stat().st_size for p in files),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--roles", type=int, default=2000)
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--kb", type=Path, help="knowledge base to start from (default: shipped)")
    args = parser.parse_args()
    print(json.dumps(generate(args.out, args.roles, args.nodes, args.kb)))


if __name__ == "__main__":
    main()
