"""evidencekit.testing, the plugin authors' kit, as an author's test suite uses it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit import hookimpl
from evidencekit.builtins import gap_rules
from evidencekit.errors import UsageError
from evidencekit.models import (
    DocumentStatus,
    EvidenceRule,
    Extraction,
    ExtractionLimits,
    Finding,
    LinkStrength,
    Severity,
    Verification,
)
from evidencekit.plugins import BUILTIN_PLUGINS
from evidencekit.testing import (
    DEFAULT_AUDIT_DATE,
    DEFAULT_AUDIT_TYPE,
    assert_evidence,
    build_assessment_input,
    build_document_facts,
    build_evidence_map,
    build_link,
    build_requirement,
    evidence_folder,
    extract_under_limits,
    mapping_problems,
    plugin_manager,
    print_hostile_table,
    run_check,
)
from tests.conftest import REPO

SAMPLE = REPO / "sample_evidence" / "northridge-construction"


class NoManual:
    @hookimpl
    def register_gap_rules(self, register):
        register("no-manual", self.no_manual)

    @staticmethod
    def no_manual(assessment):
        if not any("manual" in d.path.lower() for d in assessment.evidence_map.documents):
            yield Finding(
                "no-manual-1",
                "no-manual",
                Severity.MINOR,
                "10",
                None,
                "No manual.",
                "File the manual.",
            )


def test_the_plugin_manager_holds_the_built_ins_and_the_authors_plugin_only() -> None:
    plugin = NoManual()
    names = {name for name, _ in plugin_manager(plugin).list_name_plugin()}
    assert names == set(BUILTIN_PLUGINS) | {"tests.test_testing.NoManual"}


def test_a_folder_is_written_from_a_description_and_read_back(tmp_path: Path) -> None:
    folder = evidence_folder(
        tmp_path / "evidence",
        """
        Policy/Health and safety policy.pdf: Health and safety policy | Signed 2026-09-01
        Meetings/Toolbox talk 2026-10-02.docx: Toolbox talk | Topic: ladders
        notes.txt: first line | second line
        """,
    )
    assert (folder / "notes.txt").read_text() == "first line\nsecond line\n"
    result = run_check(folder, NoManual(), audit_date="2026-11-16")
    statuses = {document["path"]: document["status"] for document in result.report["documents"]}
    assert statuses == {
        "Meetings/Toolbox talk 2026-10-02.docx": "ok",
        "Policy/Health and safety policy.pdf": "ok",
        "notes.txt": "ok",
    }
    assert result.exit_code == 1 and not result.ready
    assert_evidence(
        result,
        links={"cor2023-1.1": ["Policy/Health and safety policy.pdf"]},
        findings=[("no-manual", None)],
    )
    assert not any(path.name.startswith(".") for path in folder.rglob("*"))


def test_a_description_line_without_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="line 2 is not 'path: text'"):
        evidence_folder(tmp_path, "a.txt: fine\nb.txt")


@pytest.mark.skipif(not SAMPLE.is_dir(), reason="sample folder absent")
def test_run_check_gives_the_figures_of_the_command_line() -> None:
    result = run_check(SAMPLE, audit_date="2026-11-16")
    # acsa-cor-2023, the tool in force, over the 12 months a 3-year certificate needs; a
    # requirement with a finding standing (a minor coverage gap too) is only partly met.
    assert (result.exit_code, result.score_pct, len(result.findings)) == (0, 80.6, 18)


def test_the_assertion_prints_what_differs(tmp_path: Path) -> None:
    folder = evidence_folder(tmp_path / "evidence", "Policy/Safety policy.txt: Safety policy")
    result = run_check(folder, NoManual(), audit_date="2026-11-16")
    with pytest.raises(AssertionError) as raised:
        assert_evidence(
            result,
            links={"cor2023-1.1": ["Policy/Other.pdf"]},
            findings=[("no-manual", "cor2023-1.1")],
        )
    assert str(raised.value).splitlines()[1:] == [
        "  cor2023-1.1: - Policy/Other.pdf",
        "  cor2023-1.1: + Policy/Safety policy.txt",
        "  findings: - no-manual cor2023-1.1",
        "  findings: + no-manual (element)",
    ]


def test_mapping_problems_name_the_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("schema: 1\nid: Not An Id\n")
    problems = mapping_problems(broken)
    assert problems and all("broken.yaml" in problem for problem in problems)


class Greedy:
    """An extractor of ``.big`` files that takes what it is told to: memory, time or neither."""

    def __init__(self, megabytes: int = 0, seconds: float = 0.0) -> None:
        self.megabytes, self.seconds = megabytes, seconds

    @hookimpl
    def file_types(self):
        return [".big"]

    @hookimpl
    def extract_document(self, path, file_type, limits):
        import time

        # Written, not only reserved: untouched zeroed pages are not resident.
        held = b"\x01" * (self.megabytes * 1024 * 1024)
        time.sleep(self.seconds)
        return Extraction(DocumentStatus.OK, pages=(f"held {len(held)} bytes",))


# Only the case about time gets a short time limit: on a busy machine starting a worker
# and filling 64 MB can take longer than a second, which is not what the others test.
@pytest.mark.parametrize(
    ("greedy", "timeout", "status", "reason"),
    [
        (Greedy(megabytes=64), 30, DocumentStatus.OK, ""),
        (Greedy(megabytes=900), 30, DocumentStatus.FAILED, "exceeded the memory limit of 512 MB"),
        (Greedy(seconds=30), 1, DocumentStatus.FAILED, "longer than the time limit of 1 s"),
    ],
)
def test_a_file_is_extracted_under_the_workers_limits_and_measured(
    tmp_path: Path, greedy: Greedy, timeout: int, status: DocumentStatus, reason: str
) -> None:
    path = tmp_path / "x.big"
    path.write_text("x")
    measured = extract_under_limits(
        path, greedy, limits=ExtractionLimits(timeout_seconds=timeout, memory_mb=512)
    )
    assert measured.extraction.status is status
    assert reason in measured.extraction.reason
    # The sleeper is stopped at its limit, not after its 30 seconds.
    assert measured.seconds < 10
    if status is DocumentStatus.OK:
        assert measured.peak_mb > 64


def test_hostile_inputs_are_printed_as_a_table_row_each(capsys) -> None:
    def write(path: Path) -> Path:
        path.write_text("x")
        return path

    cases = [("a small file", "x.big", write), ("too slow", "y.big", write)]
    print_hostile_table(cases[:1], Greedy(), limits=ExtractionLimits(timeout_seconds=5))
    print_hostile_table(cases[1:], Greedy(seconds=30), limits=ExtractionLimits(timeout_seconds=1))
    rows = [line for line in capsys.readouterr().out.splitlines() if line.startswith("| ")]
    assert rows[2].startswith("| a small file | ok | (none) | ")
    assert rows[5].startswith("| too slow | failed | extraction took longer than the")


FORGETFUL_BACKEND = '''
from evidencekit.builtins.whoosh_index import WhooshSearchIndex
from evidencekit.testing import SearchIndexContract


class ForgetfulIndex(WhooshSearchIndex):
    """Commits its own writes, but never looks at what other processes committed."""

    def commit(self):
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.commit()


class TestForgetfulIndex(SearchIndexContract):
    def open_index(self, location):
        return ForgetfulIndex(location)

    def damage(self, location):
        pass  # and shrugs off damage
'''


def test_the_search_index_contract_fails_a_backend_that_breaks_it(tmp_path: Path) -> None:
    (tmp_path / "test_forgetful.py").write_text(FORGETFUL_BACKEND, encoding="utf-8")
    outcome = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rf"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    failed = set(re.findall(r"^FAILED \S+::TestForgetfulIndex::(\w+)", outcome.stdout, re.M))
    assert failed == {
        "test_a_damaged_index_asks_for_a_rebuild",
        "test_a_commit_shows_what_another_process_committed",
        "test_a_commit_after_searching_an_empty_index_keeps_working",
    }, outcome.stdout


def test_built_models_are_what_a_gap_rule_reads() -> None:
    policy = build_requirement("acme-1.1", ("policy",), max_age_months=12)
    talks = build_requirement("acme-2.1", ("safety-meeting",), element_id="2")
    documents = [
        build_document_facts("Policy/policy.pdf", "policy", "2024-01-10"),
        build_document_facts("lunch menu.txt"),
    ]
    evidence_map = build_evidence_map({policy: ["Policy/policy.pdf"], talks: []}, documents)
    assert [(e.id, [r.id for r in e.requirements]) for e in evidence_map.tool.elements] == [
        ("1", ["acme-1.1"]),
        ("2", ["acme-2.1"]),
    ]
    assert evidence_map.unmapped == ("lunch menu.txt",)
    assessment = build_assessment_input(evidence_map)
    assert (assessment.audit_type, assessment.audit_date) == (
        DEFAULT_AUDIT_TYPE,
        DEFAULT_AUDIT_DATE,
    )
    findings = [
        finding
        for rule in (gap_rules.find_missing_evidence, gap_rules.find_stale_documents)
        for finding in rule(assessment)
    ]
    assert {(f.kind, f.requirement_id, f.paths) for f in findings} == {
        ("missing-evidence", "acme-2.1", ()),
        ("stale", "acme-1.1", ("Policy/policy.pdf",)),
    }


def test_builders_take_any_field_by_keyword() -> None:
    interview = build_requirement("r2", verification=(Verification.INTERVIEW,), points=5)
    assert (interview.needs_documents, interview.points, interview.element_id) == (False, 5, "1")
    scan = build_document_facts("scan.pdf", "inspection", status=DocumentStatus.NEEDS_OCR)
    assert (scan.status, scan.date) == (DocumentStatus.NEEDS_OCR, None)
    weak = build_link("r2", "notes.txt", LinkStrength.WEAK, source="user")
    evidence_map = build_evidence_map({interview: [weak]}, [scan], id="acme-cor")
    assert evidence_map.tool.id == "acme-cor"
    assert evidence_map.requirements[0].links == (weak,)
    with pytest.raises(TypeError, match="doc_types or evidence"):
        build_requirement("r3", ("policy",), evidence=EvidenceRule(doc_types=("policy",)))
