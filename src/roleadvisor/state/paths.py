"""Where each file of the user's state lives."""

from __future__ import annotations

import os
from pathlib import Path

from roleadvisor.errors import StateError

HOME_ENV = "ROLEADVISOR_HOME"


def data_home() -> Path:
    """Where roleadvisor keeps the user's state; ROLEADVISOR_HOME overrides the platform dir.

    A home that exists but is not a directory is an error here, so that no command reads it
    as "nothing saved yet"."""
    override = os.environ.get(HOME_ENV)
    if override:
        home = Path(override).expanduser()
    else:
        from platformdirs import user_data_path  # only commands that touch state pay for it

        home = user_data_path("roleadvisor", appauthor=False)
    if home.exists() and not home.is_dir():
        raise StateError(
            f"The roleadvisor home {home} is not a directory; move that file away or set "
            f"{HOME_ENV} to a directory."
        )
    return home


def cache_dir() -> Path:
    """Where the validated knowledge base is kept between runs."""
    override = os.environ.get(HOME_ENV)
    if override:
        return Path(override).expanduser() / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("roleadvisor", appauthor=False)


def assessments_dir() -> Path:
    """Where completed assessments are saved, one JSON file each."""
    return data_home() / "assessments"


def plan_path() -> Path:
    """The current study plan."""
    return data_home() / "plan.json"


def reviews_path() -> Path:
    """The review state of the current plan's topics."""
    return data_home() / "reviews.json"


# Skills that `decode --add-to-plan` found lacking; `plan` adds them to the person's gaps.
DECODE_GAPS_FILE = "decode_gaps.json"


def decode_gaps_path() -> Path:
    return data_home() / DECODE_GAPS_FILE
