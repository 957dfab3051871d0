"""Shell completion (Typer's own, for bash, zsh and fish): commands, options, and role ids and
aliases from the knowledge base in use; the knowledge base is read only while completing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpers import copy_data
from roleadvisor.kb.base import KnowledgeBase

COMPLETE_VAR = "_ROLEADVISOR_COMPLETE"


def complete(shell: str, line: str, env: dict[str, str] | None = None) -> list[str]:
    """What the shell would offer after `line` (the word being completed is its last)."""
    from roleadvisor.cli import app

    words = line.split(" ")
    extra = {COMPLETE_VAR: f"complete_{shell}", "_TYPER_COMPLETE_ARGS": line}
    if shell == "bash":
        extra.update(COMP_WORDS=line, COMP_CWORD=str(len(words) - 1))
    if shell == "fish":
        extra["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = CliRunner().invoke(app, [], env={**extra, **(env or {})}, prog_name="roleadvisor")
    assert result.exit_code == 0, result.output
    out = result.stdout
    if shell == "zsh":  # _arguments '*: :(("value":"help" ...))'
        return [part.split('"')[1] for part in out.split("\n") if '"' in part]
    return [line.split("\t")[0] for line in out.splitlines() if line]


def role_words(kb: KnowledgeBase, prefix: str) -> set[str]:
    return {w for r in kb.roles for w in (r.id, *r.aliases) if w.startswith(prefix)}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_role_ids_and_aliases_complete_in_every_shell(shell: str, real_kb: KnowledgeBase) -> None:
    offered = complete(shell, "roleadvisor show ml")
    assert set(offered) == role_words(real_kb, "ml") and offered
    assert "mle" in offered  # an alias, not only ids


@pytest.mark.parametrize("command", ["loop aie", "compare mle", "plan"])
def test_commands_taking_several_roles_complete_each(command: str, real_kb: KnowledgeBase) -> None:
    assert set(complete("bash", f"roleadvisor {command} ai")) == role_words(real_kb, "ai")


def test_commands_and_options_complete() -> None:
    assert complete("bash", "roleadvisor co") == ["compare"]
    assert set(complete("bash", "roleadvisor kb ")) >= {"validate", "init", "schema"}
    assert complete("bash", "roleadvisor plan --hours") == ["--hours-per-week"]
    assert complete("bash", "roleadvisor assess --example career") == ["career-transition"]


def test_roles_come_from_the_knowledge_base_in_use(tmp_path: Path) -> None:
    kb = copy_data(tmp_path / "kb")
    roles = kb / "roles.yaml"
    roles.write_text(
        roles.read_text(encoding="utf-8").replace("aliases: [mle", "aliases: [zz-builder, mle", 1),
        encoding="utf-8",
    )
    assert complete("bash", "roleadvisor show zz") == []
    assert complete("bash", f"roleadvisor --kb {kb} show zz") == ["zz-builder"]
    from_env = complete("bash", "roleadvisor show zz", env={"ROLEADVISOR_KB": str(kb)})
    assert from_env == ["zz-builder"]


def test_a_broken_knowledge_base_completes_nothing_and_says_nothing(tmp_path: Path) -> None:
    kb = copy_data(tmp_path / "kb")
    (kb / "roles.yaml").write_text("roles: [\n", encoding="utf-8")
    assert complete("bash", f"roleadvisor --kb {kb} show m") == []
    assert complete("bash", "roleadvisor --kb no/such/dir show m") == []


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o default -F"), ("zsh", "compdef"), ("fish", "complete --command")],
)
def test_completion_scripts_are_generated(shell: str, marker: str, tmp_path: Path) -> None:
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    run_as_installed = (
        "import sys; from roleadvisor.cli import main; sys.argv[0] = 'roleadvisor'; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", run_as_installed, "--show-completion", shell],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert marker in done.stdout and COMPLETE_VAR in done.stdout


_PROBE = """
import sys
from roleadvisor.cli import main
sys.argv = ["roleadvisor"]  # as the shell runs it: the program's name sets the variable
try:
    main()
except SystemExit:
    pass
print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


@pytest.mark.parametrize(
    ("line", "loads_kb"), [("roleadvisor co", False), ("roleadvisor show m", True)]
)
def test_only_completing_a_role_reads_the_knowledge_base(
    line: str, loads_kb: bool, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_KB")}
    words = line.split(" ")
    env.update(
        {COMPLETE_VAR: "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)},
        ROLEADVISOR_HOME=str(tmp_path / "home"),
    )
    done = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60, check=False,
    )
    modules = set(done.stderr.split())
    assert done.stdout.strip() and "Usage" not in done.stdout, "nothing was completed"
    assert ("roleadvisor.kb.base" in modules) is loads_kb
    assert ("roleadvisor.kb.cache" in modules) is loads_kb  # loaded as every command loads it
