"""The preparation as a printable HTML page, Markdown and terminal text; untrusted names
and paths stay inert in each."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from evidencekit.audit_tools.installed import installed_audit_tools
from evidencekit.models import (
    DocumentFacts,
    DocumentStatus,
    EvidenceLink,
    EvidenceMap,
    LinkStrength,
    RequirementEvidence,
)
from evidencekit.plugins import make_plugin_manager
from evidencekit.prep.interviews import prepare_interviews
from evidencekit.profile.model import CompanyProfile, Person, Role, Site
from evidencekit.report.prep import prep_html, prep_markdown, prep_report

HOSTILE_ROLE = "<script>alert(1)</script> # **Boss**\x1b[2J"
HOSTILE_PATH = "Policy/<img src=x onerror=alert(1)> [x](javascript:y).pdf"


@pytest.fixture(scope="module")
def preparation():
    tools = installed_audit_tools(make_plugin_manager(load_entrypoints=False))
    tool = tools["acsa-cor-2019"].value
    policy = DocumentFacts(
        path=HOSTILE_PATH,
        title=None,
        status=DocumentStatus.OK,
        doc_type="policy",
        type_cue="test",
        date="2026-01-10",
    )
    entries = tuple(
        RequirementEvidence(
            requirement,
            (
                EvidenceLink(
                    requirement.id, HOSTILE_PATH, "type", LinkStrength.STRONG, "document-type"
                ),
            )
            if requirement.id == "cor2019-1.1"
            else (),
        )
        for requirement in tool.requirements()
    )
    evidence_map = EvidenceMap(tool, entries, (policy,), ())
    profile = CompanyProfile(
        company="Acme <b>Ltd</b>",
        headcount=12,
        shifts=("day",),
        sites=(Site("Main yard", kind="yard"), Site("Job 7", kind="field")),
        roles=(
            Role(HOSTILE_ROLE, 1, level="senior-management"),
            Role("Foreman", 2, level="supervisor"),
            Role("Labourer", 9),
        ),
        people=(Person("Ann <i>Lee</i>", role="Foreman"),),
    )
    return prepare_interviews(evidence_map, profile)


def test_html_has_one_printed_page_per_role_and_per_site(preparation, tmp_path: Path) -> None:
    page = prep_html(preparation, tmp_path)
    assert page.count('<section class="sheet"') == len(preparation.sheets) == 3
    assert page.count('<section class="sheet checklist"') == 2
    assert re.search(r"section\.sheet, section\.checklist \{ break-before: page;", page)


def test_html_escapes_names_and_paths(preparation, tmp_path: Path) -> None:
    page = prep_html(preparation, tmp_path)
    assert "<script>" not in page and "<img" not in page and "<b>Ltd" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Ann &lt;i&gt;Lee&lt;/i&gt;" in page
    # The policy's file is linked, percent-encoded, from every sheet that should know it.
    assert page.count("Policy/%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E") >= 3


def test_markdown_keeps_names_and_paths_inert(preparation) -> None:
    text = prep_markdown(preparation)
    assert (
        "## Preparation sheet: \\<script\\>alert\\(1\\)\\</script\\> \\# \\*\\*Boss\\*\\*" in text
    )
    assert "\n# **Boss**" not in text and "](javascript" not in text
    # Paths are escaped text, not code spans, where the escapes would show.
    assert "  - Policy/\\<img src=x onerror=alert\\(1\\)\\> \\[x\\]" in text


def test_terminal_text_has_no_escape_sequences(preparation, tmp_path: Path) -> None:
    text = prep_report(preparation, "terminal", tmp_path)
    assert "\x1b" not in text
    assert click.unstyle(text) == text
    assert "Interviews per role" in text and "Observation checklist: Job 7" in text
