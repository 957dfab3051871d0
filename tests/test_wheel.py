"""The built wheel works for a newcomer: installed with its dependencies into a fresh venv and
run from a directory that is not the checkout, it finds its shipped knowledge base.

This test needs the package index (pip installs the wheel's dependencies). It never skips: if
the index cannot be reached it fails and says so.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from helpers import REPO
from roleadvisor import labels
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.pay import headline_figure

# installs into fresh virtual environments: a CI step of its own (`pytest -m install`)
pytestmark = pytest.mark.install

TIMEOUT = 300


def run(args: list[str | Path], cwd: Path, what: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "VIRTUAL"))}
    env.pop("ROLEADVISOR_KB", None)
    done = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    if done.returncode != 0:
        hint = ""
        if "pip" in what and any(
            s in done.stderr for s in ("Could not find a version", "NewConnectionError", "network")
        ):
            hint = " (the package index could not be reached: this test needs network access)"
        pytest.fail(f"{what} failed{hint}:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}")
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel built from this checkout; returns its bin directory."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", dist, REPO],
        root,
        "building the wheel (pip wheel)",
    )
    wheels = list(dist.glob("roleadvisor-*.whl"))
    assert len(wheels) == 1, f"expected one wheel, found {wheels}"
    venv.EnvBuilder(with_pip=True).create(root / "venv")
    # the same pinned versions as the suite's own install, so a new release cannot break it
    constraints = REPO / "constraints.txt"
    pinned = ["-c", str(constraints)] if constraints.is_file() else []
    bindir = root / "venv" / ("Scripts" if os.name == "nt" else "bin")
    run(
        [
            bindir / "python",
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *pinned,
            wheels[0],
        ],
        root,
        "pip install of the wheel with its dependencies",
    )
    return bindir


def test_wheel_compares_roles_from_another_directory(
    installed: Path, real_kb: KnowledgeBase, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run([installed / "roleadvisor", "compare", "mle", "ai-engineer"], elsewhere, "compare")
    for name in ("mle", "ai-engineer"):
        role = real_kb.role(name)
        figure = headline_figure(role, real_kb.landscape.pay_headline)
        assert figure is not None, f"{role.id} has no L5 US total comp in the knowledge base"
        assert role.name.split()[0] in out
        assert labels.pay_amount(figure) in out
    assert "Traceback" not in out


def test_wheel_help_and_data_come_from_the_installed_package(
    installed: Path, tmp_path: Path
) -> None:
    out = run([installed / "roleadvisor", "--help"], tmp_path, "--help")
    assert "Usage: roleadvisor" in out and "compare" in out
    assert "Traceback" not in out
    where = run(
        [
            installed / "python",
            "-c",
            "from roleadvisor.kb.files import packaged_data_dir as d; print(d())",
        ],
        tmp_path,
        "locating the shipped data",
    )
    data = Path(where.strip())
    assert REPO not in data.parents and (data / "roles.yaml").is_file()
    ok = run([installed / "roleadvisor", "kb", "validate"], tmp_path, "kb validate")
    assert ok.startswith("Knowledge base OK")


def test_wheel_runs_a_shipped_example_assessment(installed: Path, tmp_path: Path) -> None:
    """A pip user has no checkout: the example answers files come from the installed package."""
    listed = run([installed / "roleadvisor", "examples", "--json"], tmp_path, "examples")
    names = [e["name"] for e in json.loads(listed)["examples"]]
    assert "career-transition" in names and len(names) > 10
    out = run(
        [installed / "roleadvisor", "assess", "--example", "career-transition", "--json",
         "--no-save"],
        tmp_path,
        "assess --example",
    )
    assert json.loads(out)["recommendation"]["top"]
    copy = tmp_path / "me.yaml"
    run([installed / "roleadvisor", "examples", "career-transition", "--write", copy], tmp_path,
        "examples --write")
    again = run([installed / "roleadvisor", "assess", "--answers", copy, "--json", "--no-save"],
                tmp_path, "assess --answers")
    assert json.loads(again)["recommendation"] == json.loads(out)["recommendation"]
    where = run(
        [installed / "python", "-c",
         "from roleadvisor.kb.examples import examples_dir as d; print(d())"],
        tmp_path,
        "locating the shipped examples",
    )
    assert REPO not in Path(where.strip()).parents


def test_wheel_kb_init_copies_the_shipped_knowledge_base(installed: Path, tmp_path: Path) -> None:
    run([installed / "roleadvisor", "kb", "init", tmp_path / "my-kb"], tmp_path, "kb init")
    assert (tmp_path / "my-kb" / "schema" / "roles.schema.json").is_file()
    ok = run([installed / "roleadvisor", "kb", "validate", tmp_path / "my-kb"], tmp_path,
             "kb validate of the copy")
    assert ok.startswith("Knowledge base OK")


_FIRST_RUN = """
import sys
from roleadvisor.cli import app
try:
    app(["roles", "--json"])
except SystemExit:
    pass
print("VALIDATED" if "roleadvisor.kb.validation" in sys.modules else "READ")
"""


def test_wheel_first_run_reads_the_knowledge_base_its_build_validated(
    installed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    snapshot = run(
        [installed / "python", "-c",
         "from roleadvisor.kb.snapshot import shipped_snapshot as s; print(s())"],
        tmp_path,
        "locating the snapshot",
    )
    assert Path(snapshot.strip()).is_file()
    monkeypatch.setenv("ROLEADVISOR_HOME", str(tmp_path / "fresh-home"))
    first = run([installed / "python", "-c", _FIRST_RUN], tmp_path, "a first run")
    assert first.rstrip().endswith("READ")  # no validation: the build's result was read
    assert list((tmp_path / "fresh-home" / "cache").glob("kb-*.kbcache"))  # and cached
    monkeypatch.setenv("ROLEADVISOR_NO_CACHE", "1")
    full = run([installed / "python", "-c", _FIRST_RUN], tmp_path, "a fully validated run")
    assert full.rstrip().endswith("VALIDATED")
    # the same answer either way
    assert first.rstrip().removesuffix("READ") == full.rstrip().removesuffix("VALIDATED")
    assert json.loads(first.rstrip().removesuffix("READ"))["tiers"]
