"""What a command loads before it works: `--help` and a scan with nothing new to read load
no extraction library, no search backend and no built-in that is costly to import."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit import hookspecs
from evidencekit.plugins import DEFERRED_BUILTINS, make_plugin_manager
from tests.documents import write_docx, write_pdf, write_text

#: Libraries a command with nothing to read or search has no use for.
HEAVY = ("whoosh", "docx", "pypdf", "pypdfium2", "lxml", "yaml", "jinja2")
#: Our modules that take long to import, or bring in the above.
COSTLY = (
    "evidencekit.builtins.whoosh_index",
    "evidencekit.builtins.classifier",
    "evidencekit.builtins.gap_rules",
    "evidencekit.builtins.docx_reading",
    "evidencekit.analyse.facts",
    "evidencekit.extract.pool",
    "evidencekit.audit_tools.loading",
    # The audit tools' and the assessment's dataclasses: building them is a third of a
    # no-change scan (a scan passes on evidencekit.document_models only).
    "evidencekit.models",
)

LOADED = """
import json, sys
from evidencekit.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps(sorted(sys.modules)))
"""


def modules_loaded_by(*arguments: str) -> set[str]:
    ran = subprocess.run(
        [sys.executable, "-c", LOADED, *arguments], capture_output=True, text=True, check=True
    )
    return set(json.loads(ran.stdout.strip().splitlines()[-1]))


def heavy_among(modules: set[str]) -> list[str]:
    return sorted({name.split(".")[0] for name in modules} & set(HEAVY)) + sorted(
        name for name in modules if name in COSTLY
    )


def test_help_loads_no_library_and_no_costly_builtin() -> None:
    assert heavy_among(modules_loaded_by("--help")) == []


def test_a_scan_with_nothing_new_loads_no_extraction_library_nor_the_index(
    evidence: Path, state: Path
) -> None:
    write_pdf(evidence / "Policy.pdf", ["Health and Safety Policy. Date: 2026-03-04."])
    write_docx(evidence / "Toolbox talk.docx", ["Toolbox talk", "Date: 2026-03-11"])
    write_text(evidence / "notes.txt", "Inspection notes")
    scan = ["scan", str(evidence), "--state", str(state), "-q"]
    assert "whoosh" in modules_loaded_by(*scan)  # The first scan indexed what it read.
    assert heavy_among(modules_loaded_by(*scan)) == []


@pytest.mark.parametrize("module_name", sorted(DEFERRED_BUILTINS))
def test_a_deferred_builtin_offers_exactly_its_modules_hooks_with_their_options(
    module_name: str,
) -> None:
    module = importlib.import_module(module_name)
    implemented = {
        name: getattr(getattr(module, name), f"{hookspecs.PROJECT_NAME}_impl")
        for name in dir(module)
        if hasattr(getattr(module, name), f"{hookspecs.PROJECT_NAME}_impl")
    }
    stand_in = make_plugin_manager(load_entrypoints=False).get_plugin(module_name)
    offered = {
        name: getattr(getattr(stand_in, name), f"{hookspecs.PROJECT_NAME}_impl")
        for name in DEFERRED_BUILTINS[module_name]
    }
    assert offered == implemented


def test_a_first_scan_and_its_workers_load_no_assessment_model(evidence: Path, state: Path) -> None:
    """The workers' fork server imports what they use before the first can start: the
    extractors and the analysis pass on ``evidencekit.document_models`` alone."""
    from evidencekit.extract import server

    preloaded = [
        *server.EXTRACTION_PLUGINS,
        *server.ANALYSIS_MODULES,
        *server.EXTRACTION_LIBRARIES,
    ]
    imports = f"import importlib, sys\nfor name in {preloaded!r}: importlib.import_module(name)"
    ran = subprocess.run(
        [sys.executable, "-c", f"{imports}\nprint('evidencekit.models' in sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert ran.stdout.strip() == "False"
    write_pdf(evidence / "Policy.pdf", ["Health and Safety Policy. Date: 2026-03-04."])
    assert "evidencekit.models" not in modules_loaded_by(
        "scan", str(evidence), "--state", str(state)
    )


STARTS = """
import json, sys
import multiprocessing.forkserver
from evidencekit.cli import cli
started = []
ensure_running = multiprocessing.forkserver.ensure_running
def recorded():
    started.append(sorted(name for name in sys.modules if name.startswith("evidencekit.")))
    ensure_running()
multiprocessing.forkserver.ensure_running = recorded
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    print(json.dumps(started[:1]))
"""


def test_a_first_scan_starts_the_workers_server_first_and_a_rescan_starts_none(
    evidence: Path, state: Path
) -> None:
    write_pdf(evidence / "Policy.pdf", ["Health and Safety Policy. Date: 2026-03-04."])
    scan = [sys.executable, "-c", STARTS, "scan", str(evidence), "--state", str(state), "-q"]

    def modules_when_started() -> list[list[str]]:
        ran = subprocess.run(scan, capture_output=True, text=True, check=True)
        return json.loads(ran.stdout.strip().splitlines()[-1])

    [first] = modules_when_started()
    assert "evidencekit.workspace" not in first, "the server waited for the command to load"
    assert modules_when_started() == [], "nothing to read, no workers"
