"""In-process figures for benchmarks/run.py, printed as JSON (run in a child process).

    python benchmarks/inprocess.py [--kb DIR] [--repeats N]

Measures, in this order (so "cold" really is the first validation of the process):
validate_cold, validate_warm, load_kb (the way a command loads: through the validated cache),
compare6 (compare six roles and render the table), recommend (answers file to recommendation).
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
EXAMPLE_ANSWERS = REPO / "examples" / "handbook" / "career-transition.yaml"
SCALE_ANSWERS = "answers.yaml"  # written by gen_kb.py next to a generated knowledge base


def _ms(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _median(fn: Callable[[], object], repeats: int) -> float:
    return statistics.median(_ms(fn) for _ in range(repeats))


def measure(kb_option: str | None, repeats: int) -> dict[str, Any]:
    from rich.console import Console

    from roleadvisor import comparison as comparing
    from roleadvisor import explore
    from roleadvisor.answers import AnswersPrompter, load_answers
    from roleadvisor.kb import cache, validation
    from roleadvisor.kb.files import resolve_kb_dir
    from roleadvisor.questionnaire import Walk, build_profile, walk
    from roleadvisor.recommend import recommend
    from roleadvisor.render import views

    kb_dir = resolve_kb_dir(kb_option).resolve()

    def validate() -> None:
        kb, problems = validation.validate_dir(kb_dir)
        if kb is None:
            raise SystemExit(f"knowledge base {kb_dir} is invalid: {problems[0]}")

    out: dict[str, Any] = {"validate_cold": _ms(validate)}
    out["validate_warm"] = _median(validate, repeats)

    def load() -> None:
        cache._load_cached.cache_clear()  # a new process starts without the per-process cache
        cache.load_kb(kb_option)

    load()  # the first load of a new knowledge base fills the validated cache
    out["load_kb"] = _median(load, repeats)

    kb = cache.load_kb(kb_option)
    six = [r.id for r in kb.roles[:6]]

    def compare() -> None:
        console = Console(file=io.StringIO(), width=100, no_color=True, highlight=False)
        comparison = comparing.compare(kb, explore.select_roles(kb, six, minimum=2))
        views.compare_view(console, kb, comparison)

    compare()
    out["compare6"] = _median(compare, repeats)

    q = kb.questionnaire
    answers_file = kb_dir / SCALE_ANSWERS
    if not answers_file.is_file():
        answers_file = EXAMPLE_ANSWERS

    def advise() -> None:
        w = Walk(q, kb)
        given = walk(q, kb, AnswersPrompter(load_answers(answers_file, w.all_ids()), "answers"))
        recommend(build_profile(q, kb, given), kb)

    advise()
    out["recommend"] = _median(advise, repeats)
    out["roles"] = len(kb.roles)
    out["nodes"] = len(q.tree.nodes)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kb")
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    print(json.dumps(measure(args.kb, args.repeats)))


if __name__ == "__main__":
    main()
