"""kb.plain_yaml builds exactly what PyYAML's safe loader builds: the same values of the same
types, the same keys in the same order, an alias naming the same object as its anchor, and
the same refusal (kind, words and position) for a document the safe loader refuses."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import DATA, copy_data
from roleadvisor.kb.files import FileProblem, read_yaml
from roleadvisor.kb.plain_yaml import FAST_DEPTH, PlainLoader, SafeLoader, load_plain

REPO = Path(__file__).resolve().parent.parent


def assert_same(got: Any, expected: Any) -> None:
    """Equal values of identical types throughout, dict keys in the same order, and objects
    shared (by aliases) or recursive in `expected` exactly where they are in `got`."""
    seen: dict[int, int] = {}
    seen_back: dict[int, int] = {}

    def walk(a: Any, b: Any, at: str) -> None:
        assert type(a) is type(b), f"{at}: {type(a).__name__} != {type(b).__name__}"
        if isinstance(a, (dict, list)):
            if id(a) in seen or id(b) in seen_back:
                assert seen.get(id(a)) == id(b) and seen_back.get(id(b)) == id(a), f"{at}: alias"
                return
            seen[id(a)], seen_back[id(b)] = id(b), id(a)
            assert len(a) == len(b), f"{at}: length {len(a)} != {len(b)}"
            if isinstance(a, dict):
                for i, ((ka, va), (kb, vb)) in enumerate(zip(a.items(), b.items(), strict=True)):
                    walk(ka, kb, f"{at}.<key {i}>")
                    walk(va, vb, f"{at}.{ka!r}")
            else:
                for i, (va, vb) in enumerate(zip(a, b, strict=True)):
                    walk(va, vb, f"{at}[{i}]")
        elif isinstance(a, float) and math.isnan(a):
            assert math.isnan(b), at
        else:
            assert a == b, f"{at}: {a!r} != {b!r}"

    walk(got, expected, "$")


def outcome(load: Any, text: str) -> tuple[str, Any]:
    try:
        return "value", load(text)
    except Exception as exc:  # the refusal itself is what is compared
        return type(exc).__name__, str(exc)


def assert_loads_alike(text: str) -> None:
    got = outcome(load_plain, text)
    expected = outcome(lambda t: yaml.load(t, Loader=SafeLoader), text)
    assert got[0] == expected[0], (text, got, expected)
    if got[0] == "value":
        assert_same(got[1], expected[1])
    else:
        assert got[1] == expected[1], text


def fast_only(text: str) -> Any:
    """The plain loader on its own, without the fallback to the safe loader on failure."""
    return yaml.load(text, Loader=PlainLoader)


# --- the knowledge bases ------------------------------------------------------------------


def kb_texts(directory: Path) -> list[Path]:
    return sorted([*directory.glob("*.yaml"), *directory.glob("roles/*.yaml")])


@pytest.mark.parametrize("path", kb_texts(DATA), ids=lambda p: p.name)
def test_every_shipped_file_loads_exactly_as_the_safe_loader_builds_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    expected = yaml.load(text, Loader=SafeLoader)
    assert_same(fast_only(text), expected)
    assert_same(read_yaml(path), expected)


def test_the_generated_large_knowledge_base_loads_exactly_as_the_safe_loader_builds_it(
    tmp_path: Path,
) -> None:
    spec = importlib.util.spec_from_file_location("gen_kb", REPO / "benchmarks" / "gen_kb.py")
    assert spec is not None and spec.loader is not None
    gen_kb = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen_kb)
    gen_kb.generate(tmp_path / "kb", roles=120, nodes=30, source=DATA)
    paths = [*kb_texts(tmp_path / "kb"), tmp_path / "kb" / gen_kb.SCALE_ANSWERS]
    assert len([p for p in paths if p.parent.name == "roles"]) == 2
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert_same(fast_only(text), yaml.load(text, Loader=SafeLoader))


# --- hand-made corner cases ---------------------------------------------------------------

CORNERS = [
    # every implicit type, plain and quoted, as keys and values
    "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\ng: 'yes'\nh: \"true\"\n",
    "a: ~\nb: null\nc: Null\nd:\ne: ''\nf: NULL\ng: nulls\n",
    "a: 0x1F\nb: 0o17\nc: 017\nd: 0b101\ne: 1_000\nf: 190:20:30\ng: -0\nh: +12\ni: 09\n",
    "a: 1.5\nb: 1.5e+3\nc: .inf\nd: -.INF\ne: .NaN\nf: 3.\ng: 1e3\nh: 6.8523015e+5\n",
    "a: 2024-01-02\nb: 2001-12-14t21:59:43.10-05:00\nc: 2002-12-14\nd: 2001-12-14 21:59:43.10\n",
    "1: one\n2.5: two\ntrue: three\n~: four\n2024-01-02: five\n'1': six\n",
    "text: plain words\ntools: [t, tea, yes please]\nnote: 'it''s'\nfolded: >\n  a\n  b\n",
    # duplicate keys: the last value wins, at the first key's place
    "a: 1\nb: 2\na: 3\n",
    "a: {x: 1, x: 2}\nb: [1, 1]\n",
    # anchors, aliases, merge keys, the value key
    "base: &b {x: 1, y: [1, 2]}\nother: *b\nlist: &l [a, b]\nagain: *l\n",
    "base: &b {x: 1, y: 2}\nm: {<<: *b, y: 3}\n",
    "a: &a {x: 1}\nb: &b {y: 2}\nm: {<<: [*a, *b], z: 3}\n",
    "a: &a {x: 1}\nm: {<<: *a}\nn: {<<: *m, w: 0}\n",
    "m: {=: 5, x: 1}\n",
    "s: &s text\nt: *s\nu: [*s, *s]\n",
    "r: &r [1, *r]\n",
    "r: &r {self: *r, n: 1}\n",
    "r: &r [{up: *r}]\n",
    # explicit tags: those the safe loader builds, and those it refuses
    "a: !!str 12\nb: !!int '12'\nc: !!float '1'\nd: !!bool 'yes'\ne: !!null ''\n",
    "a: !!binary aGVsbG8=\nb: !!set {x, y}\nc: !!omap [{a: 1}, {b: 2}]\nd: !!pairs [{a: 1}]\n",
    "a: !!seq [1]\nb: !!map {k: v}\nc: !!timestamp 2020-01-01\n",
    "a: !!python/object:os.system echo\n",
    "a: !custom x\n",
    "a: !!map [1]\n",
    "a: !!seq {k: v}\n",
    "a: !!str [1]\n",
    "a: !!int x\n",
    # keys that are not text
    "? [a, b]\n: 1\n",
    "? {a: 1}\n: 1\n",
    "{[1, 2]: x}\n",
    "m: {<<: 1}\n",
    "m: {<<: [1]}\n",
    "a: 2024-13-45\n",
    "a: *missing\n",
    "a: 1\n---\nb: 2\n",
    "",
    "- 1\n- two\n",
    "just text\n",
    "a: [\n",
    "a: b: c\n",
    "a: \x07\n",
]


@pytest.mark.parametrize("text", CORNERS)
def test_corner_cases_load_or_fail_exactly_as_with_the_safe_loader(text: str) -> None:
    assert_loads_alike(text)


@pytest.mark.parametrize(
    "text",
    [t for t in CORNERS if outcome(lambda s: yaml.load(s, Loader=SafeLoader), t)[0] == "value"],
)
def test_corner_cases_build_alike_without_falling_back(text: str) -> None:
    assert_same(fast_only(text), yaml.load(text, Loader=SafeLoader))


def test_an_alias_names_the_object_its_anchor_built() -> None:
    data = load_plain("base: &b {x: [1]}\nother: *b\ndeep: {y: *b}\n")
    assert data["other"] is data["base"] is data["deep"]["y"]
    looped = load_plain("r: &r {self: *r}\n")
    assert looped["r"]["self"] is looped["r"]


@pytest.mark.parametrize("depth", [FAST_DEPTH - 1, FAST_DEPTH, FAST_DEPTH + 1, 900])
def test_deep_nesting_builds_alike_past_the_fast_depth(depth: int) -> None:
    flow = "a: " + "[" * depth + "x" + "]" * depth + "\n"
    block = "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + "  " * depth + "end\n"
    for text in (flow, block):
        assert_same(fast_only(text), yaml.load(text, Loader=SafeLoader))


def test_read_yaml_still_words_and_places_a_refused_tag_as_before(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\nb: !custom x\nc: !!python/object:os.system y\n", encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        read_yaml(path)
    assert caught.value.line == 2
    assert "tag" in caught.value.message


@pytest.mark.parametrize(
    ("written", "value", "kind"),
    [
        ("2024-13-45", "2024-13-45", "a date"),
        ("2001-12-14 25:61:61", "2001-12-14 25:61:61", "a date"),
        ("!!timestamp soon", "soon", "a date"),
        ("0b_", "0b_", "a whole number"),
        ("[1, {b: !!int many}]", "many", "a whole number"),
        ("!!float lots", "lots", "a number"),
        ("!!bool maybe", "maybe", "true or false"),
    ],
)
def test_a_value_the_safe_loader_cannot_build_is_a_problem_with_its_line(
    tmp_path: Path, written: str, value: str, kind: str
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text(f"a: 1\nb: &x [2]\nc: *x\nd: {written}\ne: 3\n", encoding="utf-8")
    with pytest.raises(FileProblem) as caught:
        read_yaml(path)
    assert caught.value.line == 4
    assert caught.value.message == f"{value!r} cannot be read as {kind}; put text in quotes"


def test_kb_validate_reports_an_impossible_date_as_one_problem(tmp_path: Path, invoke: Any) -> None:
    kb = copy_data(tmp_path / "kb")
    path = kb / "study.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "extra: 2024-13-45\n", encoding="utf-8")
    result = invoke("kb", "validate", str(kb))
    assert result.exit_code == 3
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert f"study.yaml:{line}: '2024-13-45' cannot be read as a date" in result.stdout


# --- generated documents ------------------------------------------------------------------

# fmt: off
SCALARS = st.sampled_from(
    [
        "text", "t", "tea", "yes", "Yes", "NO", "on", "Off", "y", "n", "N", "true", "False",
        "~", "null", "Null", "nul", "0", "-0", "+1", "017", "09", "0x1f", "0o7", "0b11",
        "1_000", "1:30", "-190:20:30", "1.5", "3.", ".5", "1e3", "1.5e+3", ".inf", "-.Inf",
        ".nan", "2024-01-02", "2024-1-2 3:04:05", "2001-12-14t21:59:43.10-05:00", "<<",
        "=", "'quoted'", '"yes"', "'1'", "!!str 1", "!!int '7'", "!!float 2", "!!null ''",
        "!!bool on", "!!binary aGk=", "!x y", "O", "oops", "Tools", "fish", "12abc",
    ]
)
# fmt: on


@st.composite
def flow_nodes(draw: st.DrawFn, depth: int = 0) -> str:
    """A flow-style YAML node with anchors, aliases, merge keys and tags now and then."""
    anchor = f"&a{draw(st.integers(0, 3))} " if draw(st.integers(0, 5)) == 0 else ""
    choice = draw(st.integers(0, 9 if depth < 4 else 5))
    if choice <= 3:
        return anchor + draw(SCALARS)
    if choice <= 5:
        return f"*a{draw(st.integers(0, 3))}"
    if choice == 6:
        items = draw(st.lists(flow_nodes(depth + 1), max_size=4))
        tag = draw(st.sampled_from(["", "", "", "!!seq ", "!!set ", "!!omap "]))
        return f"{anchor}{tag}[{', '.join(items)}]"
    pairs = draw(
        st.lists(
            st.tuples(st.one_of(SCALARS, flow_nodes(depth + 1)), flow_nodes(depth + 1)), max_size=4
        )
    )
    tag = draw(st.sampled_from(["", "", "", "!!map ", "!!set ", "!!pairs "]))
    return f"{anchor}{tag}{{{', '.join(f'{k}: {v}' for k, v in pairs)}}}"


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = [f"k{i}: {draw(flow_nodes())}" for i in range(draw(st.integers(1, 6)))]
    if draw(st.booleans()):
        lines.append(f"k0: {draw(flow_nodes())}")  # a duplicate key
    return "\n".join(lines) + "\n"


@settings(max_examples=200, deadline=None)
@given(documents())
def test_generated_documents_load_or_fail_exactly_as_with_the_safe_loader(text: str) -> None:
    assert_loads_alike(text)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(kb_texts(DATA)), st.data())
def test_edited_shipped_files_load_or_fail_exactly_as_with_the_safe_loader(
    path: Path, data: st.DataObject
) -> None:
    text = path.read_text(encoding="utf-8")
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        noise = data.draw(
            st.sampled_from(["&a ", "*a", "<<: *a\n", "!!int ", "!x ", "yes", "~", "1.5", "\n"])
        )
        text = text[:at] + noise + text[at:]
    assert_loads_alike(text)
