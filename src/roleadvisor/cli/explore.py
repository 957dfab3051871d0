"""Explore the knowledge base: roles, show, loop, compare, market, and `kb validate`."""

from __future__ import annotations

from typing import Annotated

import typer

from roleadvisor.cli.app import JsonFlag, app, get_kb, kb_option
from roleadvisor.errors import ExitCode

# The core, the knowledge base and the renderers are imported inside each command, so `--help`
# and the other commands never pay for them (see tests/test_startup.py).

RoleArg = Annotated[
    str,
    typer.Argument(metavar="ROLE", help="Role id, alias or name (any case).", show_default=False),
]


@app.command("roles")
def roles_command(
    ctx: typer.Context,
    tier: Annotated[
        str | None, typer.Option("--tier", "-t", help="Only this tier (id or name).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """List every role, grouped by tier, with its market signal and a pay summary.

    The pay summary is the L5 US total comp where known, else a US range, else the
    qualitative band.

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
    emit(groups, json=as_json, shape=json.roles, view=lambda c: views.roles_view(c, kb, groups))


@app.command("show")
def show_command(ctx: typer.Context, role: RoleArg, as_json: JsonFlag = False) -> None:
    """Show the full profile of one role, every fact tagged with its source.

    \b
    Examples:
      roleadvisor show mle
      roleadvisor show "AI Engineer" --json

    JSON: {"role": <the role as in the knowledge base>, "tier", "pay_summary", "sources"}
    """
    from roleadvisor.render import json, views
    from roleadvisor.render.emit import emit

    kb = get_kb(ctx)
    found = kb.role(role)
    emit(
        found,
        json=as_json,
        shape=lambda r: json.show(kb, r),
        view=lambda c: views.show_view(c, kb, found),
    )


@app.command("loop")
def loop_command(
    ctx: typer.Context,
    roles: Annotated[
        list[str],
        typer.Argument(
            metavar="ROLE", help="One to six roles (id, alias or name).", show_default=False
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Show what each interview round tests and what to study (or skip) for it.

    With several roles the loops are laid side by side, one row per kind of round.

    \b
    Examples:
      roleadvisor loop aie
      roleadvisor loop mle aie mlops

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
            metavar="ROLE", help="Two to six roles (id, alias or name).", show_default=False
        ),
    ],
    as_json: JsonFlag = False,
) -> None:
    """Compare roles side by side; rows where they differ are marked with ≠.

    \b
    Examples:
      roleadvisor compare mle aie
      roleadvisor compare research-scientist applied-scientist re

    JSON: {"roles": [{id, name}], "rows": [{key, label, differs, values: {<id>: text or
    null}, sources: {<id>: [source ids]}}], "confusions": [...]}
    """
    from roleadvisor import explore
    from roleadvisor.render import json, views
    from roleadvisor.render.emit import emit

    kb = get_kb(ctx)
    comparison = explore.compare(kb, explore.select_roles(kb, roles, minimum=2))
    emit(
        comparison,
        json=as_json,
        shape=json.compare,
        view=lambda c: views.compare_view(c, kb, comparison),
    )


@app.command("market")
def market_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Show demand by sector, supply and demand per role, and what job postings ask for.

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


kb_app = typer.Typer(
    help="Work with the knowledge base files.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(kb_app, name="kb")


@kb_app.command("validate")
def validate_command(
    ctx: typer.Context,
    path: Annotated[
        str | None,
        typer.Argument(
            metavar="PATH",
            help="Knowledge base directory (or a file in it); default: the one in use.",
            show_default=False,
        ),
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Check a knowledge base and list every problem as file:line at key: message.

    Exits 0 when the knowledge base is valid and 3 when it is not.

    \b
    Examples:
      roleadvisor kb validate
      roleadvisor kb validate ./my-kb
      ROLEADVISOR_KB=./my-kb roleadvisor kb validate

    JSON: {"directory", "ok", "problems": [{file, line, path, message}], "counts"}
    """
    from roleadvisor import explore
    from roleadvisor.kb.base import validate_dir
    from roleadvisor.kb.loader import resolve_kb_dir
    from roleadvisor.render import json
    from roleadvisor.render.console import clean, print_json

    directory = resolve_kb_dir(path if path is not None else kb_option(ctx))
    kb, problems = validate_dir(directory)
    counts = explore.kb_counts(kb) if kb is not None else {}
    if as_json:
        print_json(json.validation(str(directory), problems, counts, kb is not None))
    elif kb is not None:
        summary = ", ".join(f"{n} {what}" for what, n in counts.items())
        typer.echo(clean(f"Knowledge base OK: {summary} ({directory})"))
    else:
        for problem in problems:  # a problem quotes the file's values: made harmless
            typer.echo(" ".join(clean(str(problem)).split()))
        noun = "problem" if len(problems) == 1 else "problems"
        typer.echo(clean(f"{len(problems)} {noun} in {directory}"))
    if kb is None:
        raise typer.Exit(int(ExitCode.KB))
