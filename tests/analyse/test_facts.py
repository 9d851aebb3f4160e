"""Facts brought up to date: many documents are analysed by worker processes, and what
they find is what one process finds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.analyse import facts as facts_module
from evidencekit.extract import pool as pool_module
from evidencekit.folder import scan_into_catalog
from evidencekit.plugins import make_plugin_manager
from evidencekit.workspace import Workspace, open_workspace

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "sample_evidence" / "northridge-construction"


def analysed_again(folder: Path, state: Path, jobs: int, then=lambda: None) -> list:
    """Every document's facts after the catalog forgot them all (an analysis upgrade);
    ``then`` runs once they are forgotten."""
    with open_workspace(folder, state, make_plugin_manager(load_entrypoints=False)) as workspace:
        scan_into_catalog(workspace)
        forget_every_fact(workspace)
        then()
        workspace.analysis_jobs = jobs
        return workspace.document_facts()


def forget_every_fact(workspace: Workspace) -> None:
    with workspace.writing(), workspace.catalog.transaction():
        workspace.catalog.forget_all_facts()
    assert workspace.catalog.count_texts_without_facts() > 0


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / SAMPLE.name
    shutil.copytree(SAMPLE, copy)
    return copy


@pytest.fixture
def in_one(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list:
    """The facts one process finds; from then on, the workers take any number."""
    found = analysed_again(folder, tmp_path / "one", jobs=1)
    monkeypatch.setattr(facts_module, "ANALYSED_IN_WORKERS_FROM", 1)
    return found


def test_documents_analysed_in_workers_read_as_in_one_process(
    folder: Path, in_one: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = []
    real = pool_module.analyse_in_workers
    monkeypatch.setattr(
        pool_module,
        "analyse_in_workers",
        lambda *args: used.append(args[1]) or real(*args),
    )

    def analysed_here(*args: object) -> None:
        raise AssertionError("a document was analysed in this process")

    in_workers = analysed_again(
        folder,
        tmp_path / "workers",
        jobs=2,
        then=lambda: monkeypatch.setattr(facts_module, "document_facts", analysed_here),
    )
    assert used == [2], "the documents were not sent to worker processes"
    assert in_workers == in_one
    assert len(in_one) > 50


def test_a_few_documents_are_analysed_here(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    used = []
    monkeypatch.setattr(pool_module, "analyse_in_workers", lambda *args: used.append(args))
    facts = analysed_again(folder, tmp_path / "state", jobs=2)
    assert used == [], "starting workers for a few documents costs more than it saves"
    assert all(document.type_cue for document in facts)


def test_when_the_workers_cannot_run_the_documents_are_analysed_here(
    folder: Path, in_one: list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered = pool_module.ExtractionPool.analyse_all

    def fails_after_one(self, tasks, on_result):
        first = [next(iter(tasks))]
        answered(self, first, on_result)
        next(iter(tasks))  # sent, and lost with the pool
        raise pool_module.WorkersUnavailable("Unexpected error within the Pool")

    monkeypatch.setattr(pool_module.ExtractionPool, "analyse_all", fails_after_one)
    assert analysed_again(folder, tmp_path / "workers", jobs=2) == in_one
