"""An assessment with nothing changed is read back, and anything it was derived from
changing derives it again: the result is always the one a fresh derivation gives."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

import pytest

from evidencekit.folder import choose_folder_assessment, scan_into_catalog
from evidencekit.hookspecs import hookimpl
from evidencekit.models import EvidenceLink, Finding, Readiness, Requirement
from evidencekit.plugins import make_plugin_manager
from evidencekit.profile.model import CompanyProfile
from evidencekit.store.assessment_memo import KEPT, remember_readiness
from evidencekit.workspace import Workspace, open_workspace

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_evidence" / "prairie-line-electric-secor"
AUDIT_DATE = date(2026, 11, 16)


class CountingMapper:
    """A mapper that links nothing and counts how often the evidence is mapped."""

    def __init__(self) -> None:
        self.calls = 0

    @hookimpl
    def register_mappers(self, register: Callable) -> None:
        register("counting", self.map)

    def map(self, requirement: Requirement, context: object) -> Iterator[EvidenceLink]:
        self.calls += 1
        return iter(())


class FailingMapper:
    @hookimpl
    def register_mappers(self, register: Callable) -> None:
        register("failing", self.map)

    def map(self, requirement: Requirement, context: object) -> Iterator[EvidenceLink]:
        raise RuntimeError("broken")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, copy)
    return copy


def open_folder(folder: Path, state: Path, *plugins: object) -> Workspace:
    manager = make_plugin_manager(load_entrypoints=False, extra=plugins)
    return open_workspace(folder, state, manager)


def assess(workspace: Workspace, audit_date: date = AUDIT_DATE, **profile) -> Readiness:
    scan_into_catalog(workspace)
    chosen = choose_folder_assessment(workspace, audit_date)
    return workspace.readiness(
        chosen.tool.id, chosen.audit_type, audit_date, CompanyProfile(**profile)
    )


def no_correction(workspace: Workspace) -> None:
    """The user corrected nothing."""


def derived_afresh(
    folder: Path,
    tmp_path: Path,
    audit_date: date = AUDIT_DATE,
    corrected: Callable[[Workspace], None] = no_correction,
) -> Readiness:
    """The assessment of ``folder`` in a state that never saw it, ``corrected`` as the
    user corrected the kept one (corrections live in the state)."""
    fresh = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
    with open_folder(folder, fresh) as workspace:
        scan_into_catalog(workspace)
        corrected(workspace)
        return assess(workspace, audit_date)


def test_nothing_changed_reads_the_assessment_back_as_derived(
    folder: Path, state: Path, tmp_path: Path
) -> None:
    counting = CountingMapper()
    with open_folder(folder, state, counting) as workspace:
        first = assess(workspace)
        mapped = counting.calls
        assert mapped > 0
    with open_folder(folder, state, counting) as workspace:
        again = assess(workspace)
    assert counting.calls == mapped, "nothing changed, yet the evidence was mapped again"
    assert again == first
    assert again.evidence_map.documents == first.evidence_map.documents


@pytest.mark.parametrize(
    "change",
    [
        "edit a document",
        "replace a document's content",
        "delete a document",
        "move a document",
        "correct a reading",
        "decide a link",
        "another audit date",
    ],
)
def test_a_change_derives_it_again_as_a_fresh_state_would(
    change: str, folder: Path, state: Path, tmp_path: Path
) -> None:
    counting = CountingMapper()
    with open_folder(folder, state, counting) as workspace:
        first = assess(workspace)
    mapped = counting.calls
    audit_date = AUDIT_DATE
    documents = sorted(path for path in folder.rglob("*.pdf"))
    words = sorted(path for path in folder.rglob("*.docx"))
    corrected: Callable[[Workspace], None] = no_correction
    with open_folder(folder, state, counting) as workspace:
        if change == "edit a document":
            (folder / "Inspections" / "yard inspection.txt").parent.mkdir(exist_ok=True)
            (folder / "Inspections" / "yard inspection.txt").write_text(
                "Workplace inspection - October 5, 2026\nGuardrails and extinguishers checked.\n",
                encoding="utf-8",
            )
        elif change == "replace a document's content":
            shutil.copyfile(words[1], words[0])
        elif change == "delete a document":
            documents[0].unlink()
        elif change == "move a document":
            documents[1].rename(folder / f"moved {documents[1].name}")
        elif change == "correct a reading":
            path = documents[2].relative_to(folder).as_posix()

            def corrected(workspace: Workspace) -> None:
                workspace.catalog.correct_reading(path, "other", None)

        elif change == "decide a link":
            requirement = first.evidence_map.requirements[0].requirement.id
            path = documents[3].relative_to(folder).as_posix()

            def corrected(workspace: Workspace) -> None:
                workspace.catalog.decide_link(first.tool.id, requirement, path, "add")

        elif change == "another audit date":
            audit_date = date(2026, 12, 1)
        corrected(workspace)
        changed = assess(workspace, audit_date)
    assert counting.calls > mapped, f"{change}: the assessment was read back, not derived"
    assert changed != first
    assert changed == derived_afresh(folder, tmp_path, audit_date, corrected)


def test_another_profile_or_audit_type_is_another_assessment(folder: Path, state: Path) -> None:
    counting = CountingMapper()
    with open_folder(folder, state, counting) as workspace:
        first = assess(workspace)
        mapped = counting.calls
        other = assess(workspace, company="Prairie Line Electric Ltd.")
        assert counting.calls > mapped
        assert other.company == "Prairie Line Electric Ltd." and first.company != other.company
        kinds = [kind.name for kind in first.tool.audit_types if kind.name != first.audit_type.name]
        mapped = counting.calls
        other_kind = workspace.readiness(first.tool.id, kinds[0], AUDIT_DATE, CompanyProfile())
        assert counting.calls > mapped
        assert other_kind.audit_type.name == kinds[0]


def test_only_the_latest_few_assessments_are_kept(folder: Path, state: Path) -> None:
    with open_folder(folder, state) as workspace:
        for day in range(1, KEPT + 3):
            assess(workspace, date(2026, 11, day))
        kept = workspace.catalog._db.execute("SELECT COUNT(*) FROM remembered_assessments")
        assert kept.fetchone()[0] == KEPT


def test_an_unreadable_remembered_assessment_is_derived_again(folder: Path, state: Path) -> None:
    counting = CountingMapper()
    with open_folder(folder, state, counting) as workspace:
        first = assess(workspace)
        workspace.catalog._db.execute("UPDATE remembered_assessments SET readiness = x'00ff'")
        mapped = counting.calls
        assert assess(workspace) == first
        assert counting.calls > mapped


def test_an_assessment_a_plugin_failed_in_is_not_kept(folder: Path, state: Path) -> None:
    with open_folder(folder, state, FailingMapper()) as workspace:
        failed = assess(workspace)
        assert any(finding.kind == "plugin-failed" for finding in failed.findings)
        kept = workspace.catalog._db.execute("SELECT COUNT(*) FROM remembered_assessments")
        assert kept.fetchone()[0] == 0


def test_the_documents_dated_after_the_audit_date_stay_out_when_read_back(
    folder: Path, state: Path
) -> None:
    early = date(2024, 6, 1)
    with open_folder(folder, state) as workspace:
        first = assess(workspace, early)
        again = assess(workspace, early)
        everything = workspace.document_facts()
    assert len(again.evidence_map.documents) < len(everything)
    assert again == first


def test_a_touched_file_is_no_change(folder: Path, state: Path) -> None:
    counting = CountingMapper()
    with open_folder(folder, state, counting) as workspace:
        first = assess(workspace)
        mapped = counting.calls
        touched = next(folder.rglob("*.pdf"))
        touched.touch()
        assert assess(workspace) == first
        assert counting.calls == mapped


def test_an_assessment_that_cannot_be_pickled_is_derived_each_time(
    folder: Path, state: Path
) -> None:
    @dataclass(frozen=True)
    class LocalFinding(Finding):
        """A plugin's finding of a class defined in a function: pickle cannot find it."""

    with open_folder(folder, state) as workspace:
        first = assess(workspace)
        workspace.catalog._db.execute("DELETE FROM remembered_assessments")
        finding = LocalFinding(
            **{f.name: getattr(first.findings[0], f.name) for f in fields(Finding)}
        )
        odd = replace(first, findings=(finding, *first.findings[1:]))
        remember_readiness(workspace.catalog, "inputs", odd)
        kept = workspace.catalog._db.execute("SELECT COUNT(*) FROM remembered_assessments")
        assert kept.fetchone()[0] == 0
