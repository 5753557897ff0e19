"""One exception hierarchy for the whole library.

The library raises these; the edges convert them: the CLI prints one line and exits non-zero,
a batch records them in the ``failures`` table and goes on.
"""

from __future__ import annotations


class EventwireError(Exception):
    """Base class of every error eventwire raises on purpose."""

    exit_code = 1


class InputError(EventwireError):
    """An input item cannot be read: empty, binary, badly encoded, malformed, too large."""

    exit_code = 2


class LimitError(InputError):
    """An article is over one of the limits of :mod:`eventwire.limits`; ``setting`` names the setting
    to raise (and the message names it too)."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


class ConfigError(EventwireError):
    """A setting, option or missing optional dependency stops us."""

    exit_code = 3


class StageError(EventwireError):
    """A pipeline stage failed on one document."""

    def __init__(self, stage: str, message: str) -> None:
        super().__init__(f"{stage}: {message}")
        self.stage = stage


class StoreError(EventwireError):
    """The database cannot be opened, migrated or written."""

    exit_code = 4


class EvalError(EventwireError):
    """Gold data cannot be read or scored."""


def missing_extra(package: str, extra: str) -> ConfigError:
    """The error for an optional dependency that is not installed."""
    return ConfigError(f"{package} is not installed: pip install 'eventwire[{extra}]'")
