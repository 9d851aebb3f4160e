"""The command line as a user meets it: output, JSON, messages and exit codes."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sqlite3
import sys
from contextlib import closing
from pathlib import Path

import pytest

import evidencekit.cli
from evidencekit.cli import BUILTIN_COMMANDS
from tests.conftest import json_output
from tests.documents import write_docx, write_pdf, write_text
from tests.processes import evidencekit_command


@pytest.fixture
def company(evidence: Path) -> Path:
    write_pdf(
        evidence / "Policy" / "Health and Safety Policy.pdf",
        ["Our commitment to worker safety.", "Signed by the owner on March 4, 2026."],
        title="Health and Safety Policy",
    )
    write_docx(evidence / "Meetings" / "Toolbox talk 2026-03.docx", ["Fall protection refresher"])
    write_text(evidence / "Inspections" / "inspection.md", "# Site inspection\nFire extinguishers")
    write_text(evidence / "scan.dwg", "not readable")
    return evidence


def test_scan_prints_a_closing_summary(company: Path, run_cli) -> None:
    result = run_cli("scan", company)
    assert result.exit_code == 0
    assert "new 4" in result.output
    assert "unreadable: unsupported 1" in result.output
    assert "scan.dwg: unsupported: no extractor reads .dwg" in result.output
    assert "extracted 4; slowest " in result.output
    again = run_cli("scan", company)
    assert "new 0, changed 0, moved 0, removed 0, unchanged 4" in again.output


def test_scan_json_summary(company: Path, run_cli) -> None:
    summary = json_output(run_cli("scan", company, "--json"))
    assert summary["new"] == 4
    assert summary["problems"] == [
        {"path": "scan.dwg", "status": "unsupported", "reason": "no extractor reads .dwg"}
    ]


def test_json_names_an_accented_file_on_a_terminal_set_to_ascii(
    evidence: Path, state: Path
) -> None:
    # A French policy's name on a server whose locale says ASCII: the JSON is written in
    # UTF-8 and the listing ends, as click writes to a misconfigured terminal.
    import os
    import subprocess

    write_text(evidence / "Politique santé-sécurité.txt", "Politique de santé et sécurité")
    environment = {**os.environ, "PYTHONIOENCODING": "ascii"}
    listed = subprocess.run(
        evidencekit_command("scan", evidence, "--state", state, "--json"),
        capture_output=True,
        env=environment,
    )
    assert listed.returncode == 0, listed.stderr.decode()
    assert json.loads(listed.stdout.decode("utf-8"))["new"] == 1
    documents = subprocess.run(
        evidencekit_command("documents", evidence, "--state", state, "--json"),
        capture_output=True,
        env=environment,
    )
    assert documents.returncode == 0, documents.stderr.decode()
    [row] = json.loads(documents.stdout.decode("utf-8"))
    assert row["path"] == "Politique santé-sécurité.txt"


def test_documents_lists_each_file_with_what_was_read(company: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")
    rows = {row["path"]: row for row in json_output(run_cli("documents", company, "--json"))}
    assert set(rows) == {
        "Policy/Health and Safety Policy.pdf",
        "Meetings/Toolbox talk 2026-03.docx",
        "Inspections/inspection.md",
        "scan.dwg",
    }
    policy = rows["Policy/Health and Safety Policy.pdf"]
    assert (policy["status"], policy["pages"], policy["title"]) == (
        "ok",
        2,
        "Health and Safety Policy",
    )
    assert policy["chars"] > 40
    assert {"path", "status", "reason", "pages", "chars", "modified"} <= set(policy)
    problems = json_output(run_cli("documents", company, "--problems", "--json"))
    assert [row["path"] for row in problems] == ["scan.dwg"]


def test_search_finds_a_phrase_with_its_page(company: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")
    hits = json_output(run_cli("search", company, '"signed by the owner"', "--json"))
    assert [(hit["path"], hit["page"]) for hit in hits] == [
        ("Policy/Health and Safety Policy.pdf", 2)
    ]
    assert "**Signed** by the **owner** on March 4, 2026" in hits[0]["snippet"]
    text = run_cli("search", company, "extinguishers")
    assert "Inspections/inspection.md  (page 1)" in text.output


def test_search_field_filters(company: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")

    def paths(query: str) -> list[str]:
        return sorted(
            hit["path"] for hit in json_output(run_cli("search", company, query, "--json"))
        )

    assert paths("filetype:docx") == ["Meetings/Toolbox talk 2026-03.docx"]
    assert paths("folder:policy") == ["Policy/Health and Safety Policy.pdf"]
    assert paths("safety NOT policy") == []
    assert paths("fall OR extinguishers") == [
        "Inspections/inspection.md",
        "Meetings/Toolbox talk 2026-03.docx",
    ]
    assert len(paths("modified:[2000 to 2100]")) == 4
    assert paths("modified:[1990 to 1991]") == []


def test_status_says_where_state_lives_and_what_is_there(company: Path, run_cli, state) -> None:
    run_cli("scan", company, "--quiet")
    report = json_output(run_cli("status", company, "--json"))
    assert report["state_directory"] == str(state.resolve())
    assert report["by_status"] == {"ok": 3, "unsupported": 1}
    assert report["indexed_files"] == 4
    assert report["last_scan"]["new"] == 4


def test_reindex_rebuilds_without_reading_the_folder(company: Path, run_cli, state) -> None:
    run_cli("scan", company, "--quiet")
    for path in company.rglob("*"):
        if path.is_file():
            path.write_bytes(b"")  # Reindex must not read these again.
    result = run_cli("reindex", company)
    assert result.exit_code == 0 and "4 files" in result.output
    hits = json_output(run_cli("search", company, "extinguishers", "--json"))
    assert [hit["path"] for hit in hits] == ["Inspections/inspection.md"]


def test_plugins_lists_the_built_ins_with_their_source(run_cli) -> None:
    result = run_cli("plugins", "--json", with_state=False)
    plugins = {row["name"]: row for row in json_output(result)}
    assert plugins["evidencekit.builtins.pdf"]["source"].endswith("(built-in)")
    assert "extract_document" in plugins["evidencekit.builtins.docx"]["hooks"]
    assert "open_search_index" in plugins["evidencekit.builtins.whoosh_index"]["hooks"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "/no/such/folder"], "the evidence folder /no/such/folder does not exist"),
        (["search", "/no/such/folder", "x"], "does not exist"),
    ],
)
def test_user_mistakes_get_a_message_and_exit_code_2(run_cli, args, message) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_state_inside_the_evidence_folder_is_refused(company: Path, run_cli) -> None:
    result = run_cli("scan", company, "--state", company / "state", with_state=False)
    assert result.exit_code == 2
    assert "evidencekit never writes into evidence" in result.output
    assert not (company / "state").exists()


def test_a_second_writer_waits_then_says_why(company: Path, run_cli, state, monkeypatch) -> None:
    import filelock

    from evidencekit import state as state_module

    run_cli("scan", company, "--quiet")
    monkeypatch.setattr(state_module, "DEFAULT_LOCK_WAIT_SECONDS", 0.2)
    with filelock.FileLock(state_module.locate_state(company, state).lock_path):
        result = run_cli("reindex", company)
    assert result.exit_code == 2
    assert "another evidencekit process is updating" in result.output


def test_a_state_directory_serves_one_folder(company: Path, tmp_path: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")
    other = tmp_path / "other"
    other.mkdir()
    result = run_cli("scan", other)
    assert result.exit_code == 2
    assert "belongs to the evidence folder" in result.output


def test_the_console_script_runs(company: Path, state: Path) -> None:
    import subprocess

    completed = subprocess.run(
        [sys.executable, "-m", "evidencekit", "scan", str(company), "--state", str(state)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "new 4" in completed.stdout


def test_a_reader_that_stops_early_gets_141_not_a_verdict(company: Path, state: Path) -> None:
    # `evidencekit check … | head`: exit 1 would read as "not ready", and a traceback is noise.
    import subprocess

    process = subprocess.Popen(
        evidencekit_command("check", company, "--state", state, "--audit-date", "2026-11-16"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    process.stdout.close()  # before the scan ends, so the report meets a closed pipe
    stderr = process.stderr.read().decode()
    assert process.wait() == 141
    assert "Traceback" not in stderr and "Error" not in stderr, stderr


# --- audit tools, the map and corrections ---------------------------------------------------

MAPPINGS = Path(__file__).resolve().parents[2] / "mappings"
BROKEN = Path(__file__).parents[1] / "audit_tools" / "broken_mappings"


def test_tools_lists_the_bundled_audit_tools(run_cli) -> None:
    tools = {row["id"]: row for row in json_output(run_cli("tools", "--json", with_state=False))}
    assert tools["acsa-cor-2019"]["program"] == "COR"
    assert tools["acsa-cor-2019"]["elements"] == 10
    assert tools["acsa-secor-2023"]["program"] == "SECOR"
    text = run_cli("tools", with_state=False).output
    assert "acsa-cor-2019" in text and "from evidencekit.builtins.audit_tools" in text
    assert "(ACSA); 10 elements, 71 requirements;" in text
    assert tools["acsa-cor-2019"]["in_force"] == {"from": None, "until": "2022-12-31"}
    assert tools["acsa-cor-2023"]["in_force"] == {"from": "2023-01-01", "until": None}
    assert "ACSA COR Audit Instrument 2023; for audits from 2023-01-01" in text


def test_tools_validate_passes_good_files_and_lists_problems(run_cli) -> None:
    good = run_cli("tools", "validate", *sorted(MAPPINGS.glob("*.yaml")), with_state=False)
    assert (good.exit_code, good.output.strip()) == (0, "3 files valid")
    bad = run_cli("tools", "validate", BROKEN / "negative-points.yaml", with_state=False)
    assert bad.exit_code == 1
    expected = (BROKEN / "negative-points.expected.txt").read_text().strip().splitlines()
    assert all(line in bad.output for line in expected)


def test_map_shows_requirements_with_documents_and_reasons(company: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")
    result = json_output(run_cli("map", company, "--json"))
    # Without --tool, the COR tool in force today: the 2023 instrument.
    assert result["tool"]["id"] == "acsa-cor-2023"
    requirements = {
        requirement["id"]: requirement
        for element in result["elements"]
        for requirement in element["requirements"]
    }
    policy = requirements["cor2023-1.1"]["documents"]
    assert [document["path"] for document in policy] == ["Policy/Health and Safety Policy.pdf"]
    assert policy[0]["reasons"][0]["rule"].startswith("type policy")
    assert "scan.dwg" in result["unmapped"]
    text = run_cli("map", company).output
    assert "Element 1  Management leadership and commitment" in text
    assert "Documents that map to nothing" in text


def test_map_before_a_scan_says_what_to_do(company: Path, run_cli) -> None:
    result = run_cli("map", company)
    assert result.exit_code == 2
    assert "has not been scanned yet; run: evidencekit scan FOLDER" in result.output


def test_map_with_an_unknown_tool_lists_the_installed_ones(company: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")
    result = run_cli("map", company, "--tool", "acsa-cor-1999")
    assert result.exit_code == 2
    assert (
        "no audit tool 'acsa-cor-1999'; installed: acsa-cor-2019, acsa-cor-2023, acsa-secor-2023"
        in result.output
    )


def test_link_corrections_show_as_the_users(company: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")
    added = run_cli("link", company, "add", "Inspections/inspection.md", "cor2023-1.1")
    assert added.exit_code == 0 and "kept across rescans" in added.output
    run_cli("scan", company, "--quiet")
    result = json_output(run_cli("map", company, "--json"))
    policy = result["elements"][0]["requirements"][0]
    by_user = [document for document in policy["documents"] if document["by_user"]]
    assert [document["path"] for document in by_user] == ["Inspections/inspection.md"]
    assert "added by you" in run_cli("map", company).output


def test_documents_gain_type_and_date(company: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")
    rows = {row["path"]: row for row in json_output(run_cli("documents", company, "--json"))}
    policy = rows["Policy/Health and Safety Policy.pdf"]
    assert (policy["doc_type"], policy["date"], policy["date_source"]) == (
        "policy",
        "2026-03-04",
        "content",
    )


def test_a_corrected_type_and_date_are_listed_as_the_users(company: Path, run_cli) -> None:
    run_cli("scan", company, "--quiet")
    inspection = "Inspections/inspection.md"
    corrected = run_cli(
        "correct", company, inspection, "--type", "maintenance-record", "--date", "2026-02-03"
    )
    assert corrected.exit_code == 0 and "kept across rescans" in corrected.output
    run_cli("scan", company, "--quiet")
    rows = {row["path"]: row for row in json_output(run_cli("documents", company, "--json"))}
    assert (rows[inspection]["doc_type"], rows[inspection]["date"]) == (
        "maintenance-record",
        "2026-02-03",
    )
    assert rows[inspection]["date_source"] == "user"
    assert run_cli("correct", company, inspection, "--type", "lunch").exit_code == 2
    assert "Reset" in run_cli("correct", company, inspection, "--reset").output
    rows = {row["path"]: row for row in json_output(run_cli("documents", company, "--json"))}
    assert rows[inspection]["doc_type"] == "inspection"


def test_a_date_from_file_metadata_is_listed_as_such(evidence: Path, run_cli) -> None:
    from datetime import datetime

    import docx

    document = docx.Document()
    document.add_paragraph("Crew notes without a printed date")
    document.core_properties.created = datetime(2024, 5, 6, 7, 8, 9)
    (evidence / "Notes").mkdir(parents=True)
    document.save(evidence / "Notes" / "notes.docx")
    run_cli("scan", evidence, "--quiet")

    listing = run_cli("documents", evidence).output

    assert "2024-05-06" in listing
    assert "(date from file metadata only)" in listing


def test_a_state_directory_holding_the_evidence_is_refused(company: Path, run_cli) -> None:
    result = run_cli("scan", company, "--state", company.parent, with_state=False)
    assert result.exit_code == 2
    assert "is inside the state directory" in result.output
    assert sorted(p.name for p in company.parent.iterdir()) == ["evidence"]


def test_search_before_a_scan_says_what_to_do(company: Path, run_cli) -> None:
    result = run_cli("search", company, "policy")
    assert result.exit_code == 2
    assert "has not been scanned yet" in result.output


def test_a_state_directory_that_cannot_be_made_is_a_message(company: Path, tmp_path, run_cli):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli("scan", company, "--state", blocker / "state", with_state=False)
    assert result.exit_code == 2
    assert "cannot create the state directory" in result.output


# --- check --------------------------------------------------------------------------------


@pytest.fixture
def menu_tool_installed(monkeypatch):
    """The CLI builds its own plugin manager: give it the test audit tool as well."""
    from evidencekit.cli import options as cli_options
    from evidencekit.plugins import make_plugin_manager
    from tests.assess.test_readiness import MenuTool

    monkeypatch.setattr(
        cli_options,
        "make_plugin_manager",
        lambda: make_plugin_manager(load_entrypoints=False, extra=[MenuTool()]),
    )


def test_check_exit_codes_say_ready_not_ready_or_error(
    evidence: Path, run_cli, menu_tool_installed
) -> None:
    write_text(evidence / "lunch menu 2026-11-02.txt", "Lunch menu: soup. Date: 2026-11-02")
    write_text(evidence / "parking.txt", "Parking is behind the shop.")  # proves nothing
    args = ("check", evidence, "--tool", "test-menu-tool", "--audit-date", "2026-11-16")
    ready = run_cli(*args)
    assert ready.exit_code == 0, ready.output
    assert "certification audit on 2026-11-16: READY" in ready.output
    (evidence / "lunch menu 2026-11-02.txt").unlink()
    not_ready = run_cli(*args)
    assert not_ready.exit_code == 1
    assert "NOT READY" in not_ready.output
    assert "Blocking a pass (under the 50% element minimum), lowest first: element 1" in (
        not_ready.output
    )
    bad = run_cli("check", evidence, "--tool", "test-menu-tool", "--audit-type", "maintenance")
    assert bad.exit_code == 2
    assert "has no audit type 'maintenance'; it has: certification" in bad.output
    assert run_cli("check", evidence, "--audit-date", "16/11/2026").exit_code == 2


def test_check_json_follows_its_published_schema(company: Path, run_cli) -> None:
    import jsonschema

    result = run_cli("check", company, "--format", "json", "--audit-date", "2026-11-16")
    assert result.exit_code == 1  # a handful of documents is far from the pass marks
    assert "Assessed against acsa-cor-2023, the default" in result.stderr
    report = json.loads(result.stdout)
    schema = json.loads((Path(__file__).parents[2] / "docs" / "readiness.schema.json").read_text())
    jsonschema.validate(report, schema, format_checker=jsonschema.FormatChecker())
    assert report["overall"]["verdict"] == "not-ready"
    assert {d["path"] for d in report["documents"]} >= {"Policy/Health and Safety Policy.pdf"}


def test_check_writes_markdown_outside_the_evidence_folder_only(
    company: Path, tmp_path: Path, run_cli
) -> None:
    inside = run_cli("check", company, "--format", "md", "--output", company / "report.md")
    assert inside.exit_code == 2 and "inside the evidence folder" in inside.output
    assert not (company / "report.md").exists()
    report = tmp_path / "report.md"
    written = run_cli("check", company, "--format", "md", "--output", report)
    assert written.exit_code == 1
    text = report.read_text()
    assert text.startswith("# Audit readiness: ACSA COR Audit Instrument 2023")
    assert "## Scorecard" in text and "## Findings" in text
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


def test_check_writes_a_self_contained_html_report(company: Path, tmp_path: Path, run_cli):
    report = tmp_path / "readiness.html"
    result = run_cli("check", company, "--format", "html", "--output", report)
    assert result.exit_code == 1
    html = report.read_text()
    assert html.startswith("<!DOCTYPE html>") or html.lstrip().lower().startswith("<!doctype html>")
    assert "<script" not in html
    # Handed to the client: paths relative to the evidence folder, no links into this disk.
    assert "Policy/Health and Safety Policy.pdf" in html
    assert "file://" not in html and str(company.resolve()) not in html


def test_file_names_cannot_write_escape_sequences_to_the_terminal(evidence: Path, state) -> None:
    from click.testing import CliRunner

    from evidencekit.cli import cli

    write_text(evidence / "title\x1b]0;pwned\x07 clear\x1b[2J.dwg", "unsupported, so listed")
    write_text(evidence / "two\nlines.txt", "a name with a newline")

    def output(*args: str) -> str:
        # color=True: a real terminal, where click strips nothing.
        result = CliRunner().invoke(cli, [*args, str(evidence), "--state", str(state)], color=True)
        assert result.exit_code == 0, result.output
        return result.output

    for text in (output("scan"), output("documents")):
        assert "title?]0;pwned? clear?[2J.dwg" in text
        assert "two?lines.txt" in text
        assert "\x1b" not in text and "\x07" not in text


def damage_table(catalog_path: Path, table: str) -> None:
    """Overwrite the root page of ``table`` in a closed catalog, as a bad disk sector would."""
    with closing(sqlite3.connect(catalog_path)) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        (page_size,) = db.execute("PRAGMA page_size").fetchone()
        (root,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    with catalog_path.open("r+b") as stream:
        stream.seek((root - 1) * page_size)
        stream.write(b"\x5a" * page_size)


@pytest.mark.parametrize("command", ["scan", "documents", "check", "reindex"])
def test_damage_found_while_the_catalog_is_used_is_a_message(
    company: Path, state: Path, run_cli, command: str
) -> None:
    run_cli("scan", company, "--quiet")
    catalog = state / "catalog.sqlite3"
    damage_table(catalog, "files")
    inode = catalog.stat().st_ino
    result = run_cli(command, company)
    assert result.exit_code == 2
    assert f"Error: the catalog {catalog.resolve()} cannot be read (database disk image is" in (
        result.output
    )
    assert "it was left in place. Move it aside to start a fresh catalog" in result.output
    assert "Traceback" not in result.output
    assert catalog.stat().st_ino == inode


def test_a_catalog_that_is_not_a_database_is_a_message_and_left_untouched(
    company: Path, state: Path, run_cli
) -> None:
    state.mkdir()
    garbage = state / "catalog.sqlite3"
    garbage.write_bytes(b"not a database " * 1000)
    for command in ("scan", "search", "status"):
        args = ("search", company, "policy") if command == "search" else (command, company)
        result = run_cli(*args)
        assert result.exit_code == 2
        assert "cannot be read (file is not a database); it was left in place" in result.output
        assert "Traceback" not in result.output
    assert garbage.read_bytes() == b"not a database " * 1000
    assert [path.name for path in state.iterdir()] == ["catalog.sqlite3"]


def test_check_leaves_a_read_only_folder_byte_identical(
    company: Path, tmp_path: Path, run_cli
) -> None:
    from tests.test_scan import snapshot

    before = snapshot(company)
    entries = [company, *company.rglob("*")]
    for path in entries:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        for report_format in ("terminal", "html", "md", "json", "csv", "xlsx"):
            output = tmp_path / "reports" / f"readiness.{report_format}"
            output.parent.mkdir(exist_ok=True)
            result = run_cli(
                "check", company, "--format", report_format, "--output", output,
                "--audit-date", "2026-11-16",
            )  # fmt: skip
            assert result.exit_code in (0, 1), result.output
            assert output.exists()
    finally:
        for path in entries:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert snapshot(company) == before


@pytest.mark.parametrize("command", ["scan", "check"])
def test_follow_symlinks_reads_linked_files_only_when_asked(
    company: Path, tmp_path: Path, run_cli, state: Path, command: str
) -> None:
    write_text(tmp_path / "elsewhere" / "first aid kit check.txt", "First aid kit checked")
    (company / "linked").symlink_to(tmp_path / "elsewhere")
    run_cli(command, company, "--quiet")
    assert json_output(run_cli("search", company, "kit", "--json")) == []
    run_cli(command, company, "--quiet", "--follow-symlinks")
    hits = json_output(run_cli("search", company, "kit", "--json"))
    assert [hit["path"] for hit in hits] == ["linked/first aid kit check.txt"]


def test_the_command_list_names_every_command_as_its_module_describes_it() -> None:
    """``--help`` lists the built-in commands without importing them: the list must say
    what each command module really holds."""
    described = {}
    for module_info in pkgutil.iter_modules(evidencekit.cli.__path__):
        module = importlib.import_module(f"evidencekit.cli.{module_info.name}")
        for command in getattr(module, "COMMANDS", ()):
            described[command.name] = (module_info.name, command.get_short_help_str(10**6))
    assert described == BUILTIN_COMMANDS
