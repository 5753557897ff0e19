"""Webhook delivery: POST a JSON body to a URL from a background thread, retried with backoff.

``send`` only queues, so the ingest never waits for a slow or dead receiver. A delivery is retried
``retries`` times after the first try, waiting ``backoff * 2**n`` seconds between tries (a 2xx
answer is success; anything else, a timeout or a refused connection is retried). ``flush`` waits
(bounded) for the queue to drain, for a process about to exit.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)


@dataclass
class Delivery:
    url: str
    body: dict[str, Any]
    attempts: int = 0
    status: int | None = None
    error: str | None = None


@dataclass
class WebhookSender:
    """A queue of deliveries worked off by one daemon thread."""

    retries: int = 4
    backoff: float = 0.5
    timeout: float = 5.0
    delivered: list[Delivery] = field(default_factory=list)
    failed: list[Delivery] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._queue: queue.Queue[Delivery] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def send(self, url: str, body: dict[str, Any]) -> None:
        """Queue one POST; returns at once."""
        self._queue.put(Delivery(url, body))
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="eventwire-webhook", daemon=True)
                self._thread.start()

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued delivery is done (delivered or given up); False on timeout."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def _run(self) -> None:
        while True:
            d = self._queue.get()
            try:
                self._deliver(d)
            finally:
                self._queue.task_done()

    def _deliver(self, d: Delivery) -> None:
        data = json.dumps(d.body, ensure_ascii=False).encode("utf-8")
        for attempt in range(self.retries + 1):
            d.attempts = attempt + 1
            req = urllib.request.Request(d.url, data=data, method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "User-Agent": "eventwire-webhook"})
            try:
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:  # noqa: S310 - a configured URL
                    d.status = resp.status
                if 200 <= (d.status or 0) < 300:
                    self.delivered.append(d)
                    return
                d.error = f"HTTP {d.status}"
            except urllib.error.HTTPError as e:
                d.status, d.error = e.code, f"HTTP {e.code}"
            except (urllib.error.URLError, OSError, TimeoutError) as e:
                d.error = str(getattr(e, "reason", e))
            if attempt < self.retries:
                time.sleep(self.backoff * 2**attempt)
        log.warning("webhook %s failed after %d tries: %s", d.url, d.attempts, d.error)
        self.failed.append(d)


_default: WebhookSender | None = None
_default_lock = threading.Lock()


def default_sender() -> WebhookSender:
    """The process's sender (what ``after_ingest`` uses)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = WebhookSender()
        return _default


def set_default_sender(sender: WebhookSender | None) -> None:
    """Replace the process's sender (tests use short backoffs)."""
    global _default
    with _default_lock:
        _default = sender
