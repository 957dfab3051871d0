"""The shipped knowledge base, validated when the package was built.

Validating the shipped files in full — parsing the YAML, building every pydantic model — costs
a first run more than twice a command's own work, and every installation would repeat it for
the same bytes. So the wheel's build validates them once (hatch_build.py calls `build`) and
ships the result beside the code: the same payload the cache keeps (kb.packing), headed by a
key made of the knowledge-base files' bytes, the Python version, roleadvisor's version and the
source of this package, which decides what validation yields. A run whose files and code match
that key reads the snapshot instead of validating; anything else (an edited or different
knowledge base, a source checkout, another Python) validates in full as before, and
ROLEADVISOR_NO_CACHE turns it off with the cache.

The file lies inside the installed package, written by the same build as the code beside it,
so it is trusted as that code is.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SNAPSHOT_FILE = "validated.kbsnapshot"
_FORMAT = b"roleadvisor-kb-snapshot 1\n"
_HERE = Path(__file__).resolve().parent
_KEY_BYTES = hashlib.sha256().digest_size * 2  # a hex digest


def shipped_snapshot() -> Path:
    """Where an installed package keeps its snapshot (a source checkout has none)."""
    return _HERE / SNAPSHOT_FILE


def snapshot_key(files_digest: bytes) -> str:
    """The key of the snapshot that holds knowledge-base files with this digest, as validated
    by the code of this package (kb.files.files_digest gives the digest)."""
    from roleadvisor import __version__

    digest = hashlib.sha256(_FORMAT)
    digest.update(f"{__version__}|{sys.version_info.major}.{sys.version_info.minor}|".encode())
    for source in sorted(_HERE.glob("*.py")):  # what validation yields is decided here
        code = source.read_bytes()
        digest.update(f"{source.name}:{len(code)}|".encode())
        digest.update(code)
    digest.update(files_digest)
    return digest.hexdigest()


def read_snapshot(files_digest: bytes, where: Path | None = None) -> bytes | None:
    """The payload of the snapshot for these files and this code, or None."""
    try:
        data = (where or shipped_snapshot()).read_bytes()
    except OSError:
        return None  # a source checkout, or a build that shipped none
    head = len(_FORMAT) + _KEY_BYTES + 1
    if len(data) <= head or not data.startswith(_FORMAT):
        return None
    found = data[len(_FORMAT) : head - 1].decode("ascii", "replace")
    if found != snapshot_key(files_digest):
        return None
    return data[head:]


def build(kb_dir: Path, out: Path) -> list[str]:
    """Validate `kb_dir` in full and write its snapshot to `out`; the problems, if any (then
    nothing is written)."""
    from roleadvisor.kb.files import files_digest, kb_file_names, paused_gc
    from roleadvisor.kb.packing import pack
    from roleadvisor.kb.records import served
    from roleadvisor.kb.validation import validate_dir

    validated, problems = validate_dir(kb_dir)
    digest = files_digest(kb_dir, kb_file_names(kb_dir))
    if validated is None or digest is None:
        return [str(p) for p in problems] or [f"{kb_dir}: a file could not be read"]
    with paused_gc():
        payload = pack(served(validated))
    out.write_bytes(_FORMAT + snapshot_key(digest).encode("ascii") + b"\n" + payload)
    return []
