"""Watchlists: saved queries that turn new matching events into alerts.

    from eventwire.watch import WatchQuery, add_watchlist, check_watchlists, alerts

    add_watchlist(store, "goma", WatchQuery(type="ASSAULT", near="-1.68,29.22,50"))
    ...                                   # eventwire.batch.ingest calls after_ingest(store) at its end
    for a in alerts(store, watchlist="goma"):
        print(a.evidence, a.sources, a.view)

Modules: ``model`` (query, watchlist, alert), ``store`` (tables), ``alerts`` (matching and
deduplication after each ingest), ``webhook`` (background POSTs with retries), ``atom`` (the feed),
``follow`` (polling RSS/Atom feeds: ``eventwire ingest --follow``).
"""

from __future__ import annotations

from .alerts import WatchReport, after_ingest, check_watchlists
from .model import Alert, Watchlist, WatchQuery
from .store import add_watchlist, alert_sources, alerts, get_watchlist, remove_watchlist, watchlists

__all__ = [
    "Alert", "WatchQuery", "WatchReport", "Watchlist", "add_watchlist", "after_ingest", "alert_sources", "alerts",
    "check_watchlists", "get_watchlist", "remove_watchlist", "watchlists",
]
