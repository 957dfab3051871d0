"""A YAML loader that builds the plain text, lists and mappings of a knowledge base quickly and
leaves everything else to PyYAML's safe loader, with the same results.

Most of a knowledge base is text under text keys. The safe loader asks its implicit resolvers
about every scalar and builds every node through its general machinery (look-ups by tag,
generators for collections); here a scalar whose first character no resolver claims is text at
once, and a text scalar, a list or a mapping with text keys is built directly. Any other node
(numbers, dates, booleans, null, merge keys, explicit tags, keys that are not text, nesting
deeper than FAST_DEPTH) goes to the safe loader's own constructors, which share the record of
built nodes, so an alias still names the very object its anchor built. When loading fails, the
file is loaded again by the safe loader alone, so a refusal reads and points exactly as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when installed
if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader  # what the checker knows of either
else:
    _SafeLoader = SafeLoader

_STR = "tag:yaml.org,2002:str"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
# The safe loader's implicit resolvers by the first character they claim ("" for the empty
# scalar): a plain scalar starting with any other character is text.
_RESOLVERS = {
    first: tuple(found) for first, found in yaml.resolver.Resolver.yaml_implicit_resolvers.items()
}
# resolve() below answers like the safe resolver only for the safe loader's own configuration.
_SAFE_RESOLVERS_ONLY = (
    None not in _RESOLVERS
    and not yaml.resolver.Resolver.yaml_path_resolvers
    and yaml.resolver.Resolver.DEFAULT_SCALAR_TAG == _STR
    and yaml.resolver.Resolver.DEFAULT_SEQUENCE_TAG == _SEQ
    and yaml.resolver.Resolver.DEFAULT_MAPPING_TAG == _MAP
)
# Deeper nodes are built by the safe loader, whose construction does not recurse in Python.
FAST_DEPTH = 64


class PlainLoader(_SafeLoader):
    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> Any:
        """The safe resolver's answer, found without its per-call list building; valid while
        no resolver claims every scalar and no path resolver is registered (checked below)."""
        if kind is ScalarNode:
            if implicit[0]:  # plain: the resolvers claiming its first character, in order
                for tag, regexp in _RESOLVERS.get(value[:1], ()):
                    if regexp.match(value):
                        return tag
            return _STR
        return _MAP if kind is MappingNode else _SEQ

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """No path resolvers: nothing to track while descending."""

    def ascend_resolver(self) -> None:
        """No path resolvers: nothing to track while ascending."""

    if not _SAFE_RESOLVERS_ONLY:  # then the safe resolver's own methods
        del resolve, descend_resolver, ascend_resolver

    def construct_document(self, node: Node) -> Any:
        data = self._build(node, 0)
        # what the safe loader deferred (its collections are filled after their parents)
        while self.state_generators:
            pending, self.state_generators = self.state_generators, []
            for generator in pending:
                for _ in generator:
                    pass
        self.constructed_objects: dict[Node, Any] = {}
        self.recursive_objects: dict[Node, None] = {}
        self.deep_construct = False
        return data

    def _build(self, node: Node, depth: int) -> Any:
        kind = node.__class__
        tag = node.tag
        if kind is ScalarNode and tag == _STR:
            return node.value
        built = self.constructed_objects
        if node in built:
            return built[node]
        if depth < FAST_DEPTH:
            if kind is SequenceNode and tag == _SEQ:
                items: list[Any] = []
                built[node] = items  # before the items: an alias inside names this list
                items.extend([self._build(child, depth + 1) for child in node.value])
                return items
            if kind is MappingNode and tag == _MAP and _text_keys(node.value):
                mapping: dict[str, Any] = {}
                built[node] = mapping
                for key_node, value_node in node.value:
                    mapping[key_node.value] = self._build(value_node, depth + 1)
                return mapping
        return self.construct_object(node)


def _text_keys(pairs: list[tuple[Node, Node]]) -> bool:
    """Every key a text scalar: no merge key, no `=` key, no number or collection as a key."""
    for key_node, _ in pairs:
        if key_node.__class__ is not ScalarNode or key_node.tag != _STR:
            return False
    return True


def load_plain(text: str) -> Any:
    """The document in `text`, as yaml.load with the safe loader builds it."""
    try:
        return yaml.load(text, Loader=PlainLoader)
    except Exception:
        # Refusals (and their marks) come from the safe loader alone, in its order.
        return yaml.load(text, Loader=SafeLoader)
