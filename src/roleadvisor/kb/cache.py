"""Loading the knowledge base: validated in full, or kept between runs keyed by its bytes.

`load_kb` is the one entry point.

Reading the YAML and validating it costs far more than a command's own work, and the files
rarely change. After a full validation the resulting KnowledgeBase is pickled into the user's
cache directory under a key made of every knowledge-base file's bytes, the directory, the
Python version and the roleadvisor source files; the next run with identical inputs loads that
instead. Anything unexpected — a missing, foreign, truncated or stale entry — is a miss and the
caller validates in full, so the cache can only save time, never change an answer.
`roleadvisor kb validate` never reads it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from roleadvisor.errors import KnowledgeBaseError
from roleadvisor.kb.base import KnowledgeBase, validate_dir
from roleadvisor.kb.loader import KB_FILES, paused_gc, resolve_kb_dir
from roleadvisor.state.paths import cache_dir

DISABLE_ENV = "ROLEADVISOR_NO_CACHE"  # set to any value to always validate in full
KEEP = 8  # entries kept (one per knowledge base and version in use)
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_key(kb_dir: Path, files: Iterable[str]) -> str | None:
    """A digest of everything the validated result depends on; None when a file is unreadable."""
    from roleadvisor import __version__

    digest = hashlib.sha256()
    digest.update(f"{__version__}|{sys.version}|{kb_dir}".encode())
    # the pickled classes live in the package's source: any edit to it invalidates the entry
    for source in sorted(_PACKAGE.rglob("*.py")):
        stat = source.stat()
        digest.update(f"|{source.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    for name in sorted(files):
        try:
            data = (kb_dir / name).read_bytes()
        except OSError:
            return None  # full validation will report it
        digest.update(f"|{name}:{len(data)}|".encode())
        digest.update(data)
    return digest.hexdigest()


def _entry(key: str) -> Path:
    return cache_dir() / f"kb-{key[:40]}.pickle"


def read(key: str | None) -> KnowledgeBase | None:
    """The cached knowledge base for `key`, or None on any doubt."""
    if key is None or os.environ.get(DISABLE_ENV):
        return None
    try:
        with open(_entry(key), "rb") as handle:
            stat = os.fstat(handle.fileno())
            # unpickling runs code: only trust a file this user wrote and nobody else can alter
            if hasattr(os, "getuid") and (stat.st_uid != os.getuid() or stat.st_mode & 0o022):
                return None
            with paused_gc():  # as when validating: the objects live for the whole run
                kb, extras = pickle.load(handle)
    except Exception:  # a cache must never be the reason a command fails
        return None
    if not isinstance(kb, KnowledgeBase) or not isinstance(extras, dict):
        return None
    object.__setattr__(kb, "extras", _Extras(extras))
    return kb


class _Extras(dict[str, Any]):
    """The extra files' models of a cached knowledge base, each kept pickled until it is
    looked up: `roleadvisor show` never needs the questionnaire's classes, so never imports
    them."""

    def __getitem__(self, name: str) -> Any:
        value = super().__getitem__(name)
        if isinstance(value, bytes):
            value = pickle.loads(value)
            super().__setitem__(name, value)
        return value

    def get(self, name: str, default: Any = None) -> Any:
        return self[name] if name in self else default  # noqa: SIM401 (dict.get skips __getitem__)

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[name] for name in self]

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(name, self[name]) for name in self]


def write(key: str | None, kb: KnowledgeBase) -> None:
    """Store atomically; a cache that cannot be written is silently skipped."""
    if key is None or os.environ.get(DISABLE_ENV):
        return
    target = _entry(key)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".kb-", suffix=".tmp")
        try:
            extras = {
                name: pickle.dumps(model, pickle.HIGHEST_PROTOCOL)
                for name, model in kb.extras.items()
            }
            core = dataclasses.replace(kb, extras={})
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((core, extras), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(target.parent)
    except Exception:
        return


def _prune(directory: Path) -> None:
    entries = sorted(directory.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in entries[KEEP:]:
        old.unlink(missing_ok=True)


# --- loading ---------------------------------------------------------------------------------


@cache
def _load_cached(kb_dir: Path) -> KnowledgeBase:
    key = cache_key(kb_dir, KB_FILES)
    kb = read(key)  # same bytes as a run that validated them: skip parsing
    if kb is not None:
        return kb
    kb, problems = validate_dir(kb_dir)
    if kb is None:
        raise KnowledgeBaseError([str(p) for p in problems])
    write(key, kb)
    return kb


def load_kb(option: str | Path | None = None) -> KnowledgeBase:
    """Load and validate once per process; raise KnowledgeBaseError listing every problem."""
    return _load_cached(resolve_kb_dir(option).resolve())
