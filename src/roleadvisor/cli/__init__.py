"""The command-line edge: parse options, call the core, render, map errors to exit codes.

Each command group lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

from roleadvisor.cli import assess, decode, explore, plan  # noqa: F401  (registers commands)
from roleadvisor.cli.app import app


def main() -> None:
    app()
