"""What a state kept up to date change by change says is what a fresh state says.

Each bundled sample is copied, checked, then edited, moved, deleted, copied and corrected
one step at a time with a check after each step (so that every remembered analysis and
search is brought up to date step by step); the evidence map, the findings and the
scores must then be those of a state built from scratch.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit.builtins import mappers
from evidencekit.cli import cli
from evidencekit.scan import is_junk

REPO = Path(__file__).resolve().parents[1]
# Each sample company has its truth file beside it.
SAMPLES = sorted(
    REPO / "sample_evidence" / truth.stem
    for truth in (REPO / "sample_evidence" / "truth").glob("*.yaml")
)
AUDIT_DATE = "2026-11-16"


def evidencekit(*words: str | Path, exit_codes: tuple[int, ...] = (0,)) -> str:
    result = CliRunner().invoke(cli, [str(word) for word in words], catch_exceptions=False)
    assert result.exit_code in exit_codes, result.output
    return result.stdout


def assessed(folder: Path, state: Path) -> tuple[object, object]:
    """The check's findings and scores, and the evidence map, as JSON."""
    check = evidencekit(
        "check",
        folder,
        "--state",
        state,
        "--audit-date",
        AUDIT_DATE,
        "--format",
        "json",
        exit_codes=(0, 1),  # 1: not ready, after the deletions
    )
    evidence_map = evidencekit("map", folder, "--state", state, "--json")
    return json.loads(check), json.loads(evidence_map)


def documents_of(folder: Path, suffix: str) -> list[Path]:
    return sorted(path for path in folder.rglob(f"*{suffix}") if not is_junk(path.name))


def linked_requirement(evidence_map: dict) -> tuple[str, str]:
    """A requirement and a document the map links to it by a search."""
    for element in evidence_map["elements"]:
        for requirement in element["requirements"]:
            for document in requirement["documents"]:
                if any(reason["source"] == "search-query" for reason in document["reasons"]):
                    return requirement["id"], document["path"]
    raise AssertionError("the sample's map links nothing by a search")


def edits(folder: Path, first_map: dict) -> list[Callable[[Path], None]]:
    """The steps, each a change a consultant makes to the folder or, in a state, the map."""
    docx, pdfs = documents_of(folder, ".docx"), documents_of(folder, ".pdf")
    note = folder / "Safety" / "Toolbox talk notes.txt"
    requirement, linked = linked_requirement(first_map)

    def write_a_new_record(state: Path) -> None:
        note.parent.mkdir(parents=True, exist_ok=True)
        note.write_text(
            "Toolbox talk - October 5, 2026\nTopic: ladder safety and fall protection.\n"
            "Hazard assessment reviewed with the crew. Inspection of guardrails done.\n",
            encoding="utf-8",
        )

    def edit_it(state: Path) -> None:
        note.write_text(
            "Site inspection - October 12, 2026\nGuardrails, scaffolds and first aid kit "
            "inspected. Corrective actions:\nReplace torn harness Oct 30 2026 open\n",
            encoding="utf-8",
        )

    def replace_a_document_with_another(state: Path) -> None:
        shutil.copyfile(docx[1], docx[0])

    def move_and_rename(state: Path) -> None:
        target = folder / "Archive" / f"moved {pdfs[0].name}"
        target.parent.mkdir(exist_ok=True)
        pdfs[0].rename(target)
        docx[2].rename(docx[2].with_name(f"renamed {docx[2].name}"))

    def delete_one(state: Path) -> None:
        pdfs[1].unlink()

    def copy_one(state: Path) -> None:
        shutil.copyfile(pdfs[2], pdfs[2].with_name(f"copy of {pdfs[2].name}"))

    added = docx[-1].relative_to(folder)

    def correct_the_map(state: Path) -> None:
        evidencekit("link", folder, "reject", linked, requirement, "--state", state)
        evidencekit("link", folder, "add", added, requirement, "--state", state)

    return [
        write_a_new_record,
        edit_it,
        replace_a_document_with_another,
        move_and_rename,
        delete_one,
        copy_one,
        correct_the_map,
    ]


def search_links(evidence_map: dict) -> Counter[tuple[str, str]]:
    """How many documents each requirement's search queries link."""
    return Counter(
        (requirement["id"], reason["rule"])
        for element in evidence_map["elements"]
        for requirement in element["requirements"]
        for document in requirement["documents"]
        for reason in document["reasons"]
        if reason["source"] == "search-query"
    )


def kept_and_fresh_agree(sample: Path, tmp_path: Path) -> dict:
    """Edit a copy of ``sample`` step by step, checking after each step; the kept state
    then says what a fresh one says. Gives the first evidence map."""
    folder = tmp_path / sample.name
    shutil.copytree(sample, folder)
    kept = tmp_path / "kept-state"
    _, first_map = assessed(folder, kept)
    *changes, correct_the_map = edits(folder, first_map)
    for change in changes:
        change(kept)
        assessed(folder, kept)
    before_corrections = assessed(folder, kept)
    correct_the_map(kept)
    after_corrections = assessed(folder, kept)

    fresh = tmp_path / "fresh-state"
    evidencekit("scan", folder, "--state", fresh)
    # The corrections live in the state: the fresh one is told the same.
    correct_the_map(fresh)
    assert assessed(folder, fresh) == after_corrections
    # Nothing changed since: the kept state's assessment is read back, and still agrees.
    assert assessed(folder, kept) == after_corrections
    assert before_corrections != after_corrections, "the corrections changed nothing"
    return first_map


@pytest.mark.parametrize("sample", SAMPLES, ids=[sample.name for sample in SAMPLES])
def test_a_state_kept_up_to_date_agrees_with_one_built_from_scratch(
    sample: Path, tmp_path: Path
) -> None:
    kept_and_fresh_agree(sample, tmp_path)


def test_queries_matching_more_documents_than_they_link_are_kept_up_to_date_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sample = SAMPLES[0]
    _, uncapped = assessed(sample, tmp_path / "uncapped-state")
    cap = 2
    monkeypatch.setattr(mappers, "HITS_PER_QUERY", cap)
    capped = search_links(kept_and_fresh_agree(sample, tmp_path))
    over = [query for query, count in search_links(uncapped).items() if count > cap]
    assert over, "no query matches more documents than the cap: the case says nothing"
    assert all(capped[query] <= cap for query in over)
