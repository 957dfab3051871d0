"""What the shell completes beyond commands and options: role ids and aliases from the knowledge
base in use (--kb, ROLEADVISOR_KB or the shipped one), and the shipped example names.

These functions run only while a shell asks for completions (`_ROLEADVISOR_COMPLETE` set), so
the knowledge base is imported inside them and never at start-up. A knowledge base that cannot
load completes nothing: the command itself reports why when it runs.
"""

from __future__ import annotations

import typer


def role_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Role ids and aliases that start with what was typed, each with the role's name."""
    from roleadvisor.errors import RoleAdvisorError
    from roleadvisor.render.console import clean

    try:
        from roleadvisor.kb.cache import load_kb

        kb = load_kb(ctx.find_root().params.get("kb"))
    except (RoleAdvisorError, OSError):
        return []
    typed = incomplete.lower()
    found: list[tuple[str, str]] = []
    for role in kb.roles:
        words = (role.id, *role.aliases)
        found.extend((word, clean(role.name)) for word in words if word.startswith(typed))
    return found


def example_names(incomplete: str) -> list[tuple[str, str]]:
    """The shipped example answers files whose name starts with what was typed."""
    from roleadvisor.errors import RoleAdvisorError
    from roleadvisor.kb.examples import shipped_examples

    try:
        examples = shipped_examples()
    except RoleAdvisorError:
        return []
    return [(e.name, e.folder) for e in examples if e.name.startswith(incomplete)]
