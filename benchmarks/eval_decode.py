"""Evaluate `roleadvisor decode` on real job postings labelled by a language model.

    python benchmarks/eval_decode.py [--quick N] [--jobs PATH] [--kb DIR] [--json]

The postings (`../shared/data/jobs/jobs.jsonl` beside the repository by default) are used for
evaluation only: they are read in place and nothing of them is written anywhere. Their labels
(`position_type`: ai-first, ai-support, ml-first) and skill lists were assigned by a language
model, not by people, so agreement with them is a sanity check rather than accuracy.

Duplicates are removed first (same description text, then same title and company). The rest is
split in two halves by a hash of each posting's id: tune the vocabulary on half A only and keep
half B held out; the figures are reported for both halves and for all postings.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_JOBS = REPO.parent / "shared" / "data" / "jobs" / "jobs.jsonl"

# How the dataset's labels read in terms of the role families of signals.yaml. The labels are
# the dataset's vocabulary, so this mapping belongs to the evaluation, not to the product.
MODEL_BUILDING = {"model-development", "research", "analytics"}

# The title-labelled set. A posting's label is the role its title names by the first rule below
# that matches (lower-cased title, whole words); titles no rule matches are left out. The rules
# were written down before any result of the title-labelled evaluation was seen, and are not
# changed to fit results. A title naming both classic ML and LLM work ("AI/ML Engineer") goes
# to the earlier rule.
TITLE_RULES: list[tuple[str, str]] = [
    (r"red team", "ai-red-teamer"),
    (r"(safety|alignment|interpretability) (research|scientist)", "ai-safety-researcher"),
    (r"\bevals?\b|evaluation engineer", "evals-specialist"),
    (r"research engineer", "research-engineer"),
    (r"research scientist|\bresearcher\b", "research-scientist"),
    (r"applied scientist|(ml|machine learning) scientist", "applied-scientist"),
    (r"data scientist", "data-scientist"),
    (r"data engineer|analytics engineer", "data-engineer"),
    (r"llm ?ops", "llm-ops-engineer"),
    (r"ml ?ops|machine learning operations", "mlops-engineer"),
    (r"(ml|machine learning) (platform|infrastructure)", "ml-platform-engineer"),
    (r"inference engineer|(ml|ai) (systems|performance) engineer", "ml-systems-engineer"),
    (r"prompt engineer", "prompt-engineer"),
    (r"\bagent(s|ic)?\b", "agentic-ai-developer"),
    (
        r"machine learning engineer|\bml engineer|\bmle\b|deep learning|computer vision"
        r"|\bnlp\b",
        "ml-engineer",
    ),
    (
        r"\bai engineer|\bllm\b|gen ?ai|generative ai|\bai (developer|software|application"
        r"|product|solutions?|full ?stack)",
        "ai-engineer",
    ),
]
NEUTRAL_TITLE = "Job posting"  # body-only mode: the posting's title replaced by this
TOP_K = 3
NON_AI_FIXTURES = REPO / "tests" / "fixtures" / "non_ai_postings.yaml"
# Ordinary job families written independently of decode's vocabulary, before it was run on them.
REALISTIC_NON_AI = REPO / "tests" / "fixtures" / "non_ai_postings_realistic.yaml"
LLM_APPLICATIONS = {"llm-applications"}
SUPPORTING = {"ml-infrastructure", "data", "safety"}


@dataclass
class Tally:
    postings: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    label_family: Counter[tuple[str, str]] = field(default_factory=Counter)
    best_roles: Counter[str] = field(default_factory=Counter)
    multi_role: int = 0
    first_hire_sign: int = 0
    title_disagrees: int = 0
    no_match: int = 0
    data_skills: int = 0  # skill ids the data's lists map to, summed over postings
    recalled: int = 0  # of those, found by decode
    extra: int = 0  # skill ids decode found that the data's lists do not give
    found: int = 0
    skill_strings: int = 0
    skill_strings_mapped: int = 0
    recall_per_posting: list[float] = field(default_factory=list)

    def share(self, label: str, families: set[str]) -> float | None:
        total = self.labels[label]
        if not total:
            return None
        hits = sum(
            n for (lab, fam), n in self.label_family.items() if lab == label and fam in families
        )
        return hits / total


def load_postings(path: Path) -> tuple[list[dict[str, Any]], dict[str, int]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    seen_text: set[str] = set()
    seen_pair: set[tuple[str, str]] = set()
    kept: list[dict[str, Any]] = []
    for row in rows:
        text = " ".join(str(row.get("description") or "").split()).lower()
        pair = (
            str(row.get("title") or "").strip().lower(),
            str(row.get("company") or "").strip().lower(),
        )
        if text in seen_text or pair in seen_pair:
            continue
        seen_text.add(text)
        seen_pair.add(pair)
        kept.append(row)
    return kept, {"rows": len(rows), "after_dedup": len(kept)}


def half_of(row: dict[str, Any]) -> str:
    digest = hashlib.sha256(str(row.get("id")).encode()).digest()
    return "A" if digest[0] % 2 == 0 else "B"


def sample(rows: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """A deterministic sample that keeps every label represented (rare labels first)."""
    if n >= len(rows):
        return rows
    by_label: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: hashlib.sha256(str(r.get("id")).encode()).hexdigest()):
        by_label.setdefault(str(row.get("position_type")), []).append(row)
    picked: list[dict[str, Any]] = []
    for label in sorted(by_label, key=lambda lab: len(by_label[lab])):
        quota = max(1, round(n * len(by_label[label]) / len(rows)), min(10, len(by_label[label])))
        picked += by_label[label][:quota]
    return picked[:n]


def evaluate(
    rows: list[dict[str, Any]], kb_option: str | None
) -> tuple[dict[str, Tally], float, float]:
    from roleadvisor.decode import decode, skills_in, vocabulary
    from roleadvisor.kb.cache import load_kb

    kb = load_kb(kb_option)
    start = time.perf_counter()
    vocabulary(kb)
    build = time.perf_counter() - start
    tallies = {"A": Tally(), "B": Tally(), "all": Tally()}
    elapsed = 0.0
    for row in rows:
        tick = time.perf_counter()
        result = decode(str(row.get("description") or " "), kb, title=row.get("title") or None)
        elapsed += time.perf_counter() - tick
        label = str(row.get("position_type"))
        strings = [s for values in (row.get("skills") or {}).values() for s in values or []]
        mapped = [skills_in(s, kb) for s in strings]
        data_ids = set().union(*mapped) if mapped else set()
        found_ids = {s.skill for s in result.skills}
        best = result.best
        for key in (half_of(row), "all"):
            t = tallies[key]
            t.postings += 1
            t.labels[label] += 1
            family = best.family if best else "none"
            t.label_family[(label, family)] += 1
            t.best_roles[best.role if best else "none"] += 1
            t.no_match += best is None
            t.multi_role += result.multi_role.flagged
            t.first_hire_sign += bool(result.multi_role.signs)
            t.title_disagrees += result.title_check.verdict == "disagrees"
            t.data_skills += len(data_ids)
            t.recalled += len(data_ids & found_ids)
            t.extra += len(found_ids - data_ids)
            t.found += len(found_ids)
            t.skill_strings += len(strings)
            t.skill_strings_mapped += sum(1 for m in mapped if m)
            if data_ids:
                t.recall_per_posting.append(len(data_ids & found_ids) / len(data_ids))
    return tallies, elapsed, build


def title_label(title: str) -> str | None:
    low = " ".join(title.lower().split())
    return next((role for pattern, role in TITLE_RULES if re.search(pattern, low)), None)


@dataclass
class RoleTally:
    postings: int = 0
    declined: int = 0  # AI postings decode declined to name a role for
    top1: Counter[str] = field(default_factory=Counter)  # label -> hits
    top3: Counter[str] = field(default_factory=Counter)
    labelled: Counter[str] = field(default_factory=Counter)
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)


def evaluate_roles(
    rows: list[dict[str, Any]], kb_option: str | None, body_only: bool
) -> dict[str, RoleTally]:
    """Top-1/top-3 agreement with the title label, and how often an AI posting is declined."""
    from roleadvisor.decode import decode
    from roleadvisor.kb.cache import load_kb

    kb = load_kb(kb_option)
    tallies = {"A": RoleTally(), "B": RoleTally(), "all": RoleTally()}
    for row in rows:
        title = str(row.get("title") or "")
        result = decode(
            str(row.get("description") or " "), kb, title=NEUTRAL_TITLE if body_only else title
        )
        label = title_label(title)
        ranked = [m.role for m in result.matches] if result.best is not None else []
        for key in (half_of(row), "all"):
            t = tallies[key]
            t.postings += 1
            t.declined += result.best is None
            if label is None:
                continue
            t.labelled[label] += 1
            t.top1[label] += ranked[:1] == [label]
            t.top3[label] += label in ranked[:TOP_K]
            t.confusions[(label, ranked[0] if ranked else "declined")] += 1
    return tallies


def role_figures(t: RoleTally) -> dict[str, Any]:
    n = sum(t.labelled.values())
    return {
        "postings": t.postings,
        "labelled": n,
        "declined_share": t.declined / t.postings if t.postings else None,
        "top1": sum(t.top1.values()) / n if n else None,
        "top3": sum(t.top3.values()) / n if n else None,
        "per_role": {
            role: {
                "postings": count,
                "top1": t.top1[role] / count,
                "top3": t.top3[role] / count,
            }
            for role, count in t.labelled.most_common()
        },
        "confusions": {
            f"{label} -> {got}": c for (label, got), c in t.confusions.most_common() if label != got
        },
    }


def evaluate_non_ai(path: Path, kb_option: str | None) -> dict[str, Any]:
    """The decline rate on the synthetic non-AI postings, by the same hash halves."""
    import yaml

    from roleadvisor.decode import decode
    from roleadvisor.kb.cache import load_kb

    kb = load_kb(kb_option)
    postings = yaml.safe_load(path.read_text(encoding="utf-8"))["postings"]
    out: dict[str, Any] = {k: {"postings": 0, "declined": 0} for k in ("A", "B", "all")}
    kept: list[str] = []
    for p in postings:
        result = decode(p["text"], kb, title=p.get("title"))
        for key in (half_of(p), "all"):
            out[key]["postings"] += 1
            out[key]["declined"] += result.best is None
        if result.best is not None:
            kept.append(f"{p['id']} -> {result.best.role}")
    for key in ("A", "B", "all"):
        n = out[key]["postings"]
        out[key]["declined_share"] = out[key]["declined"] / n if n else None
    out["not_declined"] = kept
    return out


def figures(t: Tally) -> dict[str, Any]:
    n = max(t.postings, 1)
    return {
        "postings": t.postings,
        "labels": dict(t.labels),
        "ml_first_to_model_building": t.share("ml-first", MODEL_BUILDING),
        "ml_first_not_llm_application": (
            None
            if t.share("ml-first", LLM_APPLICATIONS) is None
            else 1 - (t.share("ml-first", LLM_APPLICATIONS) or 0.0)
        ),
        "ai_support_to_supporting_role": t.share("ai-support", SUPPORTING),
        "ai_support_not_llm_application": (
            None
            if t.share("ai-support", LLM_APPLICATIONS) is None
            else 1 - (t.share("ai-support", LLM_APPLICATIONS) or 0.0)
        ),
        "ai_first_to_llm_application": t.share("ai-first", LLM_APPLICATIONS),
        "multi_role_share": t.multi_role / n,
        "first_hire_sign_share": t.first_hire_sign / n,
        "title_disagrees_share": t.title_disagrees / n,
        "no_match_share": t.no_match / n,
        "skill_recall_micro": t.recalled / t.data_skills if t.data_skills else None,
        "skill_recall_macro": (
            sum(t.recall_per_posting) / len(t.recall_per_posting) if t.recall_per_posting else None
        ),
        "extra_skills_per_posting": t.extra / n,
        "skills_found_per_posting": t.found / n,
        "data_skill_strings_mapped": (
            t.skill_strings_mapped / t.skill_strings if t.skill_strings else None
        ),
        "best_roles": dict(t.best_roles.most_common()),
    }


def _pct(value: Any) -> str:
    return "   n/a" if value is None else f"{100 * value:5.1f}%"


def print_table(report: dict[str, Any]) -> None:
    halves = report["halves"]
    rows = [
        ("postings", lambda f: f"{f['postings']:6d}"),
        ("ml-first -> model-building role", lambda f: _pct(f["ml_first_to_model_building"])),
        ("ml-first -> not an LLM-app role", lambda f: _pct(f["ml_first_not_llm_application"])),
        ("ai-support -> supporting role", lambda f: _pct(f["ai_support_to_supporting_role"])),
        ("ai-support -> not an LLM-app role", lambda f: _pct(f["ai_support_not_llm_application"])),
        ("ai-first -> LLM-application role", lambda f: _pct(f["ai_first_to_llm_application"])),
        ("flagged multi-role", lambda f: _pct(f["multi_role_share"])),
        ("first-AI-hire sign", lambda f: _pct(f["first_hire_sign_share"])),
        ("title disagrees with content", lambda f: _pct(f["title_disagrees_share"])),
        ("no role matched", lambda f: _pct(f["no_match_share"])),
        ("skill recall (micro)", lambda f: _pct(f["skill_recall_micro"])),
        ("skill recall (per posting)", lambda f: _pct(f["skill_recall_macro"])),
        ("extra skills per posting", lambda f: f"{f['extra_skills_per_posting']:6.2f}"),
        ("skills found per posting", lambda f: f"{f['skills_found_per_posting']:6.2f}"),
        ("data skill strings mapped", lambda f: _pct(f["data_skill_strings_mapped"])),
    ]
    print(f"{'figure':36} {'half A':>10} {'half B':>12} {'all':>8}")
    for name, fmt in rows:
        print(f"{name:36} {fmt(halves['A']):>10} {fmt(halves['B']):>12} {fmt(halves['all']):>8}")
    print()
    print("decoded best role (all):")
    total = max(halves["all"]["postings"], 1)
    for role, count in halves["all"]["best_roles"].items():
        print(f"  {role:28} {count:5d}  {100 * count / total:5.1f}%")
    print()
    speed = report["throughput"]
    print(
        f"throughput: {speed['postings_per_second']:.0f} postings/s "
        f"({speed['decode_seconds']:.2f}s decoding, {speed['build_seconds']:.3f}s to build)"
    )
    print(
        f"postings: {report['rows']} rows, {report['after_dedup']} after removing duplicates"
        f"{', sample of ' + str(report['evaluated']) if report['quick'] else ''}"
    )
    print("labels were assigned by a language model, not by people.")
    if "roles" in report:
        print_roles(report)


def print_roles(report: dict[str, Any]) -> None:
    print()
    n = report["roles"]["titled"]["all"]["labelled"]
    print(f"title-labelled set ({n} postings whose title a fixed rule maps to a role):")
    print(f"{'figure':36} {'half A':>10} {'half B':>12} {'all':>8}")
    for mode in ("titled", "body_only"):
        halves = report["roles"][mode]
        for name, key in (("top-1", "top1"), ("top-3", "top3")):
            cells = [_pct(halves[h][key]) for h in ("A", "B", "all")]
            print(f"{mode + ' ' + name:36} {cells[0]:>10} {cells[1]:>12} {cells[2]:>8}")
        cells = [_pct(halves[h]["declined_share"]) for h in ("A", "B", "all")]
        print(f"{mode + ' AI postings declined':36} {cells[0]:>10} {cells[1]:>12} {cells[2]:>8}")
    non_ai = report["non_ai"]
    cells = [_pct(non_ai[h]["declined_share"]) for h in ("A", "B", "all")]
    print(f"{'synthetic non-AI declined':36} {cells[0]:>10} {cells[1]:>12} {cells[2]:>8}")
    realistic = report["non_ai_realistic"]
    cells = [_pct(realistic[h]["declined_share"]) for h in ("A", "B", "all")]
    print(f"{'ordinary-job non-AI declined':36} {cells[0]:>10} {cells[1]:>12} {cells[2]:>8}")
    print()
    print("per role, half B (top-1 / top-3, titled | body-only):")
    titled, body = report["roles"]["titled"]["B"], report["roles"]["body_only"]["B"]
    for role, f in titled["per_role"].items():
        b = body["per_role"].get(role, {"top1": 0.0, "top3": 0.0})
        print(
            f"  {role:24} {f['postings']:4d}  {_pct(f['top1'])} / {_pct(f['top3'])}"
            f"  |  {_pct(b['top1'])} / {_pct(b['top3'])}"
        )
    kept = non_ai["not_declined"] + realistic["not_declined"]
    if kept:
        print("non-AI postings read as a role: " + ", ".join(kept))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", type=int, metavar="N", help="evaluate a sample of N postings")
    parser.add_argument("--jobs", type=Path, default=DEFAULT_JOBS, help="the postings (JSONL)")
    parser.add_argument("--kb", help="knowledge base directory (default: the shipped one)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--non-ai", type=Path, default=NON_AI_FIXTURES, help="synthetic non-AI postings (YAML)"
    )
    parser.add_argument(
        "--realistic-non-ai",
        type=Path,
        default=REALISTIC_NON_AI,
        help="non-AI postings of ordinary job families (YAML)",
    )
    args = parser.parse_args(argv)
    if args.quick is not None and args.quick < 1:
        parser.error("--quick needs a positive number of postings")
    if not args.jobs.is_file():
        print(f"skipped: no postings at {args.jobs} (give --jobs PATH to evaluate)")
        return 0
    rows, counts = load_postings(args.jobs)
    chosen = sample(rows, args.quick) if args.quick else rows
    tallies, elapsed, build = evaluate(chosen, args.kb)
    roles = {
        mode: {k: role_figures(t) for k, t in evaluate_roles(chosen, args.kb, body).items()}
        for mode, body in (("titled", False), ("body_only", True))
    }
    report = {
        "roles": roles,
        "non_ai": evaluate_non_ai(args.non_ai, args.kb),
        "non_ai_realistic": evaluate_non_ai(args.realistic_non_ai, args.kb),
        **counts,
        "evaluated": len(chosen),
        "quick": bool(args.quick),
        "halves": {k: figures(t) for k, t in tallies.items()},
        "throughput": {
            "postings_per_second": len(chosen) / elapsed if elapsed > 0 else float("inf"),
            "decode_seconds": elapsed,
            "build_seconds": build,
        },
    }
    if args.json:
        json.dump(report, sys.stdout, indent=2, sort_keys=True)
        print()
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
