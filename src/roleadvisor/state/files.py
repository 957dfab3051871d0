"""Safe reading and writing of the user's files: JSON state, exports, and their locks.

Everything is written atomically (a temporary file in the same directory, then a rename), so a
crash never leaves half a file. A file that cannot be parsed is never replaced silently: it is
copied aside as a backup and the user is told what to do.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from pydantic import BaseModel

from roleadvisor.errors import StateError, UsageError

M = TypeVar("M", bound="BaseModel")


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, creating parent directories; errors are one line."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise StateError(
            f"Cannot write {path}: {exc.strerror or exc}. Choose a writable location."
        ) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise StateError(
            f"Cannot write {path}: {exc.strerror or exc}. Choose a writable location."
        ) from None


def write_export(path: Path, text: str, force: bool) -> None:
    """Write a user-requested export: never overwrite without --force, never a directory.
    An export is the person's own document: it gets the permissions their umask gives a new
    file (the temporary file it is written through is private)."""
    if path.is_dir():
        raise UsageError(f"{path} is a directory; give a file name such as {path / 'plan.md'}.")
    if path.exists() and not force:
        raise UsageError(
            f"{path} already exists; pass --force to overwrite it or choose another name."
        )
    atomic_write_text(path, text)
    mask = os.umask(0)
    os.umask(mask)
    with suppress(OSError):  # if not, it is written with the stricter mode: nothing is lost
        path.chmod(0o666 & ~mask)


def read_state(path: Path, what: str) -> Any | None:
    """Read a JSON state file; None when absent. A corrupted file is backed up and reported."""
    if not path.exists():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError, OSError) as exc:
        copy = backup(path)
        kept = f" A copy is kept at {copy}." if copy else ""
        raise StateError(
            f"The {what} file {path} is corrupted ({type(exc).__name__}).{kept} "
            f"Fix it or move it away to start afresh."
        ) from None


def read_validated(path: Path, what: str, model: type[M]) -> M | None:
    """Read a JSON state file into `model`; a file of the wrong shape is backed up, reported."""
    from pydantic import ValidationError

    data = read_state(path, what)
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        copy = backup(path)
        kept = f" A copy is kept at {copy}." if copy else ""
        first = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise StateError(
            f"The {what} file {path} is not in the expected format ({where}: {first['msg']})."
            f"{kept} Fix it or move it away to start afresh."
        ) from None


def write_state(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")


def backup(path: Path) -> Path | None:
    """Copy a damaged state file aside (timestamped) so the user can inspect or restore it."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    backup = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        if not backup.exists():
            shutil.copy2(path, backup)
        return backup
    except OSError:
        return None


LOCK_TIMEOUT = 10.0  # seconds: far longer than any command holds a lock


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold `path`'s lock (a `.lock` file beside it) for a read-modify-write of it.

    Two runs updating the same file would otherwise each write back what they read and lose
    the other's change. A lock not had within LOCK_TIMEOUT is a one-line error.
    """
    from filelock import FileLock, Timeout  # only commands that write state pay for it

    lock_path = path.with_name(f"{path.name}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(lock_path, timeout=LOCK_TIMEOUT)
        lock.acquire()
    except Timeout:
        raise StateError(
            f"Another roleadvisor is updating {path}; wait for it to finish and try again "
            f"(if none is running, delete {lock_path})."
        ) from None
    except OSError as exc:
        raise StateError(
            f"Cannot lock {path}: {exc.strerror or exc}. Choose a writable location."
        ) from None
    try:
        yield
    finally:
        lock.release()
