"""Build step of the wheel: ship the knowledge base already validated.

A first run after installing (or upgrading) would otherwise validate the shipped YAML in full
before answering. The wheel's build does it once instead and ships the result as
roleadvisor/kb/validated.kbsnapshot (see roleadvisor.kb.snapshot for when a run reads it).
Editable installs and source checkouts have none and validate on their first run, as before.
A knowledge base that does not validate is shipped without a snapshot, so the installed
command reports its problems exactly as it would have.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


def _forget_roleadvisor() -> None:
    for name in [m for m in sys.modules if m == "roleadvisor" or m.startswith("roleadvisor.")]:
        del sys.modules[name]


def _build_snapshot(root: Path, out: Path) -> list[str]:
    """Validate `root`/data with the source being built (in this process: a child process
    would have to rebuild the build environment's import paths, which pip versions set up
    differently); the problems, if any."""
    src = str(root / "src")
    _forget_roleadvisor()
    sys.path.insert(0, src)
    try:
        from roleadvisor.kb.snapshot import build

        return build(root / "data", out)
    except Exception as exc:  # no snapshot is a slower first run, never a failed build
        return [f"{type(exc).__name__}: {exc}"]
    finally:
        sys.path.remove(src)
        _forget_roleadvisor()


class SnapshotHook(BuildHookInterface):  # type: ignore[type-arg]
    _scratch: str | None = None

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        self._scratch = tempfile.mkdtemp(prefix="roleadvisor-build-")
        out = Path(self._scratch) / "validated.kbsnapshot"
        problems = _build_snapshot(Path(self.root), out)
        if problems or not out.is_file():
            shown = "\n".join(problems[:20])
            print(f"roleadvisor: no validated snapshot shipped:\n{shown}", file=sys.stderr)
            return
        build_data["force_include"][str(out)] = "roleadvisor/kb/validated.kbsnapshot"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        if self._scratch is not None:  # the wheel holds its copy by now
            shutil.rmtree(self._scratch, ignore_errors=True)
