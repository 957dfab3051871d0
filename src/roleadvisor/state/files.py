"""Safe reading and writing of the user's files: JSON state, exports, and their locks.

Everything is written atomically (a temporary file in the same directory, then a rename), so a
crash never leaves half a file. A file that cannot be parsed is never replaced silently: it is
copied aside as a backup and the user is told what to do.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from roleadvisor.errors import StateError, UsageError

TEMP_SUFFIX = ".tmp"


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` atomically, creating parent directories; errors are one line.

    The temporary file beside it is named after this process, so one left by a killed run
    is recognised and removed by the next write to the same file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_temps(path)
        fd, tmp = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX
        )
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
    except BaseException as exc:  # Ctrl-C included: never leave the temporary file behind
        Path(tmp).unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        raise StateError(
            f"Cannot write {path}: {exc.strerror or exc}. Choose a writable location."
        ) from None


def _remove_stale_temps(path: Path) -> None:
    """Remove temporary files of `path` whose writing process is gone (killed mid-write)."""
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*{TEMP_SUFFIX}"):
        pid = temp.name[len(path.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            temp.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # someone else's process, or unknown: leave its file alone
    return True


def check_writable(path: Path) -> None:
    """Fail now, before any work or question, if `path` could not be written later: the
    nearest existing folder above it must be a writable directory."""
    folder = path.expanduser().absolute().parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise StateError(f"Cannot write {path}: {folder} is not a directory.")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StateError(f"Cannot write {path}: {folder} is not writable. Choose another place.")


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


MAX_STATE_BYTES = 32 * 1024 * 1024  # far above any real plan or review history
MAX_DEPTH = 32  # the deepest state file nests about six levels


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of a regular file. A device, pipe or directory is refused before
    it is read (st_size is 0 for /dev/zero, which would otherwise be read forever).

    Raises OSError (FileNotFoundError when absent), NotRegularFileError, TooLargeError."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise NotRegularFileError(f"{path} is not a regular file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLargeError(f"over {limit} bytes")
    return data


class NotRegularFileError(Exception):
    """A device, pipe, socket or directory where a file was expected."""


class TooLargeError(Exception):
    """More bytes than the file could hold if it were what it claims to be."""


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def nested_too_deeply(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether JSON text nests deeper than `limit` (or its brackets do not pair up).

    Checked before parsing: the parser recurses once per level, so "[" x 200,000 would end in
    a RecursionError. Each pass removes the innermost pairs, in linear time."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _ in range(limit):
        if not brackets:
            return False
        brackets, removed = _INNERMOST.subn("", brackets)
        if not removed:
            return True
    return bool(brackets)


def read_raw(path: Path, what: str) -> bytes | None:
    """The bytes of a state file; None when absent. One that cannot be read is reported."""
    try:
        return read_bounded(path, MAX_STATE_BYTES)
    except FileNotFoundError:
        return None
    except NotRegularFileError:
        raise StateError(
            f"The {what} file {path} is not a regular file; move it away to continue."
        ) from None
    except OSError as exc:
        raise StateError(f"Cannot read the {what} file {path}: {exc.strerror or exc}.") from None
    except TooLargeError as exc:  # not copied: the file stays as it is, and a copy of
        # hundreds of megabytes on every run would fill the disk
        raise StateError(
            f"The {what} file {path} is {exc}, more than any saved state holds; move it away "
            "to start afresh."
        ) from None


def parse_state(path: Path, what: str, raw: bytes) -> Any:
    """The JSON data of a state file's bytes. A corrupted file is backed up and reported."""
    try:
        text = raw.decode("utf-8")
        if nested_too_deeply(text):
            raise _damaged(path, what, "it is nested too deeply to be saved state")
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:  # bad JSON or UTF-8, a 100,000-digit number
        raise _damaged(path, what, f"{type(exc).__name__}") from None
    if data is None:  # written as `null`: never by roleadvisor, so not "nothing saved yet"
        raise _damaged(path, what, "it holds null")
    return data


def _damaged(path: Path, what: str, why: str) -> StateError:
    """The error for a state file that cannot be used, after keeping a copy of it."""
    copy = backup(path)
    kept = f" A copy is kept at {copy}." if copy else ""
    return StateError(
        f"The {what} file {path} is corrupted ({why}).{kept} "
        "Fix it or move it away to start afresh."
    )


def backup(path: Path) -> Path | None:
    """Copy a damaged state file aside (timestamped) so the user can inspect or restore it.

    A file already kept (a copy of the same size and modification time beside it) is not
    copied again: a large damaged file would otherwise be copied on every run."""
    try:
        info = path.stat()
        for earlier in path.parent.glob(f"{glob.escape(path.name)}.corrupt-*"):
            kept = earlier.stat()
            if (kept.st_size, kept.st_mtime_ns) == (info.st_size, info.st_mtime_ns):
                return earlier
        if not stat.S_ISREG(info.st_mode):
            return None
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        copy = path.with_name(f"{path.name}.corrupt-{stamp}")
        shutil.copy2(path, copy)
        return copy
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
