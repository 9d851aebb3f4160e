"""Scanning: what is read, what is skipped, and what a rescan touches."""

from __future__ import annotations

import itertools
import multiprocessing.context
import os
import shutil
import time
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import SimpleNamespace

import pebble
import pytest

from evidencekit import scan as scan_module
from evidencekit.builtins.whoosh_index import MULTIPROCESS_BATCH, WhooshSearchIndex
from evidencekit.errors import ReadWithoutLimits, UsageError
from evidencekit.extract import pool as pool_module
from evidencekit.models import DocumentStatus, ExtractionLimits
from evidencekit.plugins import make_plugin_manager
from evidencekit.workspace import open_workspace
from tests.documents import write_docx, write_pdf, write_text


@pytest.fixture
def company(evidence: Path) -> Path:
    write_pdf(evidence / "Policy" / "H&S Policy 2026.pdf", ["Health and safety policy", "Signed"])
    write_docx(evidence / "Meetings" / "toolbox talk march.docx", ["Toolbox talk on ladders"])
    write_text(evidence / "Inspections" / "site inspection 2026-03-04.txt", "Guardrails checked")
    return evidence


def search_paths(evidence: Path, state: Path, query: str) -> list[str]:
    with open_workspace(evidence, state, make_plugin_manager(load_entrypoints=False)) as space:
        return [hit.path for hit in space.search(query, 10)]


def test_first_scan_reads_every_document(company: Path, scan) -> None:
    summary = scan()
    assert (summary.new, summary.extracted, summary.unreadable) == (3, 3, {})
    assert summary.reindexed == 3


def test_junk_and_lock_files_are_not_evidence(evidence: Path, scan) -> None:
    write_text(evidence / "real.txt", "kept")
    for junk in ["~$real.docx", "Thumbs.db", ".DS_Store", "~WRL0001.tmp", "copy.docx.part"]:
        write_text(evidence / junk, "junk")
    write_text(evidence / ".hidden" / "inside.txt", "hidden folder")
    summary = scan()
    assert summary.new == 1


def test_rescan_without_changes_reads_no_file(company: Path, scan, monkeypatch) -> None:
    scan()

    def refuse(path: Path) -> str:
        raise AssertionError(f"{path} was opened although it did not change")

    monkeypatch.setattr(scan_module, "hash_file", refuse)
    monkeypatch.setattr(pool_module, "ExtractionPool", None)  # Starting workers would fail.
    summary = scan()
    assert (summary.unchanged, summary.new, summary.changed, summary.extracted) == (3, 0, 0, 0)


def test_editing_a_file_extracts_only_it(company: Path, scan, state: Path) -> None:
    scan()
    write_text(company / "Inspections" / "site inspection 2026-03-04.txt", "Scaffold tagged")
    summary = scan()
    assert (summary.changed, summary.unchanged, summary.extracted) == (1, 2, 1)
    assert search_paths(company, state, "scaffold") == [
        "Inspections/site inspection 2026-03-04.txt"
    ]
    assert search_paths(company, state, "guardrails") == []


def test_touching_a_file_costs_a_hash_not_an_extraction(company: Path, scan) -> None:
    scan()
    target = company / "Policy" / "H&S Policy 2026.pdf"
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    summary = scan()
    assert (summary.touched, summary.changed, summary.extracted) == (1, 0, 0)
    assert scan().unchanged == 3  # The new mtime was remembered.


def test_a_renamed_file_is_a_move_not_a_new_document(company: Path, scan, state: Path) -> None:
    scan()
    (company / "Archive").mkdir()
    shutil.move(company / "Meetings" / "toolbox talk march.docx", company / "Archive" / "tt.docx")
    summary = scan()
    assert (summary.moved, summary.new, summary.removed, summary.extracted) == (1, 0, 0, 0)
    assert search_paths(company, state, "ladders") == ["Archive/tt.docx"]


def test_a_deleted_file_leaves_catalog_and_search(company: Path, scan, state: Path) -> None:
    scan()
    assert search_paths(company, state, "guardrails")
    (company / "Inspections" / "site inspection 2026-03-04.txt").unlink()
    summary = scan()
    assert summary.removed == 1
    assert search_paths(company, state, "guardrails") == []


def test_a_copy_reuses_the_extraction(company: Path, scan, state: Path) -> None:
    scan()
    shutil.copy2(company / "Policy" / "H&S Policy 2026.pdf", company / "Policy" / "copy.pdf")
    summary = scan()
    assert (summary.new, summary.extracted) == (1, 0)
    assert sorted(search_paths(company, state, '"safety policy"')) == [
        "Policy/H&S Policy 2026.pdf",
        "Policy/copy.pdf",
    ]


def test_unsupported_and_broken_files_are_named_with_a_reason(evidence: Path, scan) -> None:
    write_text(evidence / "ok.txt", "fine")
    write_text(evidence / "drawing.dwg", "binary-ish")
    write_text(evidence / "broken.pdf", "this is not a pdf")
    summary = scan()
    problems = {path: (status, reason) for path, status, reason in summary.problems}
    assert problems["drawing.dwg"][0] is DocumentStatus.UNSUPPORTED
    assert ".dwg" in problems["drawing.dwg"][1]
    assert problems["broken.pdf"][0] is DocumentStatus.FAILED
    assert problems["broken.pdf"][1]
    assert summary.new == 3


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_recorded(evidence: Path, scan) -> None:
    secret = write_text(evidence / "locked.txt", "secret")
    secret.chmod(0)
    try:
        summary = scan()
    finally:
        secret.chmod(0o644)
    assert [(p, s) for p, s, _ in summary.problems] == [("locked.txt", DocumentStatus.FAILED)]


def test_symbolic_links_are_reported_not_followed(evidence: Path, tmp_path: Path, scan) -> None:
    outside = write_text(tmp_path / "outside" / "private.txt", "not evidence")
    write_text(evidence / "inside.txt", "evidence")
    (evidence / "link.txt").symlink_to(outside)
    (evidence / "loop").symlink_to(evidence)
    summary = scan()
    assert summary.new == 1
    assert dict(summary.skipped) == {
        "link.txt": "symbolic link, not followed",
        "loop": "symbolic link, not followed",
    }


def test_symbolic_links_are_followed_when_asked_without_looping(
    evidence: Path, tmp_path: Path, scan, state: Path
) -> None:
    shared = tmp_path / "shared drive"
    write_text(shared / "Inspections" / "ladder inspection.txt", "ladder checked")
    (shared / "Inspections" / "back up").symlink_to(shared)  # a loop through the share
    write_text(tmp_path / "single.txt", "a single linked file")
    write_text(evidence / "inside.txt", "evidence")
    (evidence / "share").symlink_to(shared)
    (evidence / "single.txt").symlink_to(tmp_path / "single.txt")
    (evidence / "loop").symlink_to(evidence)
    (evidence / "nowhere").symlink_to(tmp_path / "missing")
    outside_before = snapshot(tmp_path / "shared drive")
    summary = scan(follow_symlinks=True)
    assert summary.new == 3
    assert dict(summary.skipped) == {
        "share/Inspections/back up": "symbolic link to a folder it is in (a loop); not followed",
        "loop": "symbolic link into the evidence folder, which is read anyway; not followed",
        "nowhere": "symbolic link to nothing (broken, or a loop of links)",
    }
    assert search_paths(evidence, state, "ladder") == ["share/Inspections/ladder inspection.txt"]
    assert snapshot(shared) == outside_before
    # Asked no longer, the linked files leave the catalog, as deleted ones do.
    again = scan()
    assert (again.removed, again.new) == (2, 0)
    assert search_paths(evidence, state, "ladder") == []


def test_scanning_leaves_a_read_only_folder_byte_identical(company: Path, scan) -> None:
    before = snapshot(company)
    for path in [company, *company.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        scan()
        scan()
    finally:
        for path in [company, *company.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert snapshot(company) == before


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file and folder below ``folder`` with its size, mtime and bytes."""
    return {
        str(path.relative_to(folder)): (
            path.stat().st_size,
            path.stat().st_mtime_ns,
            path.read_bytes() if path.is_file() else b"",
        )
        for path in sorted(folder.rglob("*"))
    }


def test_a_name_that_is_not_utf8_is_reported(evidence: Path, scan) -> None:
    write_text(evidence / "good.txt", "fine")
    try:
        (Path(os.fsdecode(bytes(evidence))) / os.fsdecode(b"caf\xe9.txt")).write_text("x")
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    summary = scan()
    assert summary.new == 1
    assert summary.skipped == [
        ("caf\\xe9.txt", "the name is not valid UTF-8; rename it to include it")
    ]


def test_many_unsupported_files_do_not_stop_the_scan(evidence: Path, scan) -> None:
    for number in range(70):
        write_text(evidence / f"photo{number}.jpg", f"not a document {number}")
    write_text(evidence / "notes.txt", "readable")
    summary = scan()
    assert summary.new == 71
    assert summary.unreadable == {"unsupported": 70}


def test_identical_bytes_under_another_type_are_read_by_their_own_type(evidence, scan) -> None:
    write_text(evidence / "a.dwg", "same bytes")
    write_text(evidence / "b.txt", "same bytes")
    summary = scan()
    assert [(path, str(status)) for path, status, _ in summary.problems] == [
        ("a.dwg", "unsupported")
    ]


def test_a_file_unreadable_last_time_is_tried_again(evidence: Path, scan, monkeypatch) -> None:
    write_text(evidence / "in use.txt", "locked by another program")

    def refuse(path: Path) -> str:
        raise PermissionError(13, "Permission denied")

    with monkeypatch.context() as patched:
        patched.setattr(scan_module, "hash_file", refuse)
        first = scan()
    assert [(p, reason) for p, _, reason in first.problems] == [
        ("in use.txt", "cannot read the file: Permission denied")
    ]
    second = scan()
    assert (second.changed, second.extracted, second.problems) == (1, 1, [])


def test_a_file_still_being_written_is_held_unread_until_admitted(
    company: Path, scan, state: Path
) -> None:
    scan()
    inspection = company / "Inspections" / "site inspection 2026-03-04.txt"
    write_text(inspection, "Scaffold tagged")
    write_text(company / "Inspections" / "half copied.txt", "Harness")
    summary = scan(admit=lambda seen: False)
    assert sorted(summary.held) == ["Inspections/half copied.txt", inspection_path(inspection)]
    assert (summary.new, summary.changed, summary.extracted, summary.unchanged) == (0, 0, 0, 2)
    assert search_paths(company, state, "guardrails") == [inspection_path(inspection)]
    summary = scan(admit=lambda seen: True)
    assert (summary.held, summary.new, summary.changed) == ([], 1, 1)
    assert search_paths(company, state, "scaffold") == [inspection_path(inspection)]


def inspection_path(path: Path) -> str:
    return f"Inspections/{path.name}"


def test_a_renamed_file_held_back_keeps_its_entry_until_recognised_as_moved(
    company: Path, scan, state: Path
) -> None:
    scan()
    old = company / "Meetings" / "toolbox talk march.docx"
    old.rename(company / "Meetings" / "Toolbox talk 2026-03.docx")
    summary = scan(admit=lambda seen: False)
    assert (summary.removed, summary.held) == (0, ["Meetings/Toolbox talk 2026-03.docx"])
    assert search_paths(company, state, "ladders") == ["Meetings/toolbox talk march.docx"]
    summary = scan(admit=lambda seen: True)
    assert (summary.moved, summary.removed, summary.extracted) == (1, 0, 0)
    assert search_paths(company, state, "ladders") == ["Meetings/Toolbox talk 2026-03.docx"]


def test_a_given_pool_is_used_and_left_running(company: Path, scan, monkeypatch) -> None:
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with pool_module.ExtractionPool(plugin_manager, 1, ExtractionLimits()) as pool:
        monkeypatch.setattr(pool_module, "ExtractionPool", None)  # Starting one would fail.
        assert scan(pool=pool).extracted == 3
        write_text(company / "new.txt", "Fire extinguishers")
        assert scan(pool=pool).extracted == 1


def refuse_to_list(monkeypatch, folder: Path) -> None:
    """Make listing ``folder`` fail as on a share that dropped or a permission change."""
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(scan_module.os, "scandir", scandir)


def test_files_below_a_folder_that_cannot_be_listed_are_kept(
    evidence: Path, state: Path, scan, monkeypatch
) -> None:
    write_text(evidence / "Inspections" / "inspection 2026-03-09.txt", "Site inspection")
    write_text(evidence / "Policy.txt", "Health and safety policy")
    scan()
    refuse_to_list(monkeypatch, evidence / "Inspections")
    summary = scan()
    assert summary.removed == 0
    assert ("Inspections", "cannot list folder: Permission denied") in summary.skipped
    monkeypatch.undo()
    again = scan()
    assert (again.new, again.removed, again.extracted) == (0, 0, 0)


def test_an_evidence_folder_that_cannot_be_listed_is_an_error(
    evidence: Path, state: Path, scan, monkeypatch
) -> None:
    write_text(evidence / "Policy.txt", "Health and safety policy")
    scan()
    refuse_to_list(monkeypatch, evidence)
    with pytest.raises(UsageError, match="cannot list the evidence folder"):
        scan()
    monkeypatch.undo()
    assert scan().removed == 0


def test_a_long_scan_sends_the_index_batches_its_parallel_writer_takes(
    evidence: Path, scan, monkeypatch
) -> None:
    # A long scan commits the index now and then so that a search sees its progress. The
    # files after each commit must still reach the index in batches large enough for its
    # parallel writer: a smaller first batch opened a one-process writer for the rest of
    # the scan, and the scan's parent then indexed alone while the workers waited.
    for number in range(900):
        write_text(evidence / "records" / f"{number:04}.txt", f"Inspection record {number}")
    clock = itertools.count()  # each look at the clock is a second later
    monkeypatch.setattr(
        scan_module,
        "time",
        SimpleNamespace(monotonic=lambda: next(clock), perf_counter=time.perf_counter),
    )
    monkeypatch.setattr(scan_module, "SECONDS_BETWEEN_INDEX_COMMITS", 5)
    monkeypatch.setattr(scan_module, "INDEX_COMMIT_SHARE", 0)
    sessions: list[list[int]] = [[]]  # the batches each index writer took, until its commit
    real_add, real_commit = WhooshSearchIndex.add, WhooshSearchIndex.commit

    def add(index, entries):
        batch = list(entries)
        sessions[-1].append(len(batch))
        real_add(index, batch)

    def commit(index):
        real_commit(index)
        sessions.append([])

    monkeypatch.setattr(WhooshSearchIndex, "add", add)
    monkeypatch.setattr(WhooshSearchIndex, "commit", commit)

    assert scan().extracted == 900
    taken = [batches for batches in sessions if batches]
    assert len(taken) >= 3, "the scan did not commit along the way"
    assert sum(map(sum, taken)) == 900
    for batches in taken[:-1]:
        if len(batches) > 1:  # a writer that took more than a commit's remainder
            assert batches[0] >= scan_module.FILES_PER_INDEX_PUSH >= MULTIPROCESS_BATCH


def no_shared_semaphores(monkeypatch) -> None:
    """Make starting worker processes fail as in a container without shared semaphores."""

    def refuse(*args, **kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(multiprocessing.context.BaseContext, "Value", refuse)


def test_files_are_read_here_when_no_worker_can_start(
    company: Path, scan, state: Path, monkeypatch
) -> None:
    no_shared_semaphores(monkeypatch)

    with pytest.warns(ReadWithoutLimits, match="the extraction workers could not run"):
        summary = scan()

    assert summary.extracted == 3
    assert summary.read_here_because == "Function not implemented"
    assert search_paths(company, state, "guardrails") == [
        "Inspections/site inspection 2026-03-04.txt"
    ]
    with open_workspace(company, state, make_plugin_manager(load_entrypoints=False)) as space:
        types = {facts.path: facts.doc_type for facts in space.document_facts()}
    assert types["Policy/H&S Policy 2026.pdf"] == "policy"


@pytest.mark.parametrize(
    ("aborted", "reason"),
    [(0, "Unexpected error within the Pool"), (5, "All workers expired")],
    ids=["new-tasks-refused", "tasks-in-flight-aborted"],
)
def test_files_left_when_the_workers_break_midway_are_read_here_not_failed(
    evidence: Path, scan, monkeypatch, aborted: int, reason: str
) -> None:
    # A worker killed and no replacement allowed (a process limit): pebble aborts every
    # task in flight with BrokenProcessPool, then refuses new ones. Those files did not
    # fail; they are read here with what never came back.
    for number in range(12):
        write_text(evidence / f"inspection {number:02}.txt", f"Site inspection {number}")
    real_schedule, scheduled = pebble.ProcessPool.schedule, []

    def schedule(pool, function, *args, **kwargs):
        scheduled.append(function)
        if len(scheduled) <= 3:
            return real_schedule(pool, function, *args, **kwargs)
        if len(scheduled) <= 3 + aborted:
            in_flight = Future()
            in_flight.set_exception(BrokenProcessPool("All workers expired"))
            return in_flight
        raise RuntimeError("Unexpected error within the Pool")

    monkeypatch.setattr(pebble.ProcessPool, "schedule", schedule)

    with pytest.warns(ReadWithoutLimits, match=rf"{reason}\); (9|10|11|12) file\(s\) were read"):
        summary = scan(jobs=2)

    assert summary.extracted == 12
    assert summary.problems == []
