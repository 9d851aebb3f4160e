"""A scan's progress shown on the terminal, for the commands that scan."""

from __future__ import annotations

import sys
from typing import Any

import click

from evidencekit.scan import ScanProgress


class BarProgress(ScanProgress):
    """A scan's progress as a bar on stderr, one stage after another."""

    def __init__(self) -> None:
        self._bar: Any = None

    def start(self, stage: str, total: int) -> None:
        self.finish()
        if total:
            self._bar = click.progressbar(length=total, label=stage.ljust(10), file=sys.stderr)
            self._bar.__enter__()

    def advance(self, count: int = 1) -> None:
        if self._bar is not None:
            self._bar.update(count)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
