"""Loading the knowledge base: validated in full, or kept between runs keyed by its bytes.

`load_kb` is the one entry point.

Reading the YAML and validating it costs far more than a command's own work, and the files
rarely change. After a full validation the resulting KnowledgeBase, as the plain records of
kb.records that every command reads (validated or not), is pickled into the user's
cache directory under a key made of every knowledge-base file's bytes, the directory, the
Python version and the roleadvisor source files; the next run with identical inputs loads that
instead. Anything unexpected — a missing, foreign, truncated, stale or unsigned entry — is a
miss, so the cache can only save time, never change an answer. On a miss, the shipped
knowledge base of an installed package is read from the snapshot its build validated
(kb.snapshot); anything else is validated in full. `roleadvisor kb validate` answers from
them too, unless asked for a full validation (`check_kb`).

Unpickling can run code, so an entry is only unpickled once it is proven to be our own: every
entry carries an HMAC-SHA256 of its bytes (and of its key), keyed by a random secret kept in
the user's roleadvisor home, readable by this user alone (state.signing). A file planted in
the cache directory — a pickle, garbage, or a symbolic link — fails that check (or is never
opened: links are not followed) and is treated as a miss. Signing was chosen over a
plain-data format because it keeps loading as fast as unpickling while refusing anything we
did not write.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from roleadvisor.errors import KnowledgeBaseError
from roleadvisor.kb.base import KnowledgeBase
from roleadvisor.kb.files import files_digest, kb_file_names, paused_gc, resolve_kb_dir
from roleadvisor.kb.packing import pack_into, unpack
from roleadvisor.state.paths import cache_dir
from roleadvisor.state.signing import read_own_file, signing_secret

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

    from roleadvisor.kb.problems import Problem

DISABLE_ENV = "ROLEADVISOR_NO_CACHE"  # set to any value to always validate in full
KEEP = 8  # entries kept (one per knowledge base and version in use)
SUFFIX = ".kbcache"
_DIGEST = hashlib.sha256
_SIG_BYTES = _DIGEST().digest_size
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_key(kb_dir: Path, files_hash: bytes | None) -> str | None:
    """A digest of everything the cached result depends on; None when a file is unreadable."""
    from roleadvisor import __version__

    if files_hash is None:
        return None
    digest = _DIGEST()
    digest.update(f"{__version__}|{sys.version}|{kb_dir}".encode())
    # the pickled classes live in the package's source: any edit to it invalidates the entry
    for source in sorted(_PACKAGE.rglob("*.py")):
        info = source.stat()
        digest.update(f"|{source.name}:{info.st_size}:{info.st_mtime_ns}".encode())
    digest.update(files_hash)
    return digest.hexdigest()


def _entry(key: str) -> Path:
    return cache_dir() / f"kb-{key[:40]}{SUFFIX}"


def _signature(secret: bytes, key: str, payload: bytes) -> bytes:
    mac = hmac.new(secret, key.encode(), _DIGEST)
    mac.update(payload)
    return mac.digest()


def read(key: str | None, kb_dir: Path) -> KnowledgeBase | None:
    """The cached knowledge base for `key`, or None on any doubt."""
    if key is None or os.environ.get(DISABLE_ENV):
        return None
    try:
        data = read_own_file(_entry(key))
        secret = signing_secret(create=False) if data is not None else None
        if data is None or secret is None or len(data) <= _SIG_BYTES:
            return None
        signature, payload = data[:_SIG_BYTES], data[_SIG_BYTES:]
        if not hmac.compare_digest(signature, _signature(secret, key, payload)):
            return None  # not written by us: never unpickled
        return unpack(payload, kb_dir)
    except Exception:  # a cache must never be the reason a command fails
        return None


def write(key: str | None, payload: bytes) -> None:
    """Store a packed knowledge base atomically, signed; a cache that cannot be written is
    silently skipped."""
    write_with(key, lambda out: out.write(payload))


def write_with(key: str | None, fill: Callable[[SupportsWrite[bytes]], object]) -> None:
    """Store the payload `fill` writes, signed as it is written (so it is never held whole)."""
    if key is None or os.environ.get(DISABLE_ENV):
        return
    target = _entry(key)
    try:
        secret = signing_secret(create=True)
        if secret is None:
            return
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        import tempfile  # only a run that validated writes: the others never import it

        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kb-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(bytes(_SIG_BYTES))  # the signature's place, filled in below
                signing = _Signing(handle, hmac.new(secret, key.encode(), _DIGEST))
                fill(signing)
                handle.seek(0)
                handle.write(signing.mac.digest())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(target.parent)
    except Exception:
        return


class _Signing:
    """A binary file's `write` that also feeds the entry's signature."""

    def __init__(self, handle: SupportsWrite[bytes], mac: hmac.HMAC) -> None:
        self._handle = handle
        self.mac = mac

    def write(self, data: bytes) -> object:
        self.mac.update(data)
        return self._handle.write(data)


def _prune(directory: Path) -> None:
    entries = sorted(
        (p for p in directory.glob(f"kb-*{SUFFIX}") if not p.is_symlink()),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)


# --- loading ---------------------------------------------------------------------------------


@cache
def _load_cached(kb_dir: Path) -> KnowledgeBase:
    key, kb = _known(kb_dir)
    if kb is not None:
        return kb
    kb, problems = _validate_and_keep(kb_dir, key)
    if kb is None:
        raise KnowledgeBaseError([str(p) for p in problems])
    return kb


def _known(kb_dir: Path) -> tuple[str | None, KnowledgeBase | None]:
    """The cache key of these files and, when they validated before under this code, their
    knowledge base: from the cache, else from the shipped snapshot (then cached too)."""
    files_hash = files_digest(kb_dir, kb_file_names(kb_dir))
    key = cache_key(kb_dir, files_hash)
    kb = read(key, kb_dir)  # same bytes as a run that validated them: skip parsing
    if kb is not None:
        return key, kb
    shipped = _shipped(files_hash, kb_dir)  # the shipped files, validated by the build
    if shipped is None:
        return key, None
    payload, kb = shipped
    write(key, payload)
    return key, kb


def _validate_and_keep(
    kb_dir: Path, key: str | None
) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Validate in full; a knowledge base that passes is cached as the records commands read."""
    from roleadvisor.kb.records import served
    from roleadvisor.kb.validation import validate_dir  # pydantic: only when validating

    validated, problems = validate_dir(kb_dir)
    if validated is None:
        return None, problems
    with paused_gc():
        kb = served(validated)  # what a cached run reads, so both runs answer alike
        del validated  # the models: their memory serves the packing
        write_with(key, lambda out: pack_into(kb, out))
    return kb, problems


def check_kb(kb_dir: Path, *, full: bool = False) -> tuple[KnowledgeBase | None, list[Problem]]:
    """`kb validate`: the knowledge base and no problems, or None and every problem.

    Validation is a function of the files' bytes and this code, both in the cache key, so
    files that passed before are answered from the cache or the shipped snapshot, as a
    compiler's incremental cache answers for unchanged sources, and files that pass now are
    cached. `full` validates without the cache, reading nothing from it and writing nothing
    (packing an entry would add a third to the peak memory of a large knowledge base's check).
    Files with problems are never cached: each check of them validates in full.
    """
    kb_dir = kb_dir.resolve()
    if full:
        from roleadvisor.kb.validation import validate_dir  # pydantic: only when validating

        return validate_dir(kb_dir)
    key, kb = _known(kb_dir)
    if kb is not None:
        return kb, []
    return _validate_and_keep(kb_dir, key)


def _shipped(files_hash: bytes | None, kb_dir: Path) -> tuple[bytes, KnowledgeBase] | None:
    """The snapshot of these files and its knowledge base, or None (no snapshot, another
    one, or a damaged installation: validating in full still answers)."""
    if files_hash is None or os.environ.get(DISABLE_ENV):
        return None
    from roleadvisor.kb.snapshot import read_snapshot

    payload = read_snapshot(files_hash)
    try:
        kb = unpack(payload, kb_dir) if payload is not None else None
    except Exception:
        return None
    return (payload, kb) if payload is not None and kb is not None else None


def load_kb(option: str | Path | None = None) -> KnowledgeBase:
    """Load and validate once per process; raise KnowledgeBaseError listing every problem."""
    return _load_cached(resolve_kb_dir(option).resolve())
