"""Where the folders shipped beside the code live (the knowledge base, the example answers)."""

from __future__ import annotations

from pathlib import Path


def shipped_dir(name: str) -> Path:
    """`roleadvisor/<name>` inside the wheel, else `<name>/` at the top of a source checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / name
    return inside if inside.is_dir() else package.parent.parent / name
