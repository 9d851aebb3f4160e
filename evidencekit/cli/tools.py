"""``evidencekit tools``: the installed audit tools, checking a mapping file, comparing two
versions of a tool (for a folder's evidence too), and a new tool's plugin skeleton."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from evidencekit.audit_tools.installed import installed_audit_tools
from evidencekit.audit_tools.loading import validate_audit_tool_file
from evidencekit.cli.options import (
    audit_date_option,
    audit_type_option,
    checked_audit_date,
    count,
    emit_report,
    follow_symlinks_option,
    jobs_option,
    json_option,
    open_folder,
    plugin_manager,
    print_json,
    refuse_output_into_state_or_evidence,
    report_options,
    state_option,
)
from evidencekit.errors import UsageError
from evidencekit.folder import compare_tool_versions, diff_installed_tools, scan_into_catalog
from evidencekit.models import AuditTool
from evidencekit.report.tool_diff import TOOL_DIFF_FORMATS, render_tool_diff, tool_diff_report
from evidencekit.scan import ScanOptions


@click.group(invoke_without_command=True)
@json_option
@click.pass_context
def tools(ctx: click.Context, as_json: bool) -> None:
    """List the installed audit tools (bundled and from plugins)."""
    if ctx.invoked_subcommand is not None:
        return
    registrations = installed_audit_tools(plugin_manager())
    if as_json:
        print_json([_tool_as_dict(reg.value, reg.plugin) for reg in registrations.values()])
        return
    for registration in registrations.values():
        tool = registration.value
        requirements = len(tool.requirements())
        used = f"; for audits {tool.in_force.describe()}" if tool.in_force.dated else ""
        click.echo(f"{tool.id:<20} {tool.program:<6} {tool.name} {tool.version}{used}")
        click.echo(
            f"{'':<20} {tool.partner}; {count(len(tool.elements), 'element')}, "
            f"{count(requirements, 'requirement')};"
            f" from {registration.plugin}"
        )


def _tool_as_dict(tool: AuditTool, plugin: str) -> dict:
    return {
        "id": tool.id,
        "name": tool.name,
        "version": tool.version,
        "partner": tool.partner,
        "program": tool.program,
        "elements": len(tool.elements),
        "requirements": len(tool.requirements()),
        "audit_types": [kind.name for kind in tool.audit_types],
        "in_force": {
            "from": tool.in_force.start.isoformat() if tool.in_force.start else None,
            "until": tool.in_force.end.isoformat() if tool.in_force.end else None,
        },
        "file": tool.file,
        "plugin": plugin,
    }


@tools.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def tools_validate(files: tuple[Path, ...]) -> None:
    """Check audit tool mapping FILES; every problem with file, line and requirement."""
    problems = [problem for path in files for problem in validate_audit_tool_file(path)]
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"{count(len(problems), 'problem')} in {count(len(files), 'file')}", err=True)
        raise SystemExit(1)
    click.echo(f"{count(len(files), 'file')} valid")


# --- comparing two versions of an audit tool -------------------------------------------------


@tools.command("diff")
@click.argument("old")
@click.argument("new")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@state_option
@audit_type_option
@audit_date_option
@report_options(TOOL_DIFF_FORMATS, "Write the report to this file instead of the terminal.")
@click.option(
    "--carry-over",
    is_flag=True,
    help="Store the corrections that carry over (under NEW's requirement ids) for NEW in "
    "FOLDER's state, so that `check --tool NEW` applies them. Needs FOLDER.",
)
@jobs_option
@follow_symlinks_option
def tools_diff(
    old: str,
    new: str,
    folder: Path | None,
    state: Path | None,
    audit_type: str,
    audit_date: datetime | None,
    report_format: str,
    output: Path | None,
    carry_over: bool,
    jobs: int,
    follow_symlinks: bool,
) -> None:
    """What changes from audit tool OLD to NEW, and, with FOLDER, for its evidence.

    OLD and NEW are installed tool ids or mapping files (a draft can be compared before
    it is installed). Lists requirements added, removed, renumbered, reworded (with the
    similarity), points, verification and evidence rules changed, elements and pass marks.
    With FOLDER (scanned first, as `check` does): which evidence links and corrections
    carry over and which need a look, and readiness under each version side by side.
    """
    if carry_over and folder is None:
        raise UsageError("--carry-over stores corrections of an evidence folder; give FOLDER")
    diff = diff_installed_tools(plugin_manager(), old, new)
    comparison = None
    if folder is not None:
        when = checked_audit_date(audit_date)
        with open_folder(folder, state) as workspace:
            if output is not None:
                refuse_output_into_state_or_evidence(output, workspace, "--output")
            options = ScanOptions(jobs=jobs, follow_symlinks=follow_symlinks)
            scan_into_catalog(workspace, options)
            comparison = compare_tool_versions(workspace, diff, audit_type, when, carry_over)
    if report_format == "terminal" and output is None:
        render_tool_diff(diff, comparison)
        return
    emit_report(tool_diff_report(diff, comparison, report_format), output)


# --- plugin authors ------------------------------------------------------------------------


@tools.command("new")
@click.argument("tool_id", metavar="ID")
@click.option(
    "--from", "from_tool", metavar="EXISTING", help="Start from this installed tool's file."
)
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the distribution (default: ./evidencekit-ID); must not exist.",
)
def tools_new(tool_id: str, from_tool: str | None, directory: Path | None) -> None:
    """Write a plugin distribution for a new audit tool ID: installable, with passing tests."""
    from evidencekit.audit_tools.scaffold import write_plugin_skeleton

    installed = {
        tool: registration.value
        for tool, registration in installed_audit_tools(plugin_manager()).items()
    }
    files = write_plugin_skeleton(tool_id, directory, installed, from_tool)
    root = files[0].parent
    click.echo(f"Wrote {root}:")
    # ./ so that pip takes it for a folder, not a project name on the package index.
    where = root if root.is_absolute() else f"./{root}"
    for path in files:
        click.echo(f"  {path.relative_to(root)}")
    click.echo(f"Next: pip install {where}/ && (cd {where} && pytest)")


COMMANDS = (tools,)
