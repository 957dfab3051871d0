"""decode reads the knowledge base by attribute: signals served as plain records (not models)
read exactly as the validated models do."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import BaseModel

from decode_fixtures import decode_kb
from roleadvisor.decode import decode
from roleadvisor.errors import KnowledgeBaseError

POSTING = """Alpha Engineer

What you'll do
- Train models for computer vision and own the training pipeline.
- Add an LLM chatbot to the help page; we use PyTorch and Python.
"""


def plain(value: Any) -> Any:
    """A model as nested plain records: attributes only, no model class."""
    if isinstance(value, BaseModel):
        return SimpleNamespace(
            **{name: plain(getattr(value, name)) for name in type(value).model_fields}
        )
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def test_signals_as_plain_records_read_like_the_models() -> None:
    kb = decode_kb()
    records = dataclasses.replace(
        kb, extras={"signals.yaml": plain(kb.extras["signals.yaml"])}, _by_key={}
    )
    assert not isinstance(records.extras["signals.yaml"], BaseModel)
    assert decode(POSTING, records).to_dict() == decode(POSTING, kb).to_dict()
    assert decode(POSTING, records).best is not None


def test_missing_signals_is_a_knowledge_base_error() -> None:
    kb = dataclasses.replace(decode_kb(), extras={}, _by_key={})
    with pytest.raises(KnowledgeBaseError, match=r"signals\.yaml"):
        decode(POSTING, kb)
