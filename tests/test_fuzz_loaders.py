"""Property tests of the three loaders: random and mutated input loads or raises the project's
error, never anything else (no traceback can reach the user from a bad file)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from roleadvisor.answers import load_answers
from roleadvisor.errors import KnowledgeBaseError, UsageError
from roleadvisor.kb.files import read_yaml
from roleadvisor.kb.loader import KB_FILES
from roleadvisor.kb.validation import validate_dir

DATA = Path(__file__).resolve().parent.parent / "data"
SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

YAML_NOISE = st.sampled_from(
    [
        "",
        "\n",
        ":",
        "- ",
        "  ",
        "{",
        "[",
        "]",
        "}",
        "!!python/object:os.system",
        "&a",
        "*a",
        "? ",
        "<<: *a",
        "'",
        '"',
        "#",
        "%YAML 1.1\n---\n",
        "---\n",
        "\t",
        "\x00",
        "\ufeff",
        "id: x",
        "source: nowhere",
        "roles: []",
        "- id: mle",
    ]
)


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    """The original file with a few edits: cut, repeated, spliced noise, flipped bytes."""
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            data.extend(draw(st.binary(max_size=50)))
            continue
        at = draw(st.integers(0, len(data) - 1))
        size = draw(st.integers(1, 400))
        op = draw(st.sampled_from(["cut", "repeat", "noise", "flip", "text"]))
        if op == "cut":
            del data[at : at + size]
        elif op == "repeat":
            data[at:at] = data[at : at + size]
        elif op == "noise":
            data[at:at] = draw(YAML_NOISE).encode()
        elif op == "flip":
            data[at] ^= draw(st.integers(1, 255))
        else:
            data[at:at] = draw(st.text(max_size=30)).encode("utf-8", "surrogatepass")
    return bytes(data)


@pytest.fixture(scope="module")
def originals() -> dict[str, bytes]:
    return {name: (DATA / name).read_bytes() for name in KB_FILES}


def _kb_with(tmp: Path, name: str, content: bytes) -> Path:
    kb = tmp / "kb"
    if kb.exists():
        shutil.rmtree(kb)
    shutil.copytree(DATA, kb)
    (kb / name).write_bytes(content)
    return kb


def _validates_or_reports(kb: Path) -> None:
    found, problems = validate_dir(kb)
    assert (found is None) == bool(problems)
    for p in problems:  # every problem names its file and says something
        assert p.file and p.message and "\n" not in str(p)


@SETTINGS
@given(data=st.data())
def test_mutated_knowledge_base_file(
    tmp_path: Path, originals: dict[str, bytes], data: st.DataObject
) -> None:
    name = data.draw(st.sampled_from(sorted(originals)))
    content = data.draw(mutated(originals[name]))
    _validates_or_reports(_kb_with(tmp_path, name, content))


@SETTINGS
@given(
    name=st.sampled_from(sorted(KB_FILES)),
    content=st.binary(max_size=300) | st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
)
def test_random_knowledge_base_file(tmp_path: Path, name: str, content: bytes) -> None:
    _validates_or_reports(_kb_with(tmp_path, name, content))


@SETTINGS
@given(data=st.data())
def test_mutated_questionnaire_structure(
    tmp_path: Path, originals: dict[str, bytes], data: st.DataObject
) -> None:
    """Structure-aware edits of the decision tree: dangling, cyclic or converging `next`."""
    tree = yaml.safe_load(originals["questionnaire.yaml"])
    nodes = tree["tree"]["nodes"]
    ids = [n["id"] for n in nodes] + ["nowhere"]
    for _ in range(data.draw(st.integers(1, 5))):
        node = data.draw(st.sampled_from(nodes))
        choice = data.draw(st.sampled_from(node["choices"]))
        key = data.draw(st.sampled_from(["next", "roles", "id", "label", "drop"]))
        if key == "next":
            choice["next"] = data.draw(st.sampled_from(ids))
        elif key == "roles":
            choice["roles"] = data.draw(
                st.dictionaries(
                    st.sampled_from(["mle", "ml-engineer", "no-such-role"]),
                    st.floats(-10, 10),
                    max_size=2,
                )
            )
        elif key == "drop" and len(node["choices"]) > 1:
            node["choices"].remove(choice)
        else:
            choice[key] = data.draw(st.one_of(st.none(), st.integers(), st.text(max_size=5)))
    text = yaml.safe_dump(tree, sort_keys=False).encode()
    _validates_or_reports(_kb_with(tmp_path, "questionnaire.yaml", text))


def test_converging_tree_is_walked_without_blowing_up(tmp_path: Path) -> None:
    """A tree whose branches meet again (a chain of diamonds) has 2^n paths; asking must not
    explore them all."""
    tree = yaml.safe_load((DATA / "questionnaire.yaml").read_text(encoding="utf-8"))
    depth = 40
    nodes = [
        {
            "id": f"d{i}",
            "text": f"Step {i}?",
            "choices": [
                {"id": side, "label": side, **({"next": f"d{i + 1}"} if i + 1 < depth else {})}
                for side in ("a", "b")
            ],
        }
        for i in range(depth)
    ]
    old = {n["id"] for n in tree["tree"]["nodes"]}
    tree["tree"] = {"start": "d0", "nodes": nodes}
    kb = _kb_with(tmp_path, "questionnaire.yaml", yaml.safe_dump(tree).encode())
    answers = yaml.safe_load(
        (DATA.parent / "examples" / "handbook" / "career-transition.yaml").read_text("utf-8")
    )
    answers = {k: v for k, v in answers.items() if k not in old}
    answers.update({f"d{i}": "a" for i in range(depth)})
    (tmp_path / "answers.yaml").write_text(yaml.safe_dump(answers), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("ROLEADVISOR_")}
    env.update(ROLEADVISOR_HOME=str(tmp_path / "home"), ROLEADVISOR_KB=str(kb))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "roleadvisor",
            "assess",
            "--answers",
            str(tmp_path / "answers.yaml"),
            "--json",
            "--no-save",
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stderr
    assert '"recommendation"' in result.stdout


@SETTINGS
@given(
    content=st.binary(max_size=400)
    | st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    suffix=st.sampled_from([".yaml", ".json"]),
)
def test_random_answers_file(tmp_path: Path, content: bytes, suffix: str) -> None:
    path = tmp_path / f"answers{suffix}"
    path.write_bytes(content)
    try:
        answers = load_answers(path, ["role-clarity", "background", "skills"])
    except UsageError as exc:
        assert str(path) in exc.message
    else:
        assert set(answers) <= {"role-clarity", "background", "skills"}


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"a: !!python/object/apply:os.system [echo owned]\n", "invalid YAML"),
        (b"a: !!python/name:os.system\n", "invalid YAML"),
        (b"\xff\xfe\x00roles", "not UTF-8"),
        (b"", "empty"),
        (b"# only a comment\n", "empty"),
        (b"- a list\n- at the top\n", "mapping"),
        (b"a: " + b"[" * 20000 + b"]" * 20000, "nested"),
    ],
)
def test_read_yaml_refuses_clearly(tmp_path: Path, content: bytes, says: str) -> None:
    from roleadvisor.kb import files as loader

    path = tmp_path / "roles.yaml"
    path.write_bytes(content)
    with pytest.raises(loader.FileProblem) as caught:
        read_yaml(path)
    assert says in caught.value.message


def test_directory_and_huge_file_are_refused(tmp_path: Path) -> None:
    from roleadvisor.kb import files as loader

    (tmp_path / "roles.yaml").mkdir()
    with pytest.raises(loader.FileProblem, match="directory"):
        read_yaml(tmp_path / "roles.yaml")
    huge = tmp_path / "skills.yaml"
    with huge.open("wb") as out:
        out.truncate(loader.MAX_FILE_BYTES + 1)
    with pytest.raises(loader.FileProblem, match="limit"):
        read_yaml(huge)
    with pytest.raises(KnowledgeBaseError):
        from roleadvisor.kb.cache import load_kb

        load_kb(tmp_path)
