"""`roleadvisor decode` at the command line: inputs, output, JSON, errors, plan gaps."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from decode_fixtures import decode_kb
from helpers import Invoke, longest_line

POSTING = """Senior Beta Builder

Ship AI features: a chatbot on an LLM with a retrieval pipeline, RAG and embeddings.
Python and PyTorch. 6+ years of experience."""


@pytest.fixture(autouse=True)
def decode_knowledge_base(monkeypatch: pytest.MonkeyPatch) -> None:
    kb = decode_kb()
    monkeypatch.setattr("roleadvisor.cli.decode.get_kb", lambda ctx: kb)
    monkeypatch.setattr("roleadvisor.state.history.latest_usable", lambda model, problems: None)


def with_skills(monkeypatch: pytest.MonkeyPatch, skills: list[str]) -> None:
    saved = SimpleNamespace(profile=SimpleNamespace(skills=skills))
    monkeypatch.setattr("roleadvisor.state.history.has_assessments", lambda: True)
    monkeypatch.setattr("roleadvisor.state.history.latest_usable", lambda model, problems: saved)


@pytest.fixture
def posting(tmp_path: Path) -> Path:
    path = tmp_path / "posting.txt"
    path.write_text(POSTING, encoding="utf-8")
    return path


def test_file_shows_best_role_evidence_loop_and_seniority(invoke: Invoke, posting: Path) -> None:
    result = invoke("decode", str(posting))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Reads as: Beta Builder" in out
    assert '"chatbot"' in out and '"retrieval pipeline"' in out
    assert "Interview loop to expect (Beta Builder)" in out and "System design" in out
    assert "Seniority: Senior" in out
    assert "Run `roleadvisor assess`" in out


def test_stdin_and_json(invoke: Invoke) -> None:
    result = invoke("decode", "-", "--json", input=POSTING)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["best"] == "beta-builder"
    assert data["title"] == "Senior Beta Builder"
    assert {s["skill"] for s in data["skills"]} == {"python", "pytorch", "rag"}
    assert data["matches"][0]["share"] == 100
    assert "requirements" not in data


def test_html_file_with_title_option(invoke: Invoke, tmp_path: Path) -> None:
    page = tmp_path / "job.html"
    page.write_text("<html><body><p>Red teaming: jailbreak and prompt injection.</p></body>")
    result = invoke("decode", str(page), "--title", "Gamma Guard", "--json")
    data = json.loads(result.stdout)
    assert (data["best"], data["title"]) == ("gamma-guard", "Gamma Guard")
    assert data["title_check"]["verdict"] == "agrees"


def test_requirements_met_and_missing_with_assessment(
    invoke: Invoke, posting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with_skills(monkeypatch, ["python", "security"])
    out = invoke("decode", str(posting)).stdout
    assert "You already have: Python" in out
    assert "You lack: PyTorch, RAG" in out
    data = json.loads(invoke("decode", str(posting), "--json").stdout)
    assert data["requirements"] == {"met": ["python"], "missing": ["pytorch", "rag"]}


def test_add_to_plan_writes_gap_file_and_merges(
    invoke: Invoke, posting: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with_skills(monkeypatch, ["python"])
    result = invoke("decode", str(posting), "--add-to-plan")
    assert result.exit_code == 0, result.stderr
    assert "Added 2 skills to your plan's gaps" in result.stdout
    gaps_file = tmp_path / "home" / "decode_gaps.json"
    saved = json.loads(gaps_file.read_text())
    assert saved["skills"] == ["pytorch", "rag"]
    assert saved["postings"][0]["role"] == "beta-builder"
    with_skills(monkeypatch, ["python", "rag"])
    again = invoke("decode", str(posting), "--add-to-plan", "--json")
    assert json.loads(again.stdout)["added_to_plan"]["skills"] == []
    saved = json.loads(gaps_file.read_text())
    assert saved["skills"] == ["pytorch", "rag"] and len(saved["postings"]) == 2


def test_add_to_plan_without_assessment_is_refused(invoke: Invoke, posting: Path) -> None:
    result = invoke("decode", str(posting), "--add-to-plan")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: No assessment on file")
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "bad.txt", (d / "bad.txt").write_bytes(b"\xff\xfe\xfa"))[0], "not UTF-8"),
        (lambda d: (d / "empty.txt", (d / "empty.txt").write_text("  \n"))[0], "empty"),
    ],
)
def test_bad_inputs_give_one_line_errors(
    invoke: Invoke, tmp_path: Path, make: object, message: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    result = invoke("decode", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_corrupted_gap_file_is_reported_not_replaced(
    invoke: Invoke, posting: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with_skills(monkeypatch, ["python"])
    gaps_file = tmp_path / "home" / "decode_gaps.json"
    gaps_file.parent.mkdir(parents=True)
    gaps_file.write_text("{not json")
    result = invoke("decode", str(posting), "--add-to-plan")
    assert result.exit_code == 1 and "corrupted" in result.stderr
    assert gaps_file.read_text() == "{not json"


@pytest.mark.parametrize("width", ["60", "200"])
def test_output_fits_the_terminal(invoke: Invoke, posting: Path, width: str) -> None:
    out = invoke("decode", str(posting), env={"COLUMNS": width}).stdout
    assert "Beta Builder" in out
    assert longest_line(out) <= int(width)


@pytest.mark.parametrize("title", ["Alpha Engineer", "Gamma Guard"])
def test_a_title_the_content_disagrees_with_is_named_with_both_roles(
    invoke: Invoke, title: str
) -> None:
    posting = POSTING.replace("Senior Beta Builder", title)
    data = json.loads(invoke("decode", "-", "--json", input=posting).stdout)
    check = data["title_check"]
    assert (check["verdict"], check["content_role"]) == ("disagrees", "beta-builder")
    out = invoke("decode", "-", input=posting).stdout
    said = [line.strip() for line in out.splitlines() if line.startswith("Title:")]
    assert said == [f"Title: The title says {title}, but the content reads as Beta Builder."]
    # a title that agrees with its content says so instead
    agreeing = invoke("decode", "-", input=POSTING).stdout
    assert "The title and the content agree." in agreeing
    assert "but the content reads as" not in agreeing


DEVOPS = """DevOps Engineer

About us
We build AI-powered scheduling software.

What you'll do
- Own our Kubernetes clusters and the Terraform that describes them.
- Build CI/CD pipelines and run on-call for production.

Requirements
- 4+ years running Linux services on AWS; Docker, Helm and Bash.
"""


def test_a_non_ai_posting_is_declined_in_one_line(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, kb: object
) -> None:
    monkeypatch.setattr("roleadvisor.cli.decode.get_kb", lambda ctx: kb)
    shown = invoke("decode", "-", input=DEVOPS)
    assert shown.exit_code == 0, shown.stderr
    assert "Not an AI role: AI appears only in the company description" in shown.stdout
    assert "Reads as:" not in shown.stdout and "Interview loop" not in shown.stdout
    data = json.loads(invoke("decode", "-", "--json", input=DEVOPS).stdout)
    assert data["best"] is None and data["outcome"] == "not-ai"
    assert data["declined"].startswith("Not an AI role")


def test_why_shows_each_quote_once_with_its_line_breaks(
    invoke: Invoke, monkeypatch: pytest.MonkeyPatch, kb: object
) -> None:
    monkeypatch.setattr("roleadvisor.cli.decode.get_kb", lambda ctx: kb)
    posting = (
        "Machine Learning Engineer\n\nWhat you'll do\n"
        "- Train models for fraud detection and own the training pipeline,\n"
        "  from feature engineering to deployment.\n"
        "- 4+ years of Python and PyTorch.\n"
    )
    shown = invoke("decode", "-", input=posting, env={"COLUMNS": "120"})
    assert shown.exit_code == 0, shown.stderr
    why = shown.stdout.split("Why Machine Learning Engineer:")[1].split("Title:")[0]
    assert why.count("Train models for fraud detection") == 1
    assert re.search(r"training pipeline, *\n +from feature engineering", why)
