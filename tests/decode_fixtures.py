"""A knowledge base for decode tests: the tiny one of conftest plus skill keywords and signals."""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from helpers import TINY_FILES
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.models import AssessmentFile, Landscape, RolesFile, SkillsFile
from roleadvisor.kb.signals_models import SignalsFile

SKILLS = """
    categories:
      - {id: language, name: Languages}
      - {id: ml, name: Machine learning}
      - {id: genai, name: Generative AI}
      - {id: safety, name: Safety}
    skills:
      - {id: python, name: Python, category: language, keywords: [python]}
      - {id: go, name: Go, category: language, keywords: [golang, " go "]}
      - {id: pytorch, name: PyTorch, category: ml, keywords: [pytorch, tensorflow]}
      - {id: deep-learning, name: Deep learning, category: ml, keywords: [deep learning, attention]}
      - {id: rag, name: RAG, category: genai, keywords: [rag, embeddings]}
      - {id: security, name: Security, category: safety, keywords: [security, threat model]}
    backgrounds:
      - {id: software-engineer, name: Software engineer, skills: [python]}
      - {id: researcher, name: Researcher, skills: [pytorch]}
"""

SIGNALS = """
    source: editorial
    scoring: {skill: 1.0, phrase: 1.6, title: 3.0, size_damping: 0.35, title_mismatch: 0.8}
    multi_role:
      within: 0.5
      min_roles: 3
      min_families: 3
      min_evidence: 2
      meaning: {text: Several jobs in one posting., source: doc-a}
    signs:
      - id: everything-hire
        roles: [alpha-engineer, beta-builder, gamma-guard]
        within: 0.4
        meaning: {text: Looks like a first hire., source: doc-a}
    families:
      - {id: models, name: Models, roles: [alpha-engineer]}
      - {id: products, name: Products, roles: [beta-builder]}
      - {id: defence, name: Defence, roles: [gamma-guard]}
    seniority:
      - {id: entry, name: Entry level, title_words: [junior], phrases: [new grad],
         min_years: 0, max_years: 2, source: editorial}
      - {id: senior, name: Senior, title_words: [senior, sr], min_years: 5, max_years: 7,
         source: editorial}
      - {id: staff, name: Staff, title_words: [staff], min_years: 8, source: editorial}
    masks: [attention to detail, go-to-market]
    exact_case:
      - {keyword: go, written: Go, not_next_to: "-'&"}
    roles:
      - role: alpha-engineer
        titles: [alpha engineer, model engineer]
        phrases: [train models, training pipeline, computer vision, model training]
        source: doc-a
      - role: beta-builder
        titles: [beta builder, product engineer + ai]
        phrases: [llm, chatbot, retrieval pipeline, ai features]
        source: doc-a
      - role: gamma-guard
        titles: [gamma guard, red teamer]
        phrases: [jailbreak, prompt injection, red teaming]
        source: doc-b
"""


def _load(text: str) -> object:
    return yaml.safe_load(textwrap.dedent(text))


def decode_kb(signals: str = SIGNALS) -> KnowledgeBase:
    """The tiny three-role knowledge base with keywords and signals, built from its models.

    Built directly (not through the loader) so that decode's tests depend only on the files
    decode reads, whatever other files the shipped knowledge base gains.
    """
    return KnowledgeBase(
        directory=Path("tiny"),
        roles=tuple(RolesFile.model_validate(_load(TINY_FILES["roles.yaml"])).roles),
        landscape=Landscape.model_validate(_load(TINY_FILES["landscape.yaml"])),
        skills_file=SkillsFile.model_validate(_load(SKILLS)),
        assessment=AssessmentFile.model_validate(_load(TINY_FILES["assessment.yaml"])),
        extras={"signals.yaml": SignalsFile.model_validate(_load(signals))},
    )
