"""``evidencekit profile``: show, set, edit the company profile, and accept what the
evidence suggests for it. Each command parses, calls the core and renders; every change
is validated before anything is written."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import click

from evidencekit.atomic import write_atomically
from evidencekit.cli.options import (
    folder_argument,
    json_option,
    notice,
    open_folder,
    refuse_writing_into_evidence,
    state_option,
    warning,
)
from evidencekit.errors import UsageError
from evidencekit.folder import folder_profile, profile_suggestions, profile_validation
from evidencekit.profile.changes import (
    NEW_PROFILE_TEMPLATE,
    Validation,
    profile_from_edited_text,
    profile_with_value,
    validated,
)
from evidencekit.profile.model import (
    CompanyProfile,
    ProfileError,
    profile_as_dict,
    profile_path,
    save_profile,
)
from evidencekit.profile.suggestions import SUGGESTED_FIELDS, accept_suggestions
from evidencekit.report.profile import (
    HEADCOUNT_MEANING,
    consistency_warnings,
    profile_as_json,
    profile_lines,
    suggestion_lines,
)
from evidencekit.report.untrusted import for_terminal
from evidencekit.workspace import Workspace

profile_file_option = click.option(
    "--profile",
    "profile_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Work on this profile file (one per client) instead of the folder's state.",
)


@dataclass(frozen=True)
class _Target:
    """The profile a command works on: FOLDER's, or a file given with --profile."""

    folder: Path
    state: Path | None
    profile_file: Path | None


@click.command(
    "profile",
    # "set headcount -3" must reach the validator, not be read as an option.
    context_settings={"ignore_unknown_options": True},
)
@folder_argument
@click.argument("words", nargs=-1, metavar="[set KEY VALUE | edit | accept FIELD...]")
@state_option
@profile_file_option
@click.option("--all", "accept_all", is_flag=True, help="With accept: every suggestion.")
@click.option(
    "--no-suggestions", is_flag=True, help="Only the profile; do not read FOLDER's evidence."
)
@json_option
def profile_command(
    folder: Path,
    words: tuple[str, ...],
    state: Path | None,
    profile_file: Path | None,
    accept_all: bool,
    no_suggestions: bool,
    as_json: bool,
) -> None:
    """Show, change and fill in the company profile kept for FOLDER.

    \b
    profile FOLDER                  the profile, and what the evidence suggests for it
    profile FOLDER set KEY VALUE    change one field (validated before it is saved)
    profile FOLDER edit             edit the YAML in $EDITOR (saved only if valid)
    profile FOLDER accept FIELD...  apply the suggestions for company, headcount,
                                    health_safety_representative, sites, roles or
                                    people (--all: every one)

    The profile holds the company's name, its headcount, sites, roles with the number of
    people in each, shifts, certifying partner, people, past audits (program, audit type,
    date, overall and element scores, recommendations) and answers to questions the
    evidence cannot decide. The headcount counts everyone on the WCB account in the past
    12 months: owners, family, office staff, part-time, seasonal and temporary workers,
    volunteers. Suggestions read from the evidence (a roles document or training matrix,
    sites named in inspections, a stated headcount) are shown with their source and are
    applied only by accept.

    KEY for set is a field (company, headcount, headcount_note, partner, shifts, sites,
    people, health_safety_representative) or a dotted path into one: roles.Foreman.people,
    roles[2].level, people.Ann Lee.role, certificates[0].overall, answers.ID. Lists are
    given as a,b,c, or as YAML ('[Yard, "Lot 14, north"]') when a name holds a comma; a
    named item listed again keeps its details. An empty VALUE ("") removes the field.
    set and accept rewrite the file without its comments; edit keeps what you write.
    """
    target = _Target(folder, state, profile_file)
    action, arguments = (words[0], words[1:]) if words else ("show", ())
    # Unknown options reach WORDS (so that a VALUE may be -3): name a mistyped one.
    options = [word for word in words if word.startswith("--")]
    if options and not (action == "set" and len(arguments) == 2 and options == [words[2]]):
        raise UsageError(f"no such option: {options[0]} (see evidencekit profile --help)")
    if action == "show" and not words:
        _show(target, no_suggestions, as_json)
    elif action == "set" and len(arguments) == 2:
        _set(target, arguments[0], arguments[1])
    elif action == "edit" and not arguments:
        _edit(target)
    elif action == "accept":
        _accept(target, arguments, accept_all)
    else:
        raise UsageError(
            f"after FOLDER: nothing, set KEY VALUE, edit or accept FIELD... (not {' '.join(words)})"
        )


def _show(target: _Target, no_suggestions: bool, as_json: bool) -> None:
    with open_folder(target.folder, target.state) as workspace:
        path = profile_path(workspace.location.directory, target.profile_file)
        profile = folder_profile(workspace, target.profile_file)
        suggestions = None if no_suggestions else profile_suggestions(workspace, profile)
    if as_json:
        data = profile_as_json(profile, path, path.is_file(), suggestions)
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for line in profile_lines(profile, path, path.is_file()):
        click.echo(for_terminal(line))
    if suggestions is not None:
        click.echo()
        for line in suggestion_lines(suggestions, _command_words(target)):
            click.echo(for_terminal(line))


def _command_words(target: _Target) -> str:
    words = f"evidencekit profile {_quoted(str(target.folder))}"
    if target.profile_file is not None:
        words += f" --profile {_quoted(str(target.profile_file))}"
    return words


def _quoted(text: str) -> str:
    return f'"{text}"' if any(character in text for character in " '&()") else text


def _set(target: _Target, key: str, value: str) -> None:
    """Set KEY to VALUE and save the profile, if the result is valid."""
    with open_folder(target.folder, target.state) as workspace:
        path = _writable_path(workspace, target)
        validation = profile_validation(workspace, date.today())
        profile = _current_profile(workspace, target, validation)
        changed = profile_with_value(profile, key, value, validation)
        save_profile(path, changed)
    shown = value if value.strip() else "(removed)"
    click.echo(for_terminal(f"{key} = {shown}; saved {path}"))
    if key.strip() == "headcount":
        click.echo(f"The headcount counts {HEADCOUNT_MEANING}.")
    _warn(changed)


def _warn(profile: CompanyProfile) -> None:
    """A saved profile that disagrees with itself is said so (it is not refused)."""
    for said in consistency_warnings(profile):
        warning(for_terminal(said))


def _current_profile(
    workspace: Workspace, target: _Target, validation: Validation
) -> CompanyProfile:
    """The profile to change: a --profile file that does not exist yet starts empty."""
    if target.profile_file is not None and not target.profile_file.exists():
        return CompanyProfile()
    return folder_profile(workspace, target.profile_file, validation.today)


def _writable_path(workspace: Workspace, target: _Target) -> Path:
    """The profile file a change is saved to; never one inside the evidence folder (a
    --profile file inside the state directory is fine: profile.yaml lives there)."""
    path = profile_path(workspace.location.directory, target.profile_file)
    if target.profile_file is not None:
        refuse_writing_into_evidence(path, workspace, "--profile")
    return path


def _edit(target: _Target) -> None:
    """Open the profile's YAML in $EDITOR; save it only if what was written is valid.
    At a terminal an invalid profile may be edited again; otherwise the command stops
    with the message naming the field, and the file stays as it was."""
    interactive = at_a_terminal()
    with open_folder(target.folder, target.state) as workspace:
        path = _writable_path(workspace, target)
        validation = profile_validation(workspace, date.today())
        text = path.read_text(encoding="utf-8") if path.is_file() else NEW_PROFILE_TEMPLATE
        while True:
            edited = _edited(text)
            if edited is None or edited == text:
                click.echo(f"No change; {path} left as it was.")
                return
            try:
                profile_from_edited_text(edited, str(path), validation)
            except ProfileError as error:
                if not interactive:
                    raise
                click.secho(f"Error: {error}", err=True, fg="red")
                if not click.confirm("Edit it again? (No: nothing is saved)", default=True):
                    raise
                text = edited
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            # The text as written, comments and all: the validator has read it.
            write_atomically(path, edited)
            click.echo(f"Saved {path}")
            return


def at_a_terminal() -> bool:
    """Can the person be asked to edit again? (Not in a script or a pipe.)"""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _edited(text: str) -> str | None:
    try:
        return click.edit(text, extension=".yaml", require_save=True)
    except click.ClickException as error:
        raise UsageError(f"$EDITOR: {error.format_message()}") from error


def _accept(target: _Target, fields: tuple[str, ...], accept_all: bool) -> None:
    """Apply the evidence's suggestions for ``fields`` (or all) and save the profile if
    the result is valid."""
    unknown = [name for name in fields if name not in SUGGESTED_FIELDS]
    if unknown or not (fields or accept_all):
        raise UsageError(
            (f"no suggestions for {', '.join(unknown)}; " if unknown else "")
            + f"accept one of {', '.join(SUGGESTED_FIELDS)}, or --all"
        )
    wanted = SUGGESTED_FIELDS if accept_all else fields
    with open_folder(target.folder, target.state) as workspace:
        path = _writable_path(workspace, target)
        validation = profile_validation(workspace, date.today())
        profile = _current_profile(workspace, target, validation)
        accepted = accept_suggestions(profile, profile_suggestions(workspace, profile), wanted)
        if not accepted.taken:
            click.echo("Nothing to accept: the profile already says what the evidence says.")
            _say_summaries_left_out(accepted.summaries_left_out)
            return
        changed = validated(profile_as_dict(accepted.profile), validation)
        save_profile(path, changed)
    taken = ", ".join(f"{name} {count}" for name, count in accepted.taken.items())
    click.echo(f"Accepted {taken}; saved {path}")
    _warn(changed)
    if accepted.roles_left_out:
        notice(
            f"{len(accepted.roles_left_out)} people added without a role: the profile has no "
            "role of that name (accept roles too, or set people.NAME.role)."
        )
    if accepted.assumed:
        notice(
            "No title or document states the level of "
            + ", ".join(accepted.assumed)
            + ": taken as worker. Correct it with `profile FOLDER set roles.NAME.level "
            "supervisor` (or senior-management)."
        )
    if "roles" in accepted.taken:
        notice(
            "New roles are full-time unless their title says part-time or seasonal: "
            "correct one with `profile FOLDER set roles.NAME.employment part-time`."
        )
    _say_summaries_left_out(accepted.summaries_left_out)


def _say_summaries_left_out(names: tuple[str, ...]) -> None:
    if names:
        notice(
            f"Not accepted: {', '.join(names)}, a count of people the profile's own roles "
            "already hold (`profile FOLDER` shows it beside them)."
        )


COMMANDS = (profile_command,)
