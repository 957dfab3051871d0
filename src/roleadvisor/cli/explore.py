"""Explore the knowledge base: roles, show, loop, compare, market."""

from __future__ import annotations

from typing import Annotated

import typer

from roleadvisor.cli.app import JsonFlag, app, get_kb
from roleadvisor.cli.complete import role_names

# The core, the knowledge base and the renderers are imported inside each command, so `--help`
# and the other commands never pay for them (see tests/test_startup.py).

RoleArg = Annotated[
    str,
    typer.Argument(
        metavar="ROLE",
        help="Role id, alias or name (any case).",
        show_default=False,
        autocompletion=role_names,
    ),
]


@app.command("roles")
def roles_command(
    ctx: typer.Context,
    tier: Annotated[
        str | None,
        typer.Option("--tier", "-t", metavar="TIER", help="Only this tier (id or name)."),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List every role by tier, with its demand and pay.

    Each role shows its market signal and a pay summary: the headline figure chosen by the
    knowledge base (`pay_headline` in landscape.yaml), else a range, else the qualitative band.

    \b
    Examples:
      roleadvisor roles
      roleadvisor roles --tier safety

    JSON: {"tiers": [{id, name, purpose, roles: [{id, name, aliases, status, summary,
    supply_demand, pay_summary}]}]}
    """
    from roleadvisor import explore
    from roleadvisor.render import json, views
    from roleadvisor.render.emit import emit

    kb = get_kb(ctx)
    groups = explore.tier_groups(kb, explore.parse_tier(kb, tier) if tier else None)
    emit(
        groups,
        json=as_json,
        shape=lambda g: json.roles(kb, g),
        view=lambda c: views.roles_view(c, kb, groups),
    )


@app.command("show")
def show_command(ctx: typer.Context, role: RoleArg, as_json: JsonFlag = False) -> None:
    """Show one role in full, every fact with its source.

    \b
    Examples:
      roleadvisor show @mle
      roleadvisor show @ai-engineer --json

    JSON: {"role": <the role as in the knowledge base>, "tier", "pay_summary", "sources"}
    """
    from roleadvisor.render import json, show
    from roleadvisor.render.emit import emit

    kb = get_kb(ctx)
    found = kb.role(role)
    emit(
        found,
        json=as_json,
        shape=lambda r: json.show(kb, r),
        view=lambda c: show.show_view(c, kb, found),
    )


@app.command("loop")
def loop_command(
    ctx: typer.Context,
    roles: Annotated[
        list[str],
        typer.Argument(
            metavar="ROLE...", help="One to six roles (id, alias or name).",
            show_default=False,
            autocompletion=role_names,
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Show what each interview round tests and what to study.

    For each round: what it tests, how much it weighs, what to study and what to skip. With
    several roles the loops are laid side by side, one row per kind of round.

    \b
    Examples:
      roleadvisor loop @aie
      roleadvisor loop @mle @aie @mlops

    JSON: {"roles": [{id, name, emphasis}], "rounds": [{kind, label, by_role: {<id>: round
    or null}}]}
    """
    from roleadvisor import explore
    from roleadvisor.render import json, views
    from roleadvisor.render.emit import emit

    kb = get_kb(ctx)
    matrix = explore.loop_matrix(kb, explore.select_roles(kb, roles))
    emit(matrix, json=as_json, shape=json.loop, view=lambda c: views.loop_view(c, kb, matrix))


@app.command("compare")
def compare_command(
    ctx: typer.Context,
    roles: Annotated[
        list[str],
        typer.Argument(
            metavar="ROLE...", help="Two to six roles (id, alias or name).",
            show_default=False,
            autocompletion=role_names,
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Compare roles side by side, marking where they differ.

    Rows where the roles differ are marked with ≠; a known confusion is settled under the table.

    \b
    Examples:
      roleadvisor compare @mle @aie
      roleadvisor compare @research-scientist @applied-scientist @re

    JSON: {"roles": [{id, name}], "rows": [{key, label, differs, values: {<id>: text or
    null}, sources: {<id>: [source ids]}}], "confusions": [...]}
    """
    from roleadvisor import explore
    from roleadvisor.comparison import compare
    from roleadvisor.render import json, views
    from roleadvisor.render.emit import emit

    kb = get_kb(ctx)
    comparison = compare(kb, explore.select_roles(kb, roles, minimum=2))
    emit(
        comparison,
        json=as_json,
        shape=json.compare,
        view=lambda c: views.compare_view(c, kb, comparison),
    )


@app.command("market")
def market_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show demand by role and sector, and what postings ask for.

    Demand by sector, supply and demand per role, and what job postings ask for.

    \b
    Examples:
      roleadvisor market
      roleadvisor market --json

    JSON: {"heatmap": {sectors, rows: [{role, name, levels: {<sector>: level or null},
    source}]}, "supply_demand": [...], "analysis": {...}, "trends": [...], "sources": [...]}
    """
    from roleadvisor.render import json, views
    from roleadvisor.render.emit import emit

    kb = get_kb(ctx)
    emit(kb, json=as_json, shape=json.market, view=lambda c: views.market_view(c, kb))
