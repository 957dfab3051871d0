"""Text from a user-supplied knowledge base cannot take over the terminal or break a table.

A role's name and claims are laced with ANSI escape sequences, other control characters, rich
markup, a very long word and wide (CJK, emoji) characters; every command that shows them must
print no escape or control character and keep every line within 60 columns.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len

DATA = Path(__file__).resolve().parent.parent / "data"
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 2
WIDE = "機械学習エンジニア🤖"
HOSTILE = {
    "name": f"Evil\x1b[2J\x1b]0;pwned\x07 Engineer {WIDE}",
    "summary": f"Clears\x1b[31m the screen\x1b[0m\x08\x08 and [bold red]shouts[/] {LONG_WORD}",
    "primary_focus": f"Rings the bell\x07 and moves\x1b[10A the cursor {WIDE * 3}",
}
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def hostile_kb(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    kb = tmp_path_factory.mktemp("hostile") / "kb"
    shutil.copytree(DATA, kb)
    data = yaml.safe_load((kb / "roles.yaml").read_text(encoding="utf-8"))
    role = data["roles"][0]
    role["name"] = HOSTILE["name"]
    role["summary"]["text"] = HOSTILE["summary"]
    role["primary_focus"]["text"] = HOSTILE["primary_focus"]
    (kb / "roles.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return kb, str(role["id"])


def run(kb: Path, home: Path, *args: str, columns: int = 60) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_")}
    env.update(
        ROLEADVISOR_KB=str(kb),
        ROLEADVISOR_HOME=str(home),
        COLUMNS=str(columns),
        TERM="xterm-256color",
        FORCE_COLOR="1",
    )
    env.pop("NO_COLOR", None)
    result = subprocess.run(
        [sys.executable, "-m", "roleadvisor", *args],
        env=env,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode("utf-8")


_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # the colours roleadvisor itself may add


@pytest.mark.parametrize(
    "command",
    [
        ("show", "{id}"),
        ("compare", "{id}", "aie"),
        ("roles",),
        ("loop", "{id}", "aie"),
        ("compare", "{id}", "aie", "mlops", "ds", "re", "de"),
    ],
    ids=lambda c: "-".join(c).replace("{id}", "role"),
)
def test_hostile_text_is_shown_safely(
    hostile_kb: tuple[Path, str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    kb, role_id = hostile_kb
    out = run(kb, tmp_path, *(a.format(id=role_id) for a in command))
    plain = _STYLE.sub("", out)  # colour codes come from us; anything else must be gone
    assert "\x1b" not in plain
    assert not CONTROL.search(plain.replace("\n", ""))
    wide_lines = [line for line in plain.splitlines() if cell_len(line) > 60]
    assert not wide_lines, wide_lines
    assert "Evil" in plain  # the text itself is still shown, only made harmless
    assert "機械" in plain


def test_markup_in_knowledge_base_text_is_printed_as_written(
    hostile_kb: tuple[Path, str], tmp_path: Path
) -> None:
    kb, role_id = hostile_kb
    plain = _STYLE.sub("", run(kb, tmp_path, "show", role_id, columns=200))
    assert "[bold red]shouts[/]" in plain
    assert LONG_WORD[:40] in plain
