"""eventwire: evidence-linked conflict and political event records from news text.

>>> from eventwire import extract
>>> doc = extract("Rebels attacked Goma on Monday.", published="2024-01-10")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["extract", "Pipeline", "Settings", "EventwireError", "__version__"]

if TYPE_CHECKING:
    from .errors import EventwireError
    from .pipeline import Pipeline, extract
    from .settings import Settings


def __getattr__(name: str) -> Any:
    # Lazy: importing eventwire loads neither spaCy nor pydantic-settings.
    if name in ("extract", "Pipeline"):
        from . import pipeline

        return getattr(pipeline, name)
    if name == "Settings":
        from .settings import Settings

        return Settings
    if name == "EventwireError":
        from .errors import EventwireError

        return EventwireError
    raise AttributeError(name)
