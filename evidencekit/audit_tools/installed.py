"""The audit tools installed through plugins, and choosing the one a command works with
(by id, or a mapping file not installed yet)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pluggy

from evidencekit.audit_tools.in_force import overlapping_versions, tools_in_force
from evidencekit.audit_tools.loading import load_audit_tool, tool_file_line
from evidencekit.errors import MappingError, UsageError
from evidencekit.models import AuditTool
from evidencekit.registry import Registration, collect_registrations

DEFAULT_PROGRAM = "COR"
MAPPING_SUFFIXES = (".yaml", ".yml")
BUNDLED_TOOLS_PLUGIN = "evidencekit.builtins.audit_tools"


def installed_audit_tools(plugin_manager: pluggy.PluginManager) -> dict[str, Registration]:
    """Every registered audit tool by id, loaded and validated, with the plugin behind it;
    ``MappingError`` when two versions of one partner's tool for one program take effect
    the same day and are both in force on some day."""

    def load(path: Path | str) -> tuple[str, AuditTool]:
        tool = load_audit_tool(Path(path))
        return tool.id, tool

    registrations = collect_registrations(plugin_manager, "register_audit_tools", load)
    overlaps = overlapping_versions(
        [registration.value for registration in registrations.values()],
        lambda tool: tool_file_line(Path(tool.file), ("in_force",)),
    )
    if overlaps:
        raise MappingError("the installed audit tools", overlaps)
    return dict(sorted(registrations.items()))


def choose_audit_tool(
    tools: dict[str, Registration], tool_id: str | None, as_of: date | None = None
) -> AuditTool:
    """The tool named ``tool_id``, or without one the only installed COR tool in force on
    ``as_of`` (default: today).

    A plugin's COR tool (another partner's, another province's) does not take the default
    away from the bundled one: with several, the only bundled COR tool is the default.
    """
    if tool_id is not None:
        if tool_id not in tools:
            raise UsageError(f"no audit tool {tool_id!r}; installed: {', '.join(tools) or 'none'}")
        return tools[tool_id].value
    in_force = tools_in_force([reg.value for reg in tools.values()], as_of or date.today())
    candidates = [
        reg
        for reg in tools.values()
        if reg.value.program == DEFAULT_PROGRAM and any(reg.value is tool for tool in in_force)
    ]
    if len(candidates) > 1:
        candidates = [reg for reg in candidates if reg.plugin == BUNDLED_TOOLS_PLUGIN]
    if len(candidates) != 1:
        raise UsageError(
            f"choose an audit tool with --tool; installed: {', '.join(tools) or 'none'}"
        )
    return candidates[0].value


def audit_tool_by_id_or_file(tools: dict[str, Registration], name: str) -> AuditTool:
    """The installed tool with id ``name``, else the mapping file at the path ``name``.

    A file is validated as it is loaded: a ``MappingError`` lists every problem, as
    ``evidencekit tools validate`` does. A draft can so be compared before it is installed.
    """
    if name in tools:
        return tools[name].value
    path = Path(name)
    if path.is_file():
        return load_audit_tool(path)
    if path.suffix.lower() in MAPPING_SUFFIXES or "/" in name:
        raise UsageError(f"no mapping file {name}")
    return choose_audit_tool(tools, name)
