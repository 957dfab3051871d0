"""decode: reading postings. Mechanics on a tiny knowledge base; crafted postings per role on
the shipped one. Nothing here reads the evaluation postings."""

from __future__ import annotations

import pytest

from decode_fixtures import SIGNALS, decode_kb
from roleadvisor.decode import (
    check_skills,
    decode,
    html_to_text,
    skills_in,
    title_role,
)
from roleadvisor.errors import UsageError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.state.gaps import merge_gaps
from roleadvisor.state.plain import to_json

MODEL_POSTING = """Alpha Engineer

You will train models for computer vision and own the training pipeline.
We use PyTorch and Python every day."""


def found_skills(text: str) -> set[str]:
    return {s.skill for s in decode(text, decode_kb()).skills}


def test_best_role_and_quoted_evidence() -> None:
    result = decode(MODEL_POSTING, decode_kb())
    assert result.best is not None and result.best.role == "alpha-engineer"
    phrases = {e.phrase for e in result.best.evidence}
    assert {"train models", "computer vision", "training pipeline", "PyTorch"} <= phrases
    quote = next(e.quote for e in result.best.evidence if e.phrase == "computer vision")
    assert "computer vision" in quote and len(quote) > len("computer vision")
    assert result.loop is not None and result.loop.role == "alpha-engineer"
    assert [r.kind for r in result.loop.rounds] == ["phone-screen", "unique"]


def test_word_boundaries_and_exact_case() -> None:
    assert "go" not in found_skills("Good engineers go far with a go-to-market plan.")
    assert "go" in found_skills("Services in Python, Go and Rust.")
    assert "go" in found_skills("Backend work in golang.")
    assert "python" not in found_skills("We love pythonic code.")
    assert "rag" not in found_skills("Fragile drag handles with ragged edges.")
    assert "rag" in found_skills("Build RAG pipelines with embeddings.")


def test_masked_idioms_are_not_evidence() -> None:
    assert "deep-learning" not in found_skills("Strong attention to detail required.")
    assert "deep-learning" in found_skills("Attention mechanisms in deep learning.")


def test_hyphen_space_and_line_wraps_match_the_same_phrase() -> None:
    for text in ("own the training-pipeline", "own the training\npipeline", "training pipelines"):
        result = decode("Alpha Engineer\n" + text, decode_kb())
        assert result.best is not None
        assert any(e.kind == "phrase" for e in result.best.evidence), text


def test_repetition_does_not_add_weight() -> None:
    once = decode("Notes\nWe train models.", decode_kb())
    many = decode("Notes\n" + "We train models. " * 30, decode_kb())
    assert once.best is not None and many.best is not None
    assert once.best.score == many.best.score
    assert len(many.best.evidence) == 1


def test_distinct_evidence_adds_weight() -> None:
    one = decode("Notes\nWe train models.", decode_kb())
    two = decode("Notes\nWe train models for computer vision.", decode_kb())
    assert one.best is not None and two.best is not None
    assert two.best.score > one.best.score


def test_html_is_converted_and_scripts_ignored() -> None:
    html = """<html><head><title>Careers</title><script>var x = "jailbreak prompt injection";
    </script></head><body><h1>Beta Builder</h1><p>Ship AI features on an LLM with a
    retrieval pipeline &amp; a chatbot.</p></body></html>"""
    text, title = html_to_text(html)
    assert title == "Beta Builder"
    assert "jailbreak" not in text and "& a chatbot" in text
    result = decode(html, decode_kb())
    assert result.title == "Beta Builder"
    assert result.best is not None and result.best.role == "beta-builder"
    assert all(m.role != "gamma-guard" for m in result.matches)


def test_title_disagreeing_with_content_is_flagged() -> None:
    result = decode(MODEL_POSTING.replace("Alpha Engineer", "Beta Builder", 1), decode_kb())
    check = result.title_check
    assert (check.title_role, check.content_role, check.verdict) == (
        "beta-builder",
        "alpha-engineer",
        "disagrees",
    )
    agreeing = decode(MODEL_POSTING, decode_kb()).title_check
    assert agreeing.verdict == "agrees"


def test_title_patterns_with_parts_in_any_order() -> None:
    kb = decode_kb()
    assert title_role("Senior Product Engineer, AI", kb) == "beta-builder"
    assert title_role("AI Product Engineer", kb) == "beta-builder"
    assert title_role("Product Engineer", kb) is None
    assert title_role("Lead Red Teamer", kb) == "gamma-guard"


def test_posting_spanning_families_is_multi_role_with_sign() -> None:
    text = """Founding Engineer
    Train models and own the training pipeline for computer vision in PyTorch.
    Build a chatbot on an LLM with a retrieval pipeline and RAG.
    Run red teaming: jailbreak and prompt injection tests, threat model and security reviews."""
    result = decode(text, decode_kb())
    assert result.multi_role.flagged
    assert set(result.multi_role.roles) == {"alpha-engineer", "beta-builder", "gamma-guard"}
    assert [s["id"] for s in result.multi_role.signs] == ["everything-hire"]
    focused = decode(MODEL_POSTING, decode_kb())
    assert not focused.multi_role.flagged and focused.multi_role.signs == []


def test_multi_role_needs_enough_families() -> None:
    text = "Role\nTrain models, computer vision. LLM chatbot, RAG. Jailbreak, prompt injection."
    assert decode(text, decode_kb()).multi_role.flagged
    strict = SIGNALS.replace("min_families: 3", "min_families: 4").replace(
        "within: 0.4", "within: 1"
    )
    flag = decode(text, decode_kb(strict)).multi_role
    assert not flag.flagged and flag.signs == []


def test_seniority_from_title_then_years_then_phrases() -> None:
    kb = decode_kb()
    assert decode("Senior Alpha Engineer\ntrain models", kb).seniority.level == "senior"
    by_years = decode("Alpha Engineer\nYou have 8+ years of experience.", kb).seniority
    assert (by_years.level, by_years.years) == ("staff", 8)
    ranged = decode("Alpha Engineer\n3-5 years of professional experience; 1 year of Go.", kb)
    assert ranged.seniority.years == 3
    assert decode("Alpha Engineer\nIdeal for a new grad.", kb).seniority.level == "entry"
    assert decode("Alpha Engineer\ntrain models", kb).seniority.level is None


def test_skills_check_and_gap_merge() -> None:
    result = decode(MODEL_POSTING, decode_kb())
    check = check_skills(result, ["python", "rag"])
    assert check.met == ["python"]
    assert check.missing == ["pytorch"]
    best = result.best.role if result.best else None
    merged, new = merge_gaps(None, result.title, best, check.missing, "2026-03-01")
    assert merged.skills == ["pytorch"] and new == ["pytorch"]
    assert to_json(merged.postings[0]) == {
        "title": "Alpha Engineer",
        "role": "alpha-engineer",
        "skills": ["pytorch"],
        "added": "2026-03-01",
    }
    again, new_again = merge_gaps(merged, result.title, best, ["pytorch", "rag"], "2026-03-02")
    assert again.skills == ["pytorch", "rag"] and new_again == ["rag"]
    assert len(again.postings) == 2


def test_skills_in_short_text() -> None:
    assert skills_in("PyTorch, TensorFlow, RAG", decode_kb()) == {"pytorch", "rag"}


def test_empty_and_oversized_postings_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="empty"):
        decode("   \n ", decode_kb())
    with pytest.raises(UsageError, match="limit"):
        decode("x" * 300_000, decode_kb())


def test_posting_without_any_evidence() -> None:
    result = decode("Barista\nMake excellent coffee.", decode_kb())
    assert result.best is None and result.matches == [] and result.loop is None
    assert result.title_check.verdict == "unknown"


# --- crafted postings on the shipped knowledge base ------------------------------------------

CRAFTED = {
    "ai-engineer": """Software Engineer
Build LLM-powered features for our product: a support chatbot and an internal copilot. Design
the retrieval pipeline (chunking, embeddings, vector search with pgvector), call the OpenAI and
Anthropic APIs, write evaluation harnesses that catch hallucination, and add guardrails.
TypeScript and Python, FastAPI, Docker.""",
    "agentic-ai-developer": """Engineer
Design multi-agent systems that plan and take actions: tool calling, agent orchestration with
LangGraph and CrewAI, MCP servers, agent memory, and guarding against runaway loops in agentic
workflows.""",
    "prompt-engineer": """Specialist
Own our prompt library: prompt design, prompt templates, few-shot examples, chain of thought,
and prompt optimization against a test set. Write system prompts for each product surface.""",
    "ml-engineer": """Engineer
Train and deploy deep learning models for computer vision: object detection and segmentation.
Build training pipelines and automated retraining, tune hyperparameters, and watch model
accuracy and data drift. PyTorch, scikit-learn and XGBoost.""",
    "applied-scientist": """Scientist
Applied research on our ranking: take novel algorithms from offline experiments to production,
with scientific rigor. PhD with publications preferred; statistical modeling and causal
methods.""",
    "data-scientist": """Analyst role
Answer business questions with exploratory data analysis, A/B testing and causal inference.
Build dashboards in Tableau, define KPIs, run hypothesis testing and present actionable
insights to stakeholders. SQL and pandas.""",
    "research-scientist": """Scientist
Pursue fundamental research on new architectures and new training methods. Set a research
agenda, publish first-author papers at NeurIPS, ICML and ICLR, and study scaling laws.""",
    "research-engineer": """Engineer
Work with researchers to implement papers and reproduce papers, build research infrastructure
and run large-scale training and ablations. JAX, distributed training, arXiv daily.""",
    "mlops-engineer": """Engineer
Own MLOps: the model registry, model versioning, CI/CD for ML and deployment pipelines on
Kubernetes with Kubeflow and MLflow. Model monitoring, on-call and incident response, Terraform
for everything.""",
    "ml-platform-engineer": """Engineer
Build the internal ML platform our data scientists use: a self-service training platform and
serving platform, feature store, GPU clusters on Ray, and a paved road for developer experience.""",
    "llm-ops-engineer": """Engineer
Run our LLM platform: an LLM gateway with model routing, rate limiting and cost tracking, LLM
observability with Langfuse and LangSmith, prompt management and self-hosted models on vLLM.""",
    "ml-systems-engineer": """Engineer
Make inference fast: write CUDA kernels and Triton, tune TensorRT, apply quantization and
distillation, profile memory bandwidth on GPUs and accelerators. C++ and high-performance
computing.""",
    "data-engineer": """Engineer
Build data pipelines: ETL and ELT with Airflow and dbt into the data warehouse and lakehouse,
Kafka streaming ingestion, data modeling, data quality and data lineage. Spark, Snowflake and
SQL.""",
    "ai-red-teamer": """Specialist
Red teaming for our models: craft jailbreaks and prompt injection attacks, find data
exfiltration paths, write exploits, run threat modeling and penetration testing.""",
    "evals-specialist": """Specialist
Design evals: evaluation frameworks, golden datasets with ground truth, graders and rubrics,
LLM-as-a-judge, human evaluation and benchmarks that measure model quality.""",
    "ai-safety-researcher": """Researcher
Research alignment: mechanistic interpretability, reward modeling and RLHF, scalable oversight,
and how model behavior drifts toward deception; publish safety research.""",
    "ai-safety-engineer": """Engineer
Build trust and safety systems: safety classifiers and content moderation, policy enforcement,
PII filters, responsible AI reviews and compliance with the EU AI Act.""",
}


@pytest.mark.parametrize("role_id", sorted(CRAFTED))
def test_crafted_posting_reads_as_its_role(role_id: str, real_kb: KnowledgeBase) -> None:
    result = decode(CRAFTED[role_id], real_kb)
    assert result.best is not None, role_id
    ranking = [m.role for m in result.matches[:3]]
    assert result.best.role == role_id, f"{role_id} read as {ranking}"
    assert any(e.kind == "phrase" for e in result.best.evidence)
    assert result.loop is not None and result.loop.role == role_id


def test_every_role_has_a_crafted_posting(real_kb: KnowledgeBase) -> None:
    assert {r.id for r in real_kb.roles} == set(CRAFTED)


def test_ai_title_on_classic_ml_content_disagrees(real_kb: KnowledgeBase) -> None:
    text = "Senior AI Engineer\n" + CRAFTED["ml-engineer"].split("\n", 1)[1]
    result = decode(text, real_kb)
    assert result.best is not None and result.best.role == "ml-engineer"
    assert result.title_check.title_role == "ai-engineer"
    assert result.title_check.verdict == "disagrees"
    assert result.seniority.level == "senior"


def test_first_ai_hire_posting_spans_roles(real_kb: KnowledgeBase) -> None:
    text = "Founding Engineer\n" + "\n".join(
        CRAFTED[r].split("\n", 1)[1] for r in ("data-engineer", "ai-engineer", "ml-engineer")
    )
    result = decode(text, real_kb)
    assert result.multi_role.flagged
    assert {"data-engineer", "ai-engineer", "ml-engineer"} <= {m.role for m in result.matches[:5]}
    assert "first-ai-hire" in [s["id"] for s in result.multi_role.signs]
