"""Hostile queries get hits, nothing, or a clear message; a damaged index is rebuilt from
the catalog with a message. Never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile import DAMAGES, HOSTILE_QUERIES
from test_backend_choice import evidence_folder

from evidencekit.cli import cli
from evidencekit.hookspecs import MARKER_NAME


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile")
    evidence, state = evidence_folder(root), root / "state"
    result = CliRunner().invoke(
        cli, ["--index", "tantivy", "scan", str(evidence), "--state", str(state)]
    )
    assert result.exit_code == 0, result.output
    return evidence, state


def search(evidence: Path, state: Path, query: str):
    return CliRunner().invoke(
        cli, ["--index", "tantivy", "search", str(evidence), query, "--state", str(state)]
    )


@pytest.mark.parametrize(("what", "query"), HOSTILE_QUERIES, ids=[q[0] for q in HOSTILE_QUERIES])
def test_a_hostile_query_gets_an_answer_or_a_message_never_a_traceback(scanned, what, query):
    result = search(*scanned, query)
    assert result.exit_code in (0, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), what
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        assert result.output.startswith("Error: ") and query[:20] in result.output


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("modified:2026-02-30", "Error: cannot read the date in 'modified:2026-02-30'"),
        ("modified:[2027 to 2025]", "ends before it starts: write the earlier date first"),
    ],
)
def test_a_bad_date_is_named_in_the_message(scanned, query, message):
    result = search(*scanned, query)
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize("damage", DAMAGES, ids=list(DAMAGES))
def test_a_damaged_index_is_rebuilt_from_the_catalog_with_a_message(tmp_path, damage):
    evidence, state = evidence_folder(tmp_path), tmp_path / "state"
    scanned = CliRunner().invoke(
        cli, ["--index", "tantivy", "scan", str(evidence), "--state", str(state)]
    )
    assert scanned.exit_code == 0, scanned.output
    (index,) = {path.parent for path in state.rglob(MARKER_NAME)}
    DAMAGES[damage](index)

    result = search(evidence, state, "guardrails")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("Rebuilding the search index: ")
    assert "Inspections/yard.txt  (page 1)" in result.output
    again = search(evidence, state, "guardrails")
    assert not again.output.startswith("Rebuilding"), "rebuilt once, then used"
