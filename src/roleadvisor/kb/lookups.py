"""The few methods of the knowledge base's models, kept free of pydantic.

The validated models (kb.models, kb.questionnaire_models) and the plain records a command is
served from (kb.records) both take these mixins, so a look-up answers the same either way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from roleadvisor.kb.enums import EDITORIAL, FixedKind, ProvenanceKind


class ProvenanceLookups:
    """For a value's provenance (ValueProvenance)."""

    __slots__ = ()
    if TYPE_CHECKING:
        kind: ProvenanceKind

    @property
    def is_editorial(self) -> bool:
        return self.kind is ProvenanceKind.editorial


class BasisLookups:
    """For a choice and its basis: a weight, a tuned value, a rule (Explained and its kinds)."""

    __slots__ = ()
    if TYPE_CHECKING:
        source: tuple[str, ...]

    @property
    def is_editorial(self) -> bool:
        return EDITORIAL in self.source


class QuestionnaireLookups:
    """For questionnaire.yaml (Questionnaire). Typed loosely here; the model declares the
    precise types, which is what the type checker sees."""

    __slots__ = ()
    if TYPE_CHECKING:
        tree: Any
        before_tree: Any
        after_tree: Any

    def node(self, node_id: str) -> Any:
        return next((n for n in self.tree.nodes if n.id == node_id), None)

    def fixed(self, kind: FixedKind) -> Any:
        return next(q for q in (*self.before_tree, *self.after_tree) if q.kind is kind)

    def fixed_by_id(self, question_id: str) -> Any:
        return next((q for q in (*self.before_tree, *self.after_tree) if q.id == question_id), None)

    def tree_depth(self, node_id: str | None = None) -> int:
        """The most questions left in the tree from `node_id` (its start by default)."""
        by_id = {n.id: n for n in self.tree.nodes}
        depth: dict[str, int] = {}

        def measure(nid: str) -> int:  # memoised: branches that meet again are measured once
            if nid not in depth:
                depth[nid] = 1 + max(
                    measure(c.next) if c.next in by_id else 0 for c in by_id[nid].choices
                )
            return depth[nid]

        start = node_id or self.tree.start
        return measure(start) if start in by_id else 0

    def paths(self) -> Iterator[list[tuple[Any, Any]]]:
        """Every path through the tree from its start to an end, as (node, choice) pairs."""

        def walk(node: Any, so_far: list[tuple[Any, Any]]) -> Iterator[list[tuple[Any, Any]]]:
            for c in node.choices:
                path = [*so_far, (node, c)]
                nxt = self.node(c.next) if c.next else None
                if nxt is None:
                    yield path
                else:
                    yield from walk(nxt, path)

        start = self.node(self.tree.start)
        assert start is not None  # validated
        yield from walk(start, [])
