"""The worker pool: one bad file (hang, crash, memory, exception) costs that file only."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from evidencekit.extract.pool import ExtractionPool, WorkersUnavailable
from evidencekit.hookspecs import hookimpl
from evidencekit.models import DocumentStatus, Extraction, ExtractionLimits
from evidencekit.plugins import make_plugin_manager
from tests.test_scan import no_shared_semaphores


class MisbehavingExtractor:
    """Reads ``.bad`` files whose content names how to misbehave."""

    @hookimpl
    def file_types(self) -> list[str]:
        return [".bad"]

    @hookimpl
    def extract_document(self, path: Path, file_type: str, limits: ExtractionLimits):
        if file_type != ".bad":
            return None
        behaviour = path.read_text().strip()
        if behaviour == "hang":
            time.sleep(600)
        if behaviour == "crash":
            os._exit(7)
        if behaviour == "memory":
            hog = bytearray(4 * 1024**3)
            return Extraction(status=DocumentStatus.OK, pages=(str(len(hog)),))
        if behaviour == "raise":
            raise KeyError("xref table")
        if behaviour == "pid":
            return Extraction(status=DocumentStatus.OK, pages=(str(os.getpid()),))
        return Extraction(status=DocumentStatus.OK, pages=(behaviour,), extractor="bad")


def extract(tmp_path: Path, contents: dict[str, str], **limits) -> dict[str, Extraction]:
    paths = {}
    for name, content in contents.items():
        paths[name] = tmp_path / name
        paths[name].write_text(content)
    results: dict[str, Extraction] = {}
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[MisbehavingExtractor()])
    with ExtractionPool(plugin_manager, jobs=2, limits=ExtractionLimits(**limits)) as pool:
        pool.extract_all(
            [(name, path, path.suffix) for name, path in paths.items()],
            lambda key, extraction: results.__setitem__(key, extraction),
        )
    return results


def test_a_hanging_file_is_stopped_at_the_time_limit(tmp_path: Path) -> None:
    started = time.monotonic()
    results = extract(tmp_path, {"slow.bad": "hang", "fine.bad": "all good"}, timeout_seconds=2)
    assert time.monotonic() - started < 30
    assert results["slow.bad"].status is DocumentStatus.FAILED
    assert "time limit of 2 s" in results["slow.bad"].reason
    assert results["slow.bad"].seconds == 2
    assert 0 < results["fine.bad"].seconds < 2
    assert results["fine.bad"].pages == ("all good",)


def test_a_worker_that_dies_fails_its_file_only(tmp_path: Path) -> None:
    files = {"crash.bad": "crash", **{f"ok{i}.bad": f"text {i}" for i in range(6)}}
    results = extract(tmp_path, files)
    assert results["crash.bad"].status is DocumentStatus.FAILED
    assert "worker died (exit code 7)" in results["crash.bad"].reason
    assert {results[f"ok{i}.bad"].pages for i in range(6)} == {(f"text {i}",) for i in range(6)}


def test_a_file_exhausting_memory_fails_with_the_limit_named(tmp_path: Path) -> None:
    results = extract(tmp_path, {"big.bad": "memory", "ok.bad": "small"}, memory_mb=512)
    assert results["big.bad"].status is DocumentStatus.FAILED
    assert "memory limit of 512 MB" in results["big.bad"].reason
    assert results["ok.bad"].status is DocumentStatus.OK


def test_an_exception_in_a_plugin_becomes_the_reason(tmp_path: Path) -> None:
    results = extract(tmp_path, {"err.bad": "raise"})
    assert results["err.bad"].status is DocumentStatus.FAILED
    assert results["err.bad"].reason == (
        "extractor plugin tests.extract.test_pool.MisbehavingExtractor raised "
        "KeyError: 'xref table'"
    )


def test_a_file_no_plugin_reads_is_unsupported(tmp_path: Path) -> None:
    results = extract(tmp_path, {"plan.dwg": "lines"})
    assert results["plan.dwg"].status is DocumentStatus.UNSUPPORTED
    assert "no extractor reads .dwg" in results["plan.dwg"].reason


@pytest.mark.parametrize("jobs", [1, 2])
def test_every_task_gets_exactly_one_result(tmp_path: Path, jobs: int) -> None:
    paths = [tmp_path / f"{i}.bad" for i in range(25)]
    for i, path in enumerate(paths):
        path.write_text(f"document {i}")
    keys = []
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[MisbehavingExtractor()])
    with ExtractionPool(plugin_manager, jobs=jobs, limits=ExtractionLimits()) as pool:
        pool.extract_all([(p.name, p, ".bad") for p in paths], lambda k, _: keys.append(k))
    assert sorted(keys) == sorted(p.name for p in paths)


def test_a_warmed_up_pool_extracts_in_the_workers_it_started(tmp_path: Path) -> None:
    path = tmp_path / "a.bad"
    path.write_text("pid")
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[MisbehavingExtractor()])
    with ExtractionPool(plugin_manager, jobs=2, limits=ExtractionLimits()) as pool:
        workers = pool.warm_up()
        # Every worker has started (two of them), and the file needs no new one.
        assert len(workers) == 2
        results = []
        pool.extract_all([("a", path, ".bad")], lambda key, extraction: results.append(extraction))
    assert int(results[0].pages[0]) in workers


class UpperCaseWrapper:
    """Wraps ``extract_document`` as docs/plugins.md describes: sees the built-ins' result."""

    @hookimpl(wrapper=True, specname="extract_document")
    def shout(self, path: Path, file_type: str, limits: ExtractionLimits):
        extraction = yield
        if extraction is None or extraction.status is not DocumentStatus.OK:
            return extraction
        return Extraction(
            status=DocumentStatus.OK,
            pages=tuple(page.upper() for page in extraction.pages),
            extractor=f"{extraction.extractor}+shout",
        )


def test_a_wrapper_plugin_receives_the_built_in_extraction_in_the_worker(tmp_path: Path) -> None:
    (tmp_path / "note.txt").write_text("toolbox talk held 2026-04-14")
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[UpperCaseWrapper()])
    results: dict[str, Extraction] = {}
    with ExtractionPool(plugin_manager, jobs=1, limits=ExtractionLimits()) as pool:
        pool.extract_all(
            [("note", tmp_path / "note.txt", ".txt")],
            lambda key, extraction: results.__setitem__(key, extraction),
        )
    assert results["note"].pages == ("TOOLBOX TALK HELD 2026-04-14",)
    assert results["note"].extractor.endswith("+shout")


def _running(pid: int) -> bool:
    """Is process ``pid`` alive (a zombie nobody has reaped yet has ended)?"""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_worker_waiting_for_the_others_to_start_ends_with_its_parent() -> None:
    """A scan killed while its workers start leaves none of them behind: a worker
    waiting for the rest of its pool stops waiting when its parent is gone."""
    import multiprocessing

    from evidencekit.extract import pool

    read_end, write_end = os.pipe()
    pool_parent = os.fork()
    if pool_parent == 0:  # Starts one worker of a pool of two, then ends.
        pool._all_started = (multiprocessing.Value("i", 0), 2, os.getpid())
        worker = os.fork()
        if worker == 0:
            pool._worker_ready()
            os._exit(0)
        os.write(write_end, f"{worker}\n".encode())
        os._exit(0)
    os.close(write_end)
    worker = int(os.read(read_end, 32))
    os.close(read_end)
    os.waitpid(pool_parent, 0)
    deadline = time.monotonic() + 10  # Far below the two minutes it would wait for.
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _running(worker), "the worker still waits for a pool whose parent has ended"


def test_a_pool_that_cannot_start_workers_says_so(monkeypatch) -> None:
    no_shared_semaphores(monkeypatch)
    with pytest.raises(WorkersUnavailable, match="Function not implemented"):
        ExtractionPool(make_plugin_manager(load_entrypoints=False), 2, ExtractionLimits())
