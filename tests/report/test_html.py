"""The HTML readiness report: complete, self-contained, and safe with hostile file names."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from markupsafe import escape

from evidencekit.figures import percent
from evidencekit.models import CoverageState, Readiness
from evidencekit.plugins import make_plugin_manager
from evidencekit.report.html import readiness_html
from evidencekit.workspace import open_workspace
from tests.documents import write_pdf, write_text

COR = "acsa-cor-2019"
AUDIT_DATE = date(2026, 11, 16)
#: The COR requirement for monthly safety meetings or toolbox talks.
MEETINGS = "cor2019-1.8"
#: The COR requirement for pre-use checks of equipment, recorded.
PRE_USE = "cor2019-7.6"
HOSTILE = "<img src=x onerror=alert(1)>.txt"


@pytest.fixture
def readiness(evidence: Path, state: Path, scan) -> Readiness:
    write_pdf(
        evidence / "Policy" / "Health and Safety Policy.pdf",
        ["Health and Safety Policy. Date: 2026-03-04. Signed by the owner."],
    )
    write_text(
        evidence / "Meetings" / "Toolbox talk 2026-03-11.txt",
        "Toolbox talk\nDate: 2026-03-11\nWe talked about ladders.",
    )
    write_text(evidence / HOSTILE, "Toolbox talk\nDate: 2026-05-06\n<b>ladders</b>")
    scan()
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as ws:
        return ws.readiness(COR, "certification", AUDIT_DATE)


@pytest.fixture
def page(readiness: Readiness, evidence: Path) -> str:
    return readiness_html(readiness, evidence)


def test_the_verdict_and_scores_are_shown(readiness: Readiness, page: str) -> None:
    assert ("not ready" if not readiness.ready else "ready") in page
    assert f'class="verdict {"ready" if readiness.ready else "not-ready"}"' in page
    assert percent(readiness.overall_documentation_pct) in page
    assert f"{readiness.audit_type.overall_pass_pct:g}%" in page
    for element in readiness.elements:
        assert percent(element.documentation_pct) in page


def test_every_finding_is_listed(readiness: Readiness, page: str) -> None:
    assert readiness.findings
    for finding in readiness.findings:
        assert f'id="finding-{finding.id}"' in page


def test_document_text_is_escaped(page: str) -> None:
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    assert "<img src=x" not in page
    assert "<b>ladders" not in page
    assert "<script" not in page.lower()


def test_documents_are_shown_by_relative_path_without_links_to_the_disk(
    evidence: Path, page: str
) -> None:
    assert not re.findall(r'href="([^"#][^"]*)"', page), "only links within the page"
    assert "file://" not in page and str(evidence.resolve()) not in page
    assert "Policy/Health and Safety Policy.pdf" in page


def test_without_paths_no_document_path_is_shown(readiness: Readiness, evidence: Path) -> None:
    page = readiness_html(readiness, evidence, show_paths=False)
    assert "Policy/Health and Safety Policy.pdf" not in page
    assert "Document folders are left out of this copy." in page


def test_the_client_is_named_and_heads_every_printed_page(
    readiness: Readiness, evidence: Path
) -> None:
    page = readiness_html(replace(readiness, company='Acme "Safe" </style> Ltd.'), evidence)
    assert "Acme &#34;Safe&#34; &lt;/style&gt; Ltd.: ACSA COR audit tool" in page
    (header,) = re.findall(r'@top-left \{ content: "([^"]*)"', page)
    assert header.startswith("Acme\\000020\\000022Safe") and "</style>" not in header
    assert 'counter(page) " of " counter(pages)' in page


def test_advice_speaks_to_the_client_not_in_commands(readiness: Readiness, page: str) -> None:
    assert any("`evidencekit link add`" in f.action for f in readiness.findings)
    assert "evidencekit link" not in page
    assert "tell your consultant where it is" in page


def test_coverage_rows_name_the_requirement_by_id_and_title(
    readiness: Readiness, page: str
) -> None:
    (row,) = [row for row in readiness.coverage if row.requirement.id == MEETINGS]
    assert f"<code>{MEETINGS}</code></a> {escape(row.requirement.summary)}" in page


def test_the_page_loads_nothing_from_elsewhere(page: str) -> None:
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page


def test_the_calendar_counts_records_per_month(readiness: Readiness) -> None:
    (row,) = [row for row in readiness.coverage if row.requirement.id == MEETINGS]
    cells = {cell.period: cell for cell in row.cells}
    assert len(row.cells) == 13
    assert (cells["2026-03"].count, cells["2026-03"].state) == (1, CoverageState.COVERED)
    assert (cells["2026-04"].count, cells["2026-04"].state) == (0, CoverageState.MISSING)
    assert cells["2026-11"].state == CoverageState.RUNNING


def test_the_calendar_is_on_the_page(page: str) -> None:
    assert 'class="cell covered" title="Mar 2026: 1 record"' in page
    assert 'class="cell missing" title="Apr 2026: 0 records"' in page


def test_interview_questions_are_preparation_items(readiness: Readiness, page: str) -> None:
    preparation = page.split('id="preparation"')[1].split("</section>")[0]
    interviews = [
        score.requirement.id
        for element in readiness.elements
        for score in element.requirements
        if not score.requirement.needs_documents
    ]
    assert interviews and all(f"<code>{rid}</code>" in preparation for rid in interviews)


def test_the_calendar_counts_as_the_findings_do(evidence: Path, state: Path, scan) -> None:
    write_text(
        evidence / "HS Program Manual.txt",
        "Health and Safety Program Manual\nRevision date: 2026-01-10.\n"
        "An emergency drill is held at least every six months.\n",
    )
    write_text(
        evidence / "Drills" / "Drill record 2026-03-25.txt",
        "Emergency drill record\nDate: 2026-03-25\n",
    )
    scan()
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as ws:
        readiness = ws.readiness(COR, "certification", AUDIT_DATE)
    (row,) = [row for row in readiness.coverage if row.requirement.id == "cor2019-8.2"]
    # The manual's six months, not the tool's year: one cell saying the drill is overdue.
    assert (row.frequency.recurrence, str(row.frequency.source)) == ("half-yearly", "company")
    (cell,) = row.cells
    assert (cell.state, cell.label) == (
        CoverageState.MISSING,
        "last 2026-03-25, next due 2026-09-25",
    )
    (finding,) = [f for f in readiness.findings if f.requirement_id == "cor2019-8.2"]
    assert finding.kind == "coverage-gap" and "due by 2026-09-25" in finding.message
    assert "as HS Program Manual.txt promises" in readiness_html(readiness, evidence)


def test_check_escapes_html_in_file_names_titles_and_text(
    evidence: Path, tmp_path: Path, run_cli
) -> None:
    write_pdf(
        evidence / "Policy" / "<img src=x onerror=alert(1)>.pdf",
        ["Health and Safety Policy. Date: 2026-03-04. <script>alert('text')</script>"],
        title="<script>alert('title')</script>",
    )
    write_text(
        evidence / "Meetings" / 'Toolbox talk 2026-03-11 "><svg onload=alert(2)>.txt',
        "Toolbox talk\nDate: 2026-03-11\n<iframe src=javascript:alert(3)></iframe>",
    )
    report = tmp_path / "readiness.html"
    result = run_cli("check", evidence, "--format", "html", "--output", report)
    assert result.exit_code in (0, 1), result.output
    page = report.read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page
    assert "&#34;&gt;&lt;svg onload=alert(2)&gt;.txt" in page
    assert not re.search(r"<(img|svg|script|iframe)\b", page, re.IGNORECASE)


def test_a_row_with_only_supporting_documents_is_not_checked(
    evidence: Path, state: Path, scan
) -> None:
    # A site inspection that mentions pre-use checks supports the pre-use requirement but
    # is not a pre-use record: the calendar says it cannot check it, it does not paint
    # every month as missing.
    write_text(
        evidence / "Inspections" / "Site inspection 2026-06-08.txt",
        "Site inspection checklist\nDate: 2026-06-08\n"
        "Daily inspection (pre use) of the loader: done.",
    )
    scan()
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as ws:
        readiness = ws.readiness(COR, "certification", AUDIT_DATE)
    (row,) = [row for row in readiness.coverage if row.requirement.id == PRE_USE]
    assert row.unchecked and row.supporting == 1
    (finding,) = [f for f in readiness.findings if f.requirement_id == PRE_USE]
    assert (finding.kind, finding.periods) == ("coverage-gap", ())
    page = readiness_html(readiness, evidence)
    assert "only supporting documents linked (1)" in page
    assert 'class="cell unchecked"' in page


def test_a_long_evidence_list_is_folded_and_counted_while_markdown_lists_every_document(
    evidence: Path, state: Path, scan
) -> None:
    talks = [
        f"Meetings/Toolbox talk 2026-{month:02d}-{day:02d}.txt"
        for month in range(1, 11)
        for day in (3, 10, 17, 24)
    ]
    for path in talks:
        write_text(evidence / path, f"Toolbox talk\nDate: {Path(path).stem[-10:]}\nLadders.")
    scan()
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as ws:
        readiness = ws.readiness(COR, "certification", AUDIT_DATE)
    page = readiness_html(readiness, evidence)
    linked = [
        p
        for p in talks
        if any(
            link.path == p
            for item in readiness.evidence_map.requirements
            if item.requirement.id == MEETINGS
            for link in item.links
        )
    ]
    assert len(linked) == 40
    block = page[page.index(f'id="req-{MEETINGS}"') :]
    block = block[: block.index('<div class="req"', 1)]
    shown = [p for p in linked if p in block]
    # The first five in full, twenty more behind a "more" line, the other fifteen counted.
    assert len(shown) == 25
    assert block.count('<ul class="reasons">') == 5
    assert "<summary>20 more documents (of 35 more)</summary>" in block
    assert "And 15 more documents: the Markdown and JSON reports" in block
    markdown = render_markdown(readiness)
    assert all(p in markdown for p in linked)


def render_markdown(readiness: Readiness) -> str:
    from evidencekit.report.files import BUILTIN_REPORT_FORMATS

    (markdown,) = [form for form in BUILTIN_REPORT_FORMATS if form.name == "md"]
    return markdown.render(readiness, Path("."))
