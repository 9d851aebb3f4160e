"""Choosing the audit tool: a plugin's COR tool does not take the default from the bundled one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evidencekit.audit_tools.in_force import tools_in_force
from evidencekit.audit_tools.installed import choose_audit_tool, installed_audit_tools
from evidencekit.errors import MappingError, UsageError
from evidencekit.hookspecs import hookimpl
from evidencekit.plugins import make_plugin_manager


class OtherPartnersCorTool:
    """A COR tool renamed from the bundled file, as another partner's plugin would ship it."""

    def __init__(self, folder: Path) -> None:
        source = (Path(__file__).parents[2] / "mappings" / "acsa-cor-2019.yaml").read_text()
        self.file = folder / "other-cor-2026.yaml"
        source = source.replace("\nid: acsa-cor-2019\n", "\nid: other-cor-2026\n")
        # Another partner's: two versions of one partner's tool must differ in their dates.
        source = source.replace("\npartner: Alberta", "\npartner: Not Alberta")
        self.file.write_text(source)

    @hookimpl
    def register_audit_tools(self, register):
        register(self.file)


def test_the_bundled_cor_tool_stays_the_default(tmp_path: Path) -> None:
    plugin_manager = make_plugin_manager(
        load_entrypoints=False, extra=[OtherPartnersCorTool(tmp_path)]
    )
    tools = installed_audit_tools(plugin_manager)
    assert {"acsa-cor-2019", "other-cor-2026"} <= set(tools)
    assert choose_audit_tool(tools, None, date(2026, 11, 16)).id == "acsa-cor-2023"
    assert choose_audit_tool(tools, "other-cor-2026").id == "other-cor-2026"


def test_without_a_bundled_cor_tool_several_cor_tools_need_a_choice(tmp_path: Path) -> None:
    plugin_manager = make_plugin_manager(
        load_entrypoints=False, extra=[OtherPartnersCorTool(tmp_path)]
    )
    tools = installed_audit_tools(plugin_manager)
    del tools["acsa-cor-2019"], tools["acsa-cor-2023"]
    tools["third-cor"] = tools["other-cor-2026"]
    with pytest.raises(UsageError, match="choose an audit tool with --tool"):
        choose_audit_tool(tools, None)


def test_the_default_cor_tool_is_the_one_in_force_on_the_audit_date() -> None:
    tools = installed_audit_tools(make_plugin_manager(load_entrypoints=False))
    assert choose_audit_tool(tools, None, date(2022, 12, 31)).id == "acsa-cor-2019"
    assert choose_audit_tool(tools, None, date(2023, 1, 1)).id == "acsa-cor-2023"


class SameDayCorVersion:
    """A version of the bundled 2023 instrument taking effect the same day as it."""

    def __init__(self, folder: Path) -> None:
        source = (Path(__file__).parents[2] / "mappings" / "acsa-cor-2023.yaml").read_text()
        self.file = folder / "acsa-cor-2023b.yaml"
        self.file.write_text(source.replace("\nid: acsa-cor-2023\n", "\nid: acsa-cor-2023b\n"))

    @hookimpl
    def register_audit_tools(self, register):
        register(self.file)


def test_two_versions_taking_effect_the_same_day_are_refused_naming_both_files(
    tmp_path: Path,
) -> None:
    plugin_manager = make_plugin_manager(
        load_entrypoints=False, extra=[SameDayCorVersion(tmp_path)]
    )
    with pytest.raises(MappingError) as raised:
        installed_audit_tools(plugin_manager)
    message = str(raised.value)
    assert "acsa-cor-2023b.yaml:15" in message and "acsa-cor-2023.yaml:15" in message
    assert "taking effect the same day" in message


def test_a_newer_version_supersedes_an_open_ended_one_from_the_day_it_takes_effect(
    tmp_path: Path,
) -> None:
    source = (Path(__file__).parents[2] / "mappings" / "acsa-cor-2023.yaml").read_text()
    newer = tmp_path / "acsa-cor-2027.yaml"
    newer.write_text(
        source.replace("\nid: acsa-cor-2023\n", "\nid: acsa-cor-2027\n").replace(
            'from: "2023-01-01"', 'from: "2027-01-01"'
        )
    )

    class NewerVersion:
        @hookimpl
        def register_audit_tools(self, register):
            register(newer)

    tools = installed_audit_tools(
        make_plugin_manager(load_entrypoints=False, extra=[NewerVersion()])
    )
    in_force_2026 = [
        tool.id for tool in tools_in_force([r.value for r in tools.values()], date(2026, 12, 31))
    ]
    in_force_2027 = [
        tool.id for tool in tools_in_force([r.value for r in tools.values()], date(2027, 1, 1))
    ]
    assert "acsa-cor-2023" in in_force_2026 and "acsa-cor-2027" not in in_force_2026
    assert "acsa-cor-2027" in in_force_2027 and "acsa-cor-2023" not in in_force_2027
