"""``evidencekit map`` and ``link``: which documents prove which requirement, and the
user's corrections of that."""

from __future__ import annotations

from pathlib import Path

import click

from evidencekit.cli.options import (
    folder_argument,
    json_option,
    notice,
    open_folder,
    print_json,
    profile_option,
    state_option,
    tool_option,
)
from evidencekit.folder import decide_link, folder_evidence_map
from evidencekit.report.evidence_map import (
    evidence_map_as_stream,
    render_evidence_map,
)
from evidencekit.report.untrusted import for_terminal


@click.command("map")
@folder_argument
@state_option
@tool_option
@profile_option
@json_option
def map_command(
    folder: Path, state: Path | None, tool_id: str | None, profile_file: Path | None, as_json: bool
) -> None:
    """Show which documents in FOLDER prove which requirement of an audit tool, and why.

    The tool is the company's program, as for `check` (the profile, else the headcount
    the evidence states, else the default), unless --tool names one."""
    with open_folder(folder, state) as workspace:
        evidence, notices = folder_evidence_map(workspace, tool_id, profile_file)
    for said in notices:
        notice(for_terminal(said))
    if as_json:
        print_json(evidence_map_as_stream(evidence))
    else:
        render_evidence_map(evidence)


@click.command()
@folder_argument
@click.argument("action", type=click.Choice(["add", "reject", "reset"]))
@click.argument("document")
@click.argument("requirement")
@state_option
@tool_option
@profile_option
def link(
    folder: Path,
    action: str,
    document: str,
    requirement: str,
    state: Path | None,
    tool_id: str | None,
    profile_file: Path | None,
) -> None:
    """Correct the evidence map: ADD or REJECT DOCUMENT as evidence of REQUIREMENT, or RESET.

    DOCUMENT is a path relative to FOLDER, as `evidencekit documents` lists it. Decisions
    are kept in the state, survive rescans, follow the file when it moves, and show as the
    user's in every output. REQUIREMENT is one of the company's program's tool, as for
    `check`, unless --tool names another.
    """
    with open_folder(folder, state) as workspace:
        decision = decide_link(workspace, tool_id, action, document, requirement, profile_file)
    for said in decision.notices:
        notice(for_terminal(said))
    click.echo(decision.done)


COMMANDS = (map_command, link)
