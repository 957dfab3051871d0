"""Commands of this group register themselves on the shared app."""

from __future__ import annotations

from roleadvisor.cli.app import app  # noqa: F401
