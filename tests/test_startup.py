"""Start-up stays fast by test: what each command imports, and the validated KB cache.

Each case runs the command in a fresh interpreter and inspects `sys.modules` afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ANSWERS = REPO / "examples" / "handbook" / "career-transition.yaml"
PROMPT_LIBS = ("questionary", "prompt_toolkit")

_PROBE = """
import json, sys
from roleadvisor.cli import app
code = 0
try:
    app(sys.argv[1:])
except SystemExit as exc:
    code = exc.code or 0
with open(sys.argv[0] + ".json", "w") as out:
    json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""


def _env(home: Path, kb: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_")}
    env.update(ROLEADVISOR_HOME=str(home), COLUMNS="100", NO_COLOR="1", TERM="dumb")
    if kb is not None:
        env["ROLEADVISOR_KB"] = str(kb)
    return env


def probe(tmp: Path, *args: str, kb: Path | None = None) -> tuple[int, set[str]]:
    script = tmp / "probe.py"
    script.write_text(_PROBE, encoding="utf-8")
    subprocess.run(
        [sys.executable, str(script), *args],
        cwd=tmp,
        env=_env(tmp / "home", kb),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
        check=False,
    )
    found = json.loads((tmp / "probe.py.json").read_text(encoding="utf-8"))
    return int(found["code"]), set(found["modules"])


def test_help_imports_neither_the_knowledge_base_nor_pydantic(tmp_path: Path) -> None:
    code, modules = probe(tmp_path, "--help")
    assert code == 0
    assert "roleadvisor.cli.explore" in modules  # the commands were registered
    heavy = {"pydantic", "yaml", "roleadvisor.kb.base", "roleadvisor.kb.models", *PROMPT_LIBS}
    assert not heavy & modules, sorted(heavy & modules)


@pytest.mark.parametrize(
    ("args", "core"),
    [
        (("roles",), "roleadvisor.explore"),
        (("show", "mle"), "roleadvisor.explore"),
        (("loop", "aie"), "roleadvisor.explore"),
        (("compare", "mle", "aie"), "roleadvisor.explore"),
        (("market",), "roleadvisor.explore"),
        (("kb", "validate"), "roleadvisor.kb.base"),
        (("assess", "--answers", str(ANSWERS), "--json"), "roleadvisor.recommend"),
        (("history",), "roleadvisor.state.history"),
        (("plan", "aie", "--weeks", "4"), "roleadvisor.planner"),
        (("today",), "roleadvisor.reviews"),
        (("progress",), "roleadvisor.reviews"),
    ],
    ids=lambda v: "-".join(v[:2]) if isinstance(v, tuple) else None,
)
def test_commands_that_do_not_prompt_never_import_questionary(
    tmp_path: Path, args: tuple[str, ...], core: str
) -> None:
    if args[0] in ("today", "progress"):  # they need a plan to report on
        assert probe(tmp_path, "plan", "aie", "--weeks", "4")[0] == 0
    code, modules = probe(tmp_path, *args)
    assert code == 0
    assert core in modules  # the command really ran its core
    assert not {m for m in modules if m.split(".")[0] in PROMPT_LIBS}


def test_decode_does_not_import_questionary(tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "Machine Learning Engineer\nTrain and deploy PyTorch models; build data pipelines.\n",
        encoding="utf-8",
    )
    code, modules = probe(tmp_path, "decode", str(posting))
    assert code == 0
    assert "roleadvisor.decode" in modules
    assert not {m for m in modules if m.split(".")[0] in PROMPT_LIBS}


# --- the validated cache -----------------------------------------------------------------------


def _run(tmp: Path, kb: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "roleadvisor", *args],
        cwd=tmp,
        env=_env(tmp / "home", kb),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _entries(tmp: Path) -> list[Path]:
    return sorted((tmp / "home" / "cache").glob("kb-*.kbcache"))


def test_cache_is_written_then_used_and_follows_edits(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(REPO / "data", kb)
    first = _run(tmp_path, kb, "show", "mle")
    assert first.returncode == 0 and "Machine Learning Engineer" in first.stdout
    assert len(_entries(tmp_path)) == 1

    again = _run(tmp_path, kb, "show", "mle")
    assert again.stdout == first.stdout and len(_entries(tmp_path)) == 1

    roles = kb / "roles.yaml"
    roles.write_text(
        roles.read_text(encoding="utf-8").replace(
            "name: Machine Learning Engineer", "name: Model Builder Engineer", 1
        ),
        encoding="utf-8",
    )
    edited = _run(tmp_path, kb, "show", "mle")
    assert edited.returncode == 0 and "Model Builder Engineer" in edited.stdout
    assert len(_entries(tmp_path)) == 2  # a new entry for the new bytes


def test_damaged_cache_entry_falls_back_to_full_validation(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(REPO / "data", kb)
    assert _run(tmp_path, kb, "roles").returncode == 0
    (entry,) = _entries(tmp_path)
    entry.write_bytes(b"\x80\x05 not a cache entry at all")
    result = _run(tmp_path, kb, "show", "aie")
    assert result.returncode == 0, result.stderr
    assert "AI Engineer" in result.stdout and result.stderr == ""


def test_broken_knowledge_base_is_never_served_from_cache(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(REPO / "data", kb)
    assert _run(tmp_path, kb, "roles").returncode == 0
    (kb / "skills.yaml").write_text("skills: [\n", encoding="utf-8")
    result = _run(tmp_path, kb, "roles")
    assert result.returncode == 3 and "skills.yaml" in result.stderr


class _Planted:
    """A pickle that, if ever unpickled, leaves a file behind: proof that code ran."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, (f"touch {self.proof}",))


def _planted_pickle(proof: Path) -> bytes:
    import pickle

    return pickle.dumps(_Planted(proof))


@pytest.mark.parametrize("how", ["replace-entry", "signed-length-garbage", "symlink", "old-name"])
def test_a_planted_cache_file_never_runs_code(tmp_path: Path, how: str) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(REPO / "data", kb)
    assert _run(tmp_path, kb, "roles").returncode == 0
    (entry,) = _entries(tmp_path)
    proof = tmp_path / "code-ran"
    planted = _planted_pickle(proof)
    if how == "replace-entry":  # the same name, a pickle not signed by us
        entry.write_bytes(planted)
    elif how == "signed-length-garbage":  # 32 bytes of a wrong signature, then the pickle
        entry.write_bytes(b"\0" * 32 + planted)
    elif how == "symlink":  # the entry's name pointing at a planted pickle elsewhere
        elsewhere = tmp_path / "elsewhere.bin"
        elsewhere.write_bytes(entry.read_bytes()[:32] + planted)
        entry.unlink()
        entry.symlink_to(elsewhere)
    else:  # the cache's earlier format, a plain pickle
        entry.with_name(entry.name.replace(".kbcache", ".pickle")).write_bytes(planted)
        entry.unlink()
    result = _run(tmp_path, kb, "show", "aie")
    assert result.returncode == 0, result.stderr
    assert "AI Engineer" in result.stdout and result.stderr == ""
    assert not proof.exists()


def test_a_signing_key_others_can_read_is_not_trusted(tmp_path: Path) -> None:
    import hashlib
    import hmac

    from roleadvisor.kb.cache import cache_key
    from roleadvisor.kb.files import files_digest, kb_file_names

    kb = tmp_path / "kb"
    shutil.copytree(REPO / "data", kb)
    assert _run(tmp_path, kb, "roles").returncode == 0
    secret = tmp_path / "home" / "signing.key"
    assert secret.stat().st_mode & 0o777 == 0o600
    (entry,) = _entries(tmp_path)
    proof = tmp_path / "code-ran"

    def forge() -> None:  # what anyone who can read the secret could write
        key = cache_key(kb.resolve(), files_digest(kb.resolve(), kb_file_names(kb.resolve())))
        assert key is not None
        payload = _planted_pickle(proof)
        mac = hmac.new(secret.read_bytes(), key.encode(), hashlib.sha256)
        mac.update(payload)
        entry.write_bytes(mac.digest() + payload)

    forge()
    secret.chmod(0o644)  # others could read it, so others could sign: nothing is trusted
    result = _run(tmp_path, kb, "show", "aie")
    assert result.returncode == 0 and "AI Engineer" in result.stdout
    assert not proof.exists()

    secret.chmod(0o600)  # the control: the same forgery with a private secret is accepted
    forge()
    assert _run(tmp_path, kb, "show", "aie").returncode == 0
    assert proof.exists()


def test_no_cache_variable_never_writes_an_entry(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    shutil.copytree(REPO / "data", kb)
    env = {**_env(tmp_path / "home", kb), "ROLEADVISOR_NO_CACHE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "roleadvisor", "roles"],
        cwd=tmp_path, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "AI Engineer" in result.stdout
    assert _entries(tmp_path) == []


# --- what a warm command leaves to its dependencies ----------------------------------------------

# Each costs milliseconds a command that only reads the knowledge base has no use for: Typer's
# pydantic TypeAdapters for options that need no coercion, and the pydantic plugin loader they
# (or a model validation) import, which pulls in importlib.metadata and the email package.
NOT_WHEN_WARM = {"typer._adapters", "pydantic.plugin._loader", "importlib.metadata", "email"}
# A warm command reads the knowledge base as plain records (kb.records): pydantic's model
# machinery and the knowledge base's model classes are for validating, which it skips.
MODEL_MACHINERY = {
    "pydantic.main",
    "pydantic.fields",
    "pydantic._internal._model_construction",
    "roleadvisor.kb.models",
    "roleadvisor.kb.questionnaire_models",
    "roleadvisor.kb.signals_models",
    "roleadvisor.kb.loader",
    "roleadvisor.kb.validation",
}


@pytest.mark.parametrize(
    "args",
    [
        ("roles",),
        ("show", "mle"),
        ("loop", "aie", "mle"),
        ("compare", "mle", "aie"),
        ("market",),
        ("kb", "validate"),
    ],
    ids=lambda v: " ".join(v[:2]),
)
def test_warm_explorer_commands_build_no_adapter_and_load_no_plugins(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    assert probe(tmp_path, *args)[0] == 0  # the first run fills the validated cache
    code, modules = probe(tmp_path, *args)
    assert code == 0
    assert "roleadvisor.kb.cache" in modules
    assert not NOT_WHEN_WARM & modules, sorted(NOT_WHEN_WARM & modules)
    assert not MODEL_MACHINERY & modules, sorted(MODEL_MACHINERY & modules)


def test_warm_decode_imports_no_model_machinery(tmp_path: Path) -> None:
    posting = tmp_path / "posting.txt"
    posting.write_text(
        "Machine Learning Engineer\n\nTrain and deploy PyTorch models, build training "
        "pipelines, serve models and monitor drift on Kubernetes. Python and ML system design.\n",
        encoding="utf-8",
    )
    assert probe(tmp_path, "decode", str(posting))[0] == 0  # fills the validated cache
    code, modules = probe(tmp_path, "decode", str(posting))
    assert code == 0
    assert "roleadvisor.decode" in modules
    assert not MODEL_MACHINERY & modules, sorted(MODEL_MACHINERY & modules)


def test_a_cold_run_validates_with_the_models(tmp_path: Path) -> None:
    # the guard above must not pass because nothing validates: the first run on a knowledge
    # base no build has validated (an edited one) does, in full
    kb = tmp_path / "kb"
    shutil.copytree(REPO / "data", kb)
    with (kb / "roles.yaml").open("a", encoding="utf-8") as roles:
        roles.write("\n# edited\n")
    code, modules = probe(tmp_path, "roles", kb=kb)
    assert code == 0
    assert {"pydantic.main", "roleadvisor.kb.models", "roleadvisor.kb.validation"} <= modules


def test_a_full_check_validates_with_the_models_even_when_warm(tmp_path: Path) -> None:
    assert probe(tmp_path, "kb", "validate")[0] == 0  # fills the validated cache
    code, modules = probe(tmp_path, "kb", "validate", "--full")
    assert code == 0
    assert {"pydantic.main", "roleadvisor.kb.models", "roleadvisor.kb.validation"} <= modules


def test_an_option_value_is_still_checked_by_typer(tmp_path: Path) -> None:
    # a plainly written number is read without an adapter; anything else is still converted,
    # and refused, by Typer's own coercion, with its exit code
    code, modules = probe(tmp_path, "plan", "aie", "--weeks", "4", "--hours-per-week", "7.5")
    assert code == 0 and "typer._adapters" not in modules
    code, modules = probe(tmp_path, "plan", "aie", "--weeks", "four")
    assert code == 2
    assert "typer._adapters" in modules
    assert probe(tmp_path, "plan", "aie", "--hours-per-week", "many")[0] == 2
    assert probe(tmp_path, "decode", "--top", "0", "posting.txt")[0] == 2  # below its minimum


# --- warm commands that read the saved state -----------------------------------------------------

# Validating a state file in full builds its pydantic schema: only for a file not proven ours.
STATE_VALIDATION = {"roleadvisor.state.checked", "pydantic.type_adapter"}


def _saved_state(tmp: Path) -> None:
    """A home with an assessment, a plan and a review, each written by the program."""
    for args in (
        ("assess", "--answers", str(ANSWERS)),
        ("plan", "aie", "--weeks", "4"),
        ("review", "ML depth", "--rating", "good"),
    ):
        assert probe(tmp, *args)[0] == 0, args


@pytest.mark.parametrize(
    "args",
    [
        ("assess", "--answers", str(ANSWERS), "--json"),
        ("plan", "aie", "--weeks", "4", "--export", "plan.md"),
        ("today",),
        ("progress",),
        ("review", "ML depth", "--rating", "hard"),
        ("history",),
        ("fit", "mle"),
    ],
    ids=lambda v: v[0],
)
def test_warm_commands_read_their_own_state_without_model_machinery(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    _saved_state(tmp_path)
    code, modules = probe(tmp_path, *args)
    assert code == 0
    assert "roleadvisor.state.saved" in modules  # the saved state was read
    unwanted = MODEL_MACHINERY | NOT_WHEN_WARM | STATE_VALIDATION
    assert not unwanted & modules, sorted(unwanted & modules)


def test_an_unsigned_state_file_is_validated_and_used(tmp_path: Path) -> None:
    _saved_state(tmp_path)
    (tmp_path / "home" / ".plan.json.sig").unlink()
    code, modules = probe(tmp_path, "today")
    assert code == 0
    assert "roleadvisor.state.checked" in modules  # the plan was validated in full
    code, modules = probe(tmp_path, "progress")
    assert code == 0 and "roleadvisor.state.checked" in modules


def test_cache_follows_edits_of_a_split_role_file(tmp_path: Path) -> None:
    import yaml

    kb = tmp_path / "kb"
    shutil.copytree(REPO / "data", kb)
    data = yaml.safe_load((kb / "roles.yaml").read_text(encoding="utf-8"))
    (kb / "roles").mkdir()
    (kb / "roles" / "more.yaml").write_text(
        yaml.safe_dump({"roles": data["roles"][1:]}, sort_keys=False), encoding="utf-8"
    )
    data["roles"] = data["roles"][:1]
    (kb / "roles.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    first = _run(tmp_path, kb, "show", "aie")
    assert first.returncode == 0 and "AI Engineer" in first.stdout, first.stderr
    part = kb / "roles" / "more.yaml"
    text = part.read_text(encoding="utf-8")
    part.write_text(text.replace("name: AI Engineer", "name: Applied AI Builder", 1), "utf-8")
    edited = _run(tmp_path, kb, "show", "aie")
    assert edited.returncode == 0 and "Applied AI Builder" in edited.stdout
    assert len(_entries(tmp_path)) == 2


def test_emptying_the_cache_directory_keeps_the_state_files_proven(tmp_path: Path) -> None:
    # the signing key lives with the state it vouches for, not in the disposable cache
    _saved_state(tmp_path)
    shutil.rmtree(tmp_path / "home" / "cache")
    for args in (("today",), ("progress",), ("history",)):
        code, modules = probe(tmp_path, *args)
        assert code == 0 and "roleadvisor.state.saved" in modules
        assert "roleadvisor.state.checked" not in modules, args
