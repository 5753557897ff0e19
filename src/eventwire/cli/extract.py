"""``eventwire extract``: document records for files, printed as JSON."""

from __future__ import annotations

import json

import click

from ..ingest import read_paths
from ..model import Failure
from ..pipeline import default_pipeline
from .common import echo_json, error_line, settings_from


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--published", metavar="DATE", help="Publication date for items that carry none (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default=None,
              help="json: one object (a list for several articles); jsonl: one object per line. "
                   "Default: json for one file, jsonl for several.")
@click.option("--text-field", default=None, help="JSON/CSV field with the text (default: text).")
@click.option("--published-field", default=None, help="JSON/CSV field with the date (default: published).")
@click.pass_context
def extract(ctx: click.Context, files: tuple[str, ...], published: str | None, fmt: str | None,
            text_field: str | None, published_field: str | None) -> None:
    """Extract event records from FILES (.txt, .html, .json, .jsonl, .csv, RSS/Atom, - for stdin)."""
    settings = settings_from(text_field=text_field, published_field=published_field)
    fmt = fmt or ("json" if len(files) == 1 else "jsonl")
    docs, failed = [], 0
    articles = []
    for item in read_paths(files, settings, published=published):
        if isinstance(item, Failure):
            error_line(item.reason)
            failed += 1
        else:
            articles.append(item)
    outputs = default_pipeline(settings).pipe(articles, on_error="record") if articles else []
    for article, out in zip(articles, outputs, strict=True):
        if isinstance(out, Failure):
            error_line(f"{article.origin}: {out.reason}")
            failed += 1
        elif fmt == "jsonl":
            click.echo(json.dumps(out.to_json(), ensure_ascii=False))
        else:
            docs.append(out.to_json())
    if fmt == "json" and docs:
        echo_json(docs[0] if len(docs) == 1 else docs)
    if failed:
        ctx.exit(1)


def register(main: click.Group) -> None:
    main.add_command(extract)
