"""What the person will do all day decides the role: duties weigh above other phrases, a duty
the posting keeps coming back to counts a little more (within a bound), and a long list of tools
saturates instead of outvoting the duties. Postings here are small and written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from decode_fixtures import SIGNALS, decode_kb
from roleadvisor.decode import decode
from roleadvisor.kb.base import KnowledgeBase

REALISTIC = Path(__file__).parent / "fixtures" / "non_ai_postings_realistic.yaml"


def kb_with(scoring: str = "", alpha_duties: str = "") -> KnowledgeBase:
    signals = SIGNALS.replace(
        "size_damping: 0.35, title_mismatch: 0.8}",
        f"size_damping: 0.35, title_mismatch: 0.8{scoring}}}",
    )
    if alpha_duties:
        signals = signals.replace(
            "phrases: [train models, training pipeline, computer vision, model training]\n",
            "phrases: [train models, training pipeline, computer vision, model training]\n"
            f"        duties: [{alpha_duties}]\n",
        )
    return decode_kb(signals)


def score(kb: KnowledgeBase, text: str, role: str) -> float:
    result = decode(text, kb, title="Job posting")
    return next((m.score for m in result.matches if m.role == role), 0.0)


MIXED = (
    "What you'll do\n- Train models for our risk team.\n- Add an LLM chatbot to the help page.\n"
)


def test_a_duty_outweighs_a_phrase_of_another_role() -> None:
    plain = decode(MIXED, kb_with(), title="Job posting")
    weighted = decode(MIXED, kb_with(", duty: 4.0", "train models"), title="Job posting")
    assert plain.matches[0].role == "beta-builder"  # two phrases against one
    assert weighted.matches[0].role == "alpha-engineer"


def test_a_duty_said_again_counts_more_but_only_up_to_the_cap() -> None:
    kb = kb_with(", duty: 2.0, repeat: 0.5, repeat_cap: 3", "train models")
    line = "- Train models for the risk team.\n"
    once, thrice, ten = (score(kb, line * n, "alpha-engineer") for n in (1, 3, 10))
    assert once < thrice
    assert thrice == ten


def test_repeating_a_phrase_that_is_no_duty_adds_nothing() -> None:
    kb = kb_with(", repeat: 0.5, repeat_cap: 5", "model training")
    line = "- Train models for the risk team.\n"
    assert score(kb, line, "alpha-engineer") == score(kb, line * 4, "alpha-engineer")


def test_tools_saturate_toward_the_cap() -> None:
    text = "Requirements\n- Python, RAG and embeddings.\n"
    free = score(kb_with(), text, "beta-builder")
    capped = score(kb_with(", tool_cap: 0.5"), text, "beta-builder")
    assert 0 < capped < free


# --- the shipped knowledge base -----------------------------------------------------------

RANKING_MLE = """Job posting

What you'll do
- Train and deploy ranking models for the home feed and search results.
- Build feature pipelines and keep the feature store fresh for real-time serving.
- Run online experiments at scale and decide which models ship.
- Improve our recommendation systems for personalization across markets.
- Prototype a RAG assistant that answers questions about our catalogue.

Requirements
- 4+ years building machine learning models in production with PyTorch or XGBoost.
- Strong Python and SQL; Spark a plus.
"""

AGENT_BUILDER = """Job posting

What you'll do
- Build AI agents that take actions in our customers' CRMs on their behalf.
- Design multi-step planning and tool calling for autonomous workflows.
- Own agent orchestration across several specialised agents, with memory and retries.
- Add guardrails and evaluation so agents fail safely.

Requirements
- Python, LLM APIs and an agent framework such as LangGraph.
"""

AGENT_RESEARCH = """Job posting

What you'll do
- Conduct research on how language-model agents plan over long horizons.
- Design and run experiments, write papers and publish at top-tier conferences.
- Develop novel methods for agent memory and test them with careful ablations.
- Work with research scientists to turn findings into open problems for the team.

Requirements
- PhD in machine learning or equivalent research experience; publications at NeurIPS or ICML.
"""


@pytest.mark.parametrize(
    ("text", "family"),
    [
        (RANKING_MLE, "model-development"),
        (AGENT_BUILDER, "llm-applications"),
        (AGENT_RESEARCH, "research"),
    ],
    ids=["ranking-mle-with-one-rag-bullet", "agent-builder", "research-on-agents"],
)
def test_the_daily_work_decides_the_family(kb: KnowledgeBase, text: str, family: str) -> None:
    result = decode(text, kb)
    assert result.best is not None and result.best.family == family, [
        (m.role, m.score) for m in result.matches[:3]
    ]


def test_agent_work_reads_as_the_agentic_role(kb: KnowledgeBase) -> None:
    result = decode(AGENT_BUILDER, kb)
    assert result.best is not None
    assert any("agent" in e.phrase.lower() for e in result.best.evidence)
    assert result.best.role != "ai-engineer", [(m.role, m.score) for m in result.matches[:3]]


def test_realistic_non_ai_postings_are_declined(kb: KnowledgeBase) -> None:
    postings = yaml.safe_load(REALISTIC.read_text(encoding="utf-8"))["postings"]
    kinds = {p["id"] for p in postings}
    assert len(kinds) == len(postings) >= 20
    read = [p["id"] for p in postings if decode(p["text"], kb, title=p["title"]).best is not None]
    assert len(read) <= len(postings) // 10, read
