"""The bundled audit tool versions (the YAML files under ``mappings/``), offered as a plugin."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from evidencekit.hookspecs import hookimpl


@hookimpl(trylast=True)
def register_audit_tools(register: Callable[[Path], None]) -> None:
    # Imported when the tools are asked for: loading brings in the schema validator,
    # which a command that lists, scans or searches does not need.
    from evidencekit.audit_tools.loading import bundled_mapping_files

    for path in bundled_mapping_files():
        register(path)
