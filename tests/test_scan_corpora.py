"""A scan over every real-world file of the shared robustness corpora (skipped without them).

Unlike tests/builtins/test_corpora.py this goes through the time-limited worker pool, so
the slow and huge files are included.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from evidencekit.models import DocumentStatus
from evidencekit.plugins import make_plugin_manager
from evidencekit.workspace import open_workspace
from tests.conftest import CORPORA

pytestmark = pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora are absent")


def test_every_corpus_file_ends_with_a_status(evidence: Path, state: Path, scan) -> None:
    source = CORPORA / "robustness"
    shutil.copytree(source, evidence, dirs_exist_ok=True)
    files = sorted(str(p.relative_to(evidence)) for p in evidence.rglob("*") if p.is_file())
    summary = scan()
    assert summary.new == len(files)
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as space:
        documents = {document.path: document for document in space.documents()}
        assert sorted(documents) == files
        for document in documents.values():
            if document.status is not DocumentStatus.OK:
                assert document.reason, f"{document.path} has no reason for {document.status}"
        assert space.index.file_ids() == space.catalog.file_ids()
    statuses = {document.status for document in documents.values()}
    assert {DocumentStatus.OK, DocumentStatus.ENCRYPTED, DocumentStatus.NEEDS_OCR} <= statuses
