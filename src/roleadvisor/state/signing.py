"""Proof that a file is one roleadvisor wrote: an HMAC keyed by a secret only this user reads.

The secret is random bytes in `signing.key` in the roleadvisor home, beside the state it
vouches for (so emptying the cache directory costs the state files nothing), made on first
need, in a file only its owner may read or write; a key file others could read, or one not
owned by this user, is no secret and nothing is trusted with it. The knowledge-base cache signs
its entries with the same secret.

A state file's signature sits beside it (`.plan.json.sig` for `plan.json`): the JSON itself
keeps the format every version reads. It covers the file's exact bytes and what they claim to
be (`kind`), so an edited, damaged, swapped or foreign file never matches and is validated in
full; a missing or stale signature only costs that validation.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from roleadvisor.errors import StateError
from roleadvisor.state.paths import data_home

SECRET_FILE = "signing.key"
SECRET_BYTES = 32
_DIGEST = hashlib.sha256
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DOMAIN = b"roleadvisor state file\0"  # a state file's signature is never a cache entry's


def read_own_file(path: Path, private: bool = False, limit: int = -1) -> bytes | None:
    """The bytes of a regular file this user owns that nobody else may write (nor read, when
    `private`); never through a symbolic link. None on any doubt."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_mode & (0o077 if private else 0o022):
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(limit)
    except OSError:
        return None
    finally:
        os.close(fd)


def signing_secret(create: bool) -> bytes | None:
    """The user's signing secret; made when absent and `create`. None when there is none to
    trust (absent, readable by others, not this user's, too short)."""
    try:
        path = data_home() / SECRET_FILE
    except StateError:  # the home is not a directory: nothing can be signed or trusted
        return None
    found = read_own_file(path, private=True)
    if found is not None or not create:
        return found if found is not None and len(found) >= SECRET_BYTES else None
    key = secrets.token_bytes(SECRET_BYTES)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except FileExistsError:  # another run made it first: use theirs
        return signing_secret(create=False)
    except OSError:
        return None  # the directory is not ours or not writable: nothing is signed
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key


def signature_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.sig")


def _mac(secret: bytes, kind: str, data: bytes) -> str:
    mac = hmac.new(secret, _DOMAIN + kind.encode() + b"\0", _DIGEST)
    mac.update(data)
    return mac.hexdigest()


def signature(kind: str, data: bytes) -> str | None:
    """The signature of `data` as a `kind` (making the secret on first need); None when no
    secret can be had, and the file is then validated in full when read."""
    secret = signing_secret(create=True)
    return _mac(secret, kind, data) if secret is not None else None


def signed(path: Path, kind: str, data: bytes) -> bool:
    """Whether `data`, read from `path`, is exactly what roleadvisor wrote there as a `kind`."""
    secret = signing_secret(create=False)
    if secret is None:
        return False
    found = read_own_file(signature_path(path), limit=256)
    if found is None:
        return False
    return hmac.compare_digest(found.strip(), _mac(secret, kind, data).encode())
