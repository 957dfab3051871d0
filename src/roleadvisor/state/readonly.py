"""Read-only values kept in their instance dictionary: the base of the knowledge base's records
(kb.records) and of the core's plain values (state.plain).

Equality, hashing and the printed form read the fields in the order they were set, which is
the order they are declared; nothing can be set or deleted after building.
"""

from __future__ import annotations


class ReadOnly:
    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.__dict__ == self.__dict__

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self.__dict__.values()))

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.__dict__.items())
        return f"{type(self).__name__}({shown})"
