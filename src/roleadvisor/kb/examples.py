"""The example answers files that ship with the package, so anyone who installed it can try an
assessment (`assess --example NAME`) and copy one to edit (`roleadvisor examples`).

They answer the shipped questionnaire. In a source checkout they live in `examples/`; the
wheel carries the same files as `roleadvisor/examples/` (one home, copied at build time).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from roleadvisor.errors import RoleAdvisorError, UsageError
from roleadvisor.kb.shipped import shipped_dir

SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Example:
    name: str  # the file's stem, unique across the folders
    folder: str  # handbook | roles | transitions
    path: Path

    def summary(self) -> str:
        """The file's leading comment, as one paragraph (what the case is and what it expects)."""
        lines: list[str] = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                break
            lines.append(line.lstrip("#").strip())
        return " ".join(part for part in lines if part)


def examples_dir() -> Path:
    """The shipped examples: inside the wheel, or `examples/` of a source checkout."""
    return shipped_dir("examples")


def shipped_examples() -> list[Example]:
    """Every shipped example; a package installed without them is an environment failure."""
    root = examples_dir()
    if not root.is_dir():
        raise RoleAdvisorError(
            f"The example answers files are missing from {root}; reinstall roleadvisor."
        )
    found = [
        Example(path.stem, path.parent.name, path)
        for path in sorted(root.glob("*/*"))
        if path.suffix in SUFFIXES and path.is_file()
    ]
    return sorted(found, key=lambda e: (e.folder, e.name))


def find_example(name: str) -> Example:
    """An example by name (`career-transition`, `handbook/career-transition` or with `.yaml`);
    an unknown name is a usage error naming the closest ones."""
    wanted = name.strip().removesuffix(".yaml").removesuffix(".yml").removesuffix(".json")
    examples = shipped_examples()
    for example in examples:
        if wanted in (example.name, f"{example.folder}/{example.name}"):
            return example
    names = [e.name for e in examples]
    close = difflib.get_close_matches(wanted.rsplit("/", 1)[-1], names, n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise UsageError(
        f"No example named '{name}'.{hint} Run `roleadvisor examples` to list the "
        f"{len(names)} examples."
    )
