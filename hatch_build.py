"""Build step of the wheel: ship the knowledge base already validated.

A first run after installing (or upgrading) would otherwise validate the shipped YAML in full
before answering. The wheel's build does it once instead and ships the result as
roleadvisor/kb/validated.kbsnapshot (see roleadvisor.kb.snapshot for when a run reads it).
Editable installs and source checkouts have none and validate on their first run, as before.
A knowledge base that does not validate is shipped without a snapshot, so the installed
command reports its problems exactly as it would have.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

_BUILD = """
import sys
from pathlib import Path
from roleadvisor.kb.snapshot import build
problems = build(Path(sys.argv[1]), Path(sys.argv[2]))
for line in problems[:20]:
    print(line, file=sys.stderr)
sys.exit(1 if problems else 0)
"""


class SnapshotHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        out = Path(tempfile.mkdtemp(prefix="roleadvisor-build-")) / "validated.kbsnapshot"
        # the build environment's own paths (where pydantic and PyYAML were installed) stay
        path = os.pathsep.join([str(root / "src"), *(p for p in sys.path if p)])
        env = {**os.environ, "PYTHONPATH": path, "ROLEADVISOR_NO_CACHE": "1"}
        done = subprocess.run(
            [sys.executable, "-c", _BUILD, str(root / "data"), str(out)],
            env=env, capture_output=True, text=True, check=False,
        )
        if done.returncode != 0 or not out.is_file():
            print(f"roleadvisor: no validated snapshot shipped:\n{done.stderr}", file=sys.stderr)
            return
        build_data["force_include"][str(out)] = "roleadvisor/kb/validated.kbsnapshot"
