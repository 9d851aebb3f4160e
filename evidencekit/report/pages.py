"""The one Jinja environment the HTML reports render with, and the evidence links they hold.

Autoescaping is on for every page: paths, titles and reasons come from documents and are
untrusted, and no template marks them safe.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader


@functools.cache
def _environment() -> Environment:
    # One environment for the process: it caches compiled templates, and rendering is
    # safe from several threads.
    return Environment(
        loader=PackageLoader("evidencekit.report", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(template: str, **context: Any) -> str:
    """The package template ``template`` rendered with ``context``, autoescaped."""
    return _environment().get_template(template).render(**context)


def file_uri(root: Path, path: str) -> str:
    """A ``file://`` URI of a document; ``as_uri`` percent-encodes every unsafe character."""
    return (root / path).as_uri()
