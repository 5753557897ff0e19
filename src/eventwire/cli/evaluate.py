"""``eventwire eval``: scores against gold data."""

from __future__ import annotations

import json

import click

from .. import evaluate as ev


@click.command("eval")
@click.argument("name", type=click.Choice(sorted(ev.EVALUATORS)))
@click.option("--data", "data", required=True, type=click.Path(exists=True), help="Gold data file or folder.")
@click.option("--limit", type=int, default=None, help="Score only the first N items.")
@click.option("--json", "as_json", is_flag=True, help="End with one line holding the scores as a JSON object.")
def evaluate(name: str, data: str, limit: int | None, as_json: bool) -> None:
    """Score a stage against gold data (geo, event_place, time, quotes, acled, plover, dedup)."""
    scores = ev.run(name, data, limit=limit)
    for k, v in scores.items():
        click.echo(f"{k:>24}  {v:.4f}" if isinstance(v, float) else f"{k:>24}  {v}")
    if as_json:
        click.echo(json.dumps(scores, sort_keys=True))


def register(main: click.Group) -> None:
    main.add_command(evaluate)
