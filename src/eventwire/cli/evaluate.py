"""``eventwire eval``: scores against gold data."""

from __future__ import annotations

import json

import click

from .. import evaluate as ev
from ..evaluate.splits import SPLITS


def _line(k: str, v: object) -> str:
    return f"{k:>32}  {v:.4f}" if isinstance(v, float) else f"{k:>32}  {v}"


@click.command("eval")
@click.argument("name", type=click.Choice(sorted(ev.EVALUATORS)))
@click.option("--data", "data", required=True, type=click.Path(exists=True), help="Gold data file or folder.")
@click.option("--split", type=click.Choice(SPLITS), default="all", show_default=True,
              help="Score the tune part (to choose rules on), the validate part (to report), or all.")
@click.option("--sample", type=int, default=None, help="Score a fixed random sample of N items of the split.")
@click.option("--limit", type=int, default=None, help="Score only the first N items (ACLED: N spread evenly).")
@click.option("--case", type=click.Choice(ev.CASES), default=None,
              help="Score on a lower- or upper-cased copy of the gold texts (offsets kept).")
@click.option("--json", "as_json", is_flag=True, help="End with one line holding the scores as a JSON object.")
def evaluate(name: str, data: str, split: str, sample: int | None, limit: int | None, case: str | None,
             as_json: bool) -> None:
    """Score a stage against gold data (geo, event_place, time, quotes, actors, acled, plover, dedup).

    The headline figures (the system's own answers) come first, then the diagnostics.
    """
    scores = ev.run(name, data, limit=limit, split=split, sample=sample, case=case)
    head = ("n", "split", *ev.headline(name))
    click.echo("headline:")
    for k in head:
        click.echo(_line(k, scores.get(k)))
    click.echo("diagnostics:")
    for k, v in scores.items():
        if k not in head:
            click.echo(_line(k, v))
    if as_json:
        click.echo(json.dumps(scores, sort_keys=True))


def register(main: click.Group) -> None:
    main.add_command(evaluate)
