"""decode on the shipped knowledge base: declining non-AI postings, ambiguous keywords, section
weights, readable quotes and linear time on hostile input. The non-AI postings are the synthetic
fixtures in tests/fixtures (written for this project); nothing here reads the evaluation data."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from roleadvisor.decode import decode, skills_in
from roleadvisor.decode.quotes import quote
from roleadvisor.decode.text import html_to_text
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.render.json import decode as as_json

FIXTURES = Path(__file__).parent / "fixtures" / "non_ai_postings.yaml"


def non_ai(posting_id: str) -> dict[str, Any]:
    postings = yaml.safe_load(FIXTURES.read_text(encoding="utf-8"))["postings"]
    return next(p for p in postings if p["id"] == posting_id)


AI_POSTING = """Machine Learning Engineer

About us
Northwind Cloud makes scheduling software. We use Kubernetes everywhere.

What you'll do
- Train models for fraud detection and own the training pipeline,
  from feature engineering to deployment.
- Run offline experiments and watch model performance in production.

Requirements
- 5+ years of Python and PyTorch; scikit-learn and XGBoost.
"""


@pytest.mark.parametrize(
    "posting_id", ["devops-plain", "protein-expression", "frontend-ai-company", "qa-engineer"]
)
def test_non_ai_postings_are_declined_with_a_one_line_reason(
    kb: KnowledgeBase, posting_id: str
) -> None:
    posting = non_ai(posting_id)
    result = decode(posting["text"], kb, title=posting["title"])
    assert result.outcome == "not-ai" and result.best is None
    assert result.reason and "\n" not in result.reason and result.reason.startswith("Not an AI")
    assert result.loop is None and not result.multi_role.flagged
    data = as_json(result)
    assert data["best"] is None and data["declined"] == result.reason


def test_ai_only_in_the_company_blurb_is_named_as_the_reason(kb: KnowledgeBase) -> None:
    posting = non_ai("frontend-ai-company")
    result = decode(posting["text"], kb, title=posting["title"])
    assert result.reason is not None and "company description" in result.reason


def test_a_title_pattern_needs_ai_context_in_the_body(kb: KnowledgeBase) -> None:
    posting = non_ai("immunology-scientist")
    safety_title = "Research Scientist, Safety"
    result = decode(posting["text"], kb, title=safety_title)
    assert result.best is None and result.outcome == "not-ai"
    assert result.title_check.title_role is None
    assert all(e.kind != "title" for m in result.matches for e in m.evidence)


def test_ai_in_the_company_blurb_does_not_let_the_title_fire(kb: KnowledgeBase) -> None:
    posting = non_ai("frontend-ai-company")
    result = decode(posting["text"], kb, title="Research Scientist, Safety")
    assert result.best is None and result.title_check.title_role is None


def test_too_little_to_go_on(kb: KnowledgeBase) -> None:
    result = decode("Hiring now\nBuild LLM agents with RAG. Apply today!", kb)
    assert result.outcome == "too-little" and result.best is None
    assert result.reason is not None and result.reason.startswith("Too little to go on")


def test_an_ai_posting_reads_as_its_role(kb: KnowledgeBase) -> None:
    result = decode(AI_POSTING, kb)
    assert result.outcome == "role" and result.reason is None
    assert result.best is not None and result.best.role == "ml-engineer"
    assert as_json(result)["declined"] is None


def test_ambiguous_keywords_need_their_context(kb: KnowledgeBase) -> None:
    assert "feature-engineering" not in skills_in("We shipped features every week.", kb)
    assert "ml-fundamentals" not in skills_in("You write regression tests for each fix.", kb)
    assert "cloud" not in skills_in("Northwind Cloud is hiring a designer.", kb)
    # the same words in their own sense still count
    assert "feature-engineering" in skills_in("Engineer features for the model from raw logs.", kb)
    assert "ml-fundamentals" in skills_in("Fit logistic regression models to churn data.", kb)
    assert "cloud" in skills_in("You will deploy services to the cloud.", kb)


def test_skills_asked_for_exclude_the_company_blurb(kb: KnowledgeBase) -> None:
    result = decode(AI_POSTING, kb)
    asked = {s.skill for s in result.skills}
    assert {"pytorch", "python"} <= asked
    assert "kubernetes" not in asked and "cloud" not in asked  # only in "About us"


def test_quotes_are_whole_sentences_with_line_breaks_and_never_the_header(
    kb: KnowledgeBase,
) -> None:
    result = decode(AI_POSTING, kb)
    assert result.best is not None
    quotes = {e.phrase: e.quote for e in result.best.evidence if e.kind != "title"}
    assert quotes["training pipeline"] == (
        "Train models for fraud detection and own the training pipeline,\n"
        "from feature engineering to deployment."
    )
    assert all("Machine Learning Engineer" not in q for q in quotes.values())


def test_a_long_sentence_is_cut_at_a_word_with_an_ellipsis() -> None:
    words = " ".join(f"word{i}" for i in range(200))
    text = f"{words} deep learning {words}."
    start = text.index("deep learning")
    q = quote(text, start, start + len("deep learning"), 40)
    assert q.startswith("…") and q.endswith("…") and "deep learning" in q
    inner = q.strip("…").split()
    assert all(w.startswith("word") or w in ("deep", "learning") for w in inner)
    assert len(q) < 300


def test_html_with_unclosed_markup_keeps_the_text_before_it() -> None:
    text, title = html_to_text(
        "<h1>Data Engineer</h1><p>Build pipelines.</p><!-- never closed <p>x"
    )
    assert title == "Data Engineer"
    assert "Build pipelines." in text and "never closed" not in text


@pytest.mark.parametrize(
    "hostile",
    [
        "Requires 5" + " " * 20_000,
        "<a" * 99_000,
        "<!--" * 49_000,
        "<p>" + "5 years " * 20_000,
    ],
    ids=["spaces", "unclosed-tags", "unclosed-comments", "repeated-years"],
)
def test_hostile_input_takes_linear_time(kb: KnowledgeBase, hostile: str) -> None:
    # a generous bound: quadratic behaviour on these inputs takes minutes, linear well under 1 s
    start = time.perf_counter()
    try:
        decode(hostile, kb)
    except Exception as exc:  # an empty result is a usage error, which is fine here
        assert type(exc).__name__ == "UsageError"
    assert time.perf_counter() - start < 5.0
