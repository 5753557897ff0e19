"""Following RSS/Atom feeds: poll, ingest what is new, and let the watchlists alert (``ingest --follow``).

Each poll fetches every feed that is due, in parallel threads, with a conditional GET (``ETag`` /
``If-None-Match``, ``Last-Modified`` / ``If-Modified-Since``): a 304 costs nothing. New items go
through :func:`eventwire.batch.ingest` (items already stored are skipped; the watchlists are
checked at its end). A feed that fails (HTTP error, timeout, broken XML) is recorded in the
``failures`` table and backs off on its own (``every * 2**failures``, at most ``max_backoff``);
the other feeds go on. ``run`` stops after ``max_polls`` polls or ``max_seconds``, or when
``stop`` is set.
"""

from __future__ import annotations

import logging
import re
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from ..errors import EventwireError, InputError
from ..model import Failure, content_id
from ..settings import Settings
from ..store import Store

log = logging.getLogger(__name__)

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$")
_UNITS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 1}


def parse_duration(value: str) -> float:
    """Seconds in ``"15m"``, ``"30s"``, ``"1h"``, ``"500ms"`` or ``"90"`` (seconds)."""
    m = _DURATION.match(value or "")
    if not m or float(m[1]) <= 0:
        raise InputError(f"duration: {value!r} is not like 30s, 15m, 1h")
    return float(m[1]) * _UNITS[m[2]]


@dataclass
class FeedState:
    """What the poller knows of one feed."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0  # failures in a row
    next_at: float = 0.0  # monotonic time of the next fetch
    status: int | None = None  # last HTTP status (304: not modified)
    error: str | None = None
    polls: int = 0
    items: int = 0  # items read from the feed so far (stored or not)


@dataclass
class PollReport:
    fetched: int = 0
    not_modified: int = 0
    failed: int = 0
    articles: int = 0  # items read
    added: int = 0  # documents stored
    alerts: int = 0


@dataclass
class Follower:
    """Polls ``feeds`` into ``store`` every ``every`` seconds."""

    feeds: list[str]
    store: Store
    every: float = 900.0
    settings: Settings = field(default_factory=Settings)
    timeout: float = 20.0
    max_backoff: float = 6 * 3600.0
    states: dict[str, FeedState] = field(init=False)

    def __post_init__(self) -> None:
        bad = [u for u in self.feeds if not u.startswith(("http://", "https://"))]
        if bad:
            raise InputError(f"--follow takes feed URLs (http:// or https://), not {bad[0]!r}")
        self.states = {u: FeedState(u) for u in dict.fromkeys(self.feeds)}

    def _fetch(self, st: FeedState) -> bytes | None:
        """The feed's bytes, None when not modified; raises on failure."""
        headers = {"User-Agent": "eventwire-follow", "Accept": "application/rss+xml, application/atom+xml, */*"}
        if st.etag:
            headers["If-None-Match"] = st.etag
        if st.last_modified:
            headers["If-Modified-Since"] = st.last_modified
        req = urllib.request.Request(st.url, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - user-given feed URLs
                body = resp.read(self.settings.max_bytes + 1)
                st.status = resp.status
                st.etag = resp.headers.get("ETag") or st.etag
                st.last_modified = resp.headers.get("Last-Modified") or st.last_modified
        except urllib.error.HTTPError as e:
            if e.code == 304:
                st.status = 304
                return None
            raise InputError(f"{st.url}: HTTP {e.code}") from e
        except (urllib.error.URLError, OSError, TimeoutError) as e:
            raise InputError(f"{st.url}: {getattr(e, 'reason', e)}") from e
        if len(body) > self.settings.max_bytes:
            raise InputError(f"{st.url}: larger than {self.settings.max_bytes} bytes")
        return body

    def poll_once(self) -> PollReport:
        """Fetch the feeds that are due and ingest their new items."""
        from ..batch import ingest
        from ..ingest import decode, parse_feed

        report = PollReport()
        now = time.monotonic()
        due = [st for st in self.states.values() if st.next_at <= now]
        if not due:
            return report
        with ThreadPoolExecutor(max_workers=min(8, len(due))) as pool:
            results = list(pool.map(lambda st: _try(self._fetch, st), due))
        for st, (body, err) in zip(due, results, strict=True):
            st.polls += 1
            try:
                if err is not None:
                    raise err
                if body is None:
                    report.not_modified += 1
                else:
                    items = list(parse_feed(decode(body, st.url), st.url, None))
                    st.items += len(items)
                    found = ingest(items, self.store, settings=self.settings)
                    report.fetched += 1
                    report.articles += found.articles
                    report.added += found.added
                st.failures, st.error = 0, None
                st.next_at = time.monotonic() + self.every
            except EventwireError as e:
                st.failures += 1
                st.error = str(e)
                report.failed += 1
                st.next_at = time.monotonic() + min(self.max_backoff, self.every * 2 ** st.failures)
                log.warning("feed %s failed (%d in a row): %s", st.url, st.failures, e)
                try:
                    self.store.add_failure(Failure(document=content_id(st.url), origin=st.url, stage="follow",
                                                   reason=str(e)[:500]))
                except EventwireError as e2:  # the store is down: the next poll tries again
                    log.warning("cannot record the failure: %s", e2)
        return report

    def run(self, *, max_polls: int | None = None, max_seconds: float | None = None,
            stop: threading.Event | None = None, on_poll: Any = None) -> int:
        """Poll until stopped; returns the number of polls."""
        stop = stop or threading.Event()
        start = time.monotonic()
        polls = 0
        while not stop.is_set():
            report = self.poll_once()
            polls += 1
            if on_poll:
                on_poll(polls, report)
            if max_polls is not None and polls >= max_polls:
                break
            wake = min(st.next_at for st in self.states.values())
            if max_seconds is not None:
                left = start + max_seconds - time.monotonic()
                if left <= 0:
                    break
                wake = min(wake, time.monotonic() + left)
            stop.wait(max(0.0, wake - time.monotonic()))
            if max_seconds is not None and time.monotonic() - start >= max_seconds:
                break
        return polls


def _try(fn: Any, st: FeedState) -> tuple[Any, BaseException | None]:
    try:
        return fn(st), None
    except EventwireError as e:
        return None, e
