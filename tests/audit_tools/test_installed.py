"""Choosing the audit tool: a plugin's COR tool does not take the default from the bundled one."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.audit_tools.installed import choose_audit_tool, installed_audit_tools
from evidencekit.errors import UsageError
from evidencekit.hookspecs import hookimpl
from evidencekit.plugins import make_plugin_manager


class OtherPartnersCorTool:
    """A COR tool renamed from the bundled file, as another partner's plugin would ship it."""

    def __init__(self, folder: Path) -> None:
        source = (Path(__file__).parents[2] / "mappings" / "acsa-cor-2019.yaml").read_text()
        self.file = folder / "other-cor-2026.yaml"
        self.file.write_text(source.replace("\nid: acsa-cor-2019\n", "\nid: other-cor-2026\n"))

    @hookimpl
    def register_audit_tools(self, register):
        register(self.file)


def test_the_bundled_cor_tool_stays_the_default(tmp_path: Path) -> None:
    plugin_manager = make_plugin_manager(
        load_entrypoints=False, extra=[OtherPartnersCorTool(tmp_path)]
    )
    tools = installed_audit_tools(plugin_manager)
    assert {"acsa-cor-2019", "other-cor-2026"} <= set(tools)
    assert choose_audit_tool(tools, None).id == "acsa-cor-2019"
    assert choose_audit_tool(tools, "other-cor-2026").id == "other-cor-2026"


def test_without_a_bundled_cor_tool_several_cor_tools_need_a_choice(tmp_path: Path) -> None:
    plugin_manager = make_plugin_manager(
        load_entrypoints=False, extra=[OtherPartnersCorTool(tmp_path)]
    )
    tools = installed_audit_tools(plugin_manager)
    del tools["acsa-cor-2019"]
    tools["third-cor"] = tools["other-cor-2026"]
    with pytest.raises(UsageError, match="choose an audit tool with --tool"):
        choose_audit_tool(tools, None)
