"""Plugins extend the command line without a change to evidencekit: a report format that
`check --format` and `watch --format` offer, and commands of their own."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest

from evidencekit.cli import options as cli_options
from evidencekit.hookspecs import ReportFormat, hookimpl
from evidencekit.plugins import make_plugin_manager
from tests.assess.test_readiness import MenuTool
from tests.documents import write_text

CHECK = ("--tool", "test-menu-tool", "--audit-date", "2026-11-16", "--quiet")


class VerdictFormat:
    """A report format of one line: the tool, the audit type and the verdict."""

    def __init__(self, name: str = "verdict") -> None:
        self.name = name

    @hookimpl
    def register_report_formats(self, register) -> None:
        def render(readiness, folder: Path) -> str:
            verdict = "READY" if readiness.ready else "NOT READY"
            return f"{folder.name}: {readiness.tool.id} {readiness.audit_type.name} {verdict}\n"

        register(ReportFormat(self.name, (".verdict",), render))


class GreetingCommand:
    """A command of its own, and a group with a subcommand."""

    def __init__(self, name: str = "greet") -> None:
        self.name = name

    @hookimpl
    def register_commands(self, cli) -> None:
        @cli.command(self.name)
        @click.argument("who")
        def greet(who: str) -> None:
            """Say hello to WHO."""
            click.echo(f"Hello, {who}")

        @cli.group()
        def team() -> None:
            """The team's commands."""

        @team.command()
        def size() -> None:
            click.echo("3")


@pytest.fixture
def install(monkeypatch: pytest.MonkeyPatch):
    """The CLI builds its own plugin manager: give it the test tool and ``plugins``."""

    def installed(*plugins: object) -> None:
        monkeypatch.setattr(
            cli_options,
            "make_plugin_manager",
            lambda: make_plugin_manager(load_entrypoints=False, extra=[MenuTool(), *plugins]),
        )

    return installed


@pytest.fixture
def menu(evidence: Path) -> Path:
    write_text(evidence / "lunch menu 2026-11-02.txt", "Lunch menu: soup. Date: 2026-11-02")
    return evidence


# --- a report format ------------------------------------------------------------------------


def test_check_renders_with_a_plugins_report_format(menu: Path, run_cli, install) -> None:
    install(VerdictFormat())
    result = run_cli("check", menu, *CHECK, "--format", "verdict")
    assert result.exit_code == 0, result.output
    assert result.stdout == "evidence: test-menu-tool certification READY\n"
    (menu / "parking.txt").write_text("Parking is behind the shop.")  # proves nothing
    (menu / "lunch menu 2026-11-02.txt").unlink()
    not_ready = run_cli("check", menu, *CHECK, "--format", "verdict")
    assert (not_ready.exit_code, not_ready.stdout) == (
        1,
        "evidence: test-menu-tool certification NOT READY\n",
    )


def test_a_plugins_report_is_written_whole_to_the_output_file(
    menu: Path, tmp_path: Path, run_cli, install
) -> None:
    install(VerdictFormat())
    report = tmp_path / "report.verdict"
    result = run_cli("check", menu, *CHECK, "--format", "verdict", "--output", report)
    assert result.exit_code == 0, result.output
    assert f"Wrote {report}" in result.stderr
    assert report.read_text(encoding="utf-8") == "evidence: test-menu-tool certification READY\n"


def test_the_format_lists_offer_a_plugins_format_beside_the_built_ins(run_cli, install) -> None:
    install(VerdictFormat())
    check_help = run_cli("check", "--help", with_state=False).output
    assert "[verdict|terminal|html|md|json|csv|xlsx]" in check_help
    watch_help = run_cli("watch", "--help", with_state=False).output
    assert "[html|json|md|verdict]" in watch_help


def test_without_the_plugin_its_format_is_not_offered(menu: Path, run_cli, install) -> None:
    install()
    result = run_cli("check", menu, *CHECK, "--format", "verdict")
    assert result.exit_code == 2
    assert "'verdict' is not one of 'terminal', 'html', 'md', 'json', 'csv', 'xlsx'" in (
        result.output
    )


def test_a_format_name_taken_twice_is_refused_naming_both_plugins(
    menu: Path, run_cli, install
) -> None:
    install(VerdictFormat("json"))
    result = run_cli("check", menu, *CHECK, "--format", "json")
    assert result.exit_code == 2
    assert "'json' is registered by both" in result.output
    assert "evidencekit.builtins.reports" in result.output
    assert "tests.cli.test_plugin_hooks.VerdictFormat" in result.output


def test_a_format_may_not_take_the_trackers_name(menu: Path, run_cli, install) -> None:
    install(VerdictFormat("csv"))
    result = run_cli("check", menu, *CHECK, "--format", "csv")
    assert result.exit_code == 2
    assert "'csv' is registered by both evidencekit (the corrective action tracker)" in (
        result.output
    )


def test_the_built_in_json_report_is_unchanged_beside_a_plugins_format(
    menu: Path, run_cli, install
) -> None:
    install(VerdictFormat())
    report = json.loads(run_cli("check", menu, *CHECK, "--format", "json").stdout)
    assert (report["tool"], report["overall"]["verdict"]) == ("test-menu-tool", "ready")


# --- commands -------------------------------------------------------------------------------


def test_a_plugins_command_runs_and_is_listed(run_cli, install) -> None:
    install(GreetingCommand())
    result = run_cli("greet", "Ann", with_state=False)
    assert (result.exit_code, result.output) == (0, "Hello, Ann\n")
    assert run_cli("team", "size", with_state=False).output == "3\n"
    listed = run_cli("--help", with_state=False).output
    assert "  greet       Say hello to WHO.\n" in listed
    assert "  team        The team's commands.\n" in listed
    assert "  check       Would FOLDER's documentation pass?" in listed


def test_without_the_plugin_its_command_is_unknown(run_cli, install) -> None:
    install()
    result = run_cli("greet", "Ann", with_state=False)
    assert result.exit_code == 2
    assert "No such command 'greet'" in result.output


def test_a_command_named_like_a_built_in_is_refused_naming_both(run_cli, install) -> None:
    install(GreetingCommand("check"))
    for args in (("status", "."), ("--help",)):
        result = run_cli(*args, with_state=False)
        assert result.exit_code == 2
        assert "register_commands: 'check' is registered by both evidencekit (built-in) and " in (
            result.output
        )
        assert "GreetingCommand" in result.output


def test_two_plugins_adding_one_command_are_refused_naming_both(run_cli, install) -> None:
    class OtherGreeting(GreetingCommand):
        pass

    install(GreetingCommand(), OtherGreeting())
    result = run_cli("greet", "Ann", with_state=False)
    assert result.exit_code == 2
    assert "'greet' is registered by both" in result.output
    assert "OtherGreeting" in result.output
    assert "test_plugin_hooks.GreetingCommand" in result.output
