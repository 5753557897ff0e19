"""The web interface: a FastAPI JSON API and a one-page map/timeline/article UI (``eventwire serve``).

>>> from eventwire.web import create_app
>>> app = create_app("events.db")  # then: uvicorn.run(app)

Needs the ``web`` extra (FastAPI, uvicorn, fastapi-offline); importing this package without it raises
:class:`~eventwire.errors.ConfigError` with the install hint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_app"]

if TYPE_CHECKING:
    from .app import create_app


def __getattr__(name: str) -> Any:
    if name == "create_app":
        try:
            from .app import create_app
        except ModuleNotFoundError as e:
            if e.name in ("fastapi", "starlette", "fastapi_offline"):
                from ..errors import missing_extra

                raise missing_extra(e.name, "web") from e
            raise
        return create_app
    raise AttributeError(name)
