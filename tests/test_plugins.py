"""The plugin contract: third-party plugins take over built-ins through the same hooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from evidencekit.errors import PluginError
from evidencekit.folder import folder_status
from evidencekit.hookspecs import hookimpl
from evidencekit.models import (
    DocumentStatus,
    Extraction,
    ExtractionLimits,
    PlacedDate,
    SearchHit,
)
from evidencekit.plugins import (
    BUILTIN_PLUGINS,
    describe_plugins,
    make_plugin_manager,
    plugin_references,
)
from evidencekit.workspace import open_workspace
from tests.documents import write_text


class ShoutingTextExtractor:
    """A third-party extractor that takes ``.txt`` over from the built-in one."""

    @hookimpl
    def file_types(self) -> list[str]:
        return [".txt", ".log"]

    @hookimpl
    def extract_document(self, path: Path, file_type: str, limits: ExtractionLimits):
        if file_type not in {".txt", ".log"}:
            return None
        text = path.read_text().upper()
        return Extraction(status=DocumentStatus.OK, pages=(text,), extractor="shouting")


class ListIndex:
    """A throwaway search backend: substring matching over a dict, committed on demand."""

    name = "list"
    rebuild_reason = None

    def __init__(self) -> None:
        self.committed: dict[int, tuple[str, tuple[str, ...]]] = {}
        self.pending: dict[int, tuple[str, tuple[str, ...]] | None] = {}

    def add(self, entries) -> None:
        self.pending.update({e.file_id: (e.path, e.pages) for e in entries})

    def delete(self, file_ids) -> None:
        self.pending.update(dict.fromkeys(file_ids))

    def commit(self) -> None:
        for file_id, value in self.pending.items():
            if value is None:
                self.committed.pop(file_id, None)
            else:
                self.committed[file_id] = value
        self.pending.clear()

    def clear(self) -> None:
        self.committed.clear()

    def search(self, query: str, limit: int, snippets: bool = True) -> list[SearchHit]:
        return [
            SearchHit(path, number, 1.0, text)
            for path, pages in self.committed.values()
            for number, text in enumerate(pages, start=1)
            if query.lower() in text.lower()
        ][:limit]

    def file_ids(self) -> set[int]:
        return set(self.committed)

    def size_bytes(self) -> int:
        return 0

    def close(self) -> None:
        pass


class ListIndexPlugin:
    def __init__(self) -> None:
        self.index = ListIndex()

    @hookimpl
    def open_search_index(self, location: Path) -> ListIndex:
        return self.index


def test_a_third_party_extractor_overrides_the_built_in(evidence: Path, scan, state) -> None:
    write_text(evidence / "note.txt", "quiet words")
    write_text(evidence / "app.log", "log line")
    summary = scan(extra=(ShoutingTextExtractor(),))
    assert (summary.new, summary.unreadable) == (2, {})
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(evidence, state, plugin_manager) as space:
        assert space.search('"QUIET WORDS"', 5)[0].snippet == "**QUIET** **WORDS**"


class CrashingLogExtractor:
    """A third-party extractor with a bug: it raises on every ``.log`` file."""

    @hookimpl
    def file_types(self) -> list[str]:
        return [".log"]

    @hookimpl
    def extract_document(self, path: Path, file_type: str, limits: ExtractionLimits):
        if file_type == ".log":
            raise IndexError("list index out of range")
        return None


def test_an_extractor_that_raises_is_named_and_costs_only_its_files(evidence: Path, scan) -> None:
    write_text(evidence / "note.txt", "quiet words")
    write_text(evidence / "app.log", "log line")
    summary = scan(extra=(CrashingLogExtractor(),))
    assert summary.problems == [
        (
            "app.log",
            DocumentStatus.FAILED,
            "extractor plugin tests.test_plugins.CrashingLogExtractor raised "
            "IndexError: list index out of range",
        )
    ]
    assert summary.new == 2


def test_a_third_party_search_index_replaces_whoosh(evidence: Path, state: Path, scan) -> None:
    write_text(evidence / "a.txt", "Fire extinguisher inspected")
    plugin = ListIndexPlugin()
    scan(extra=(plugin,))
    assert plugin.index.file_ids() == {1}
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[plugin])
    with open_workspace(evidence, state, plugin_manager) as space:
        assert folder_status(space).index_backend == "list"
        assert [hit.path for hit in space.search("extinguisher", 5)] == ["a.txt"]
    assert not (state / "index" / "_MAIN_0.toc").exists()


def test_a_misspelt_hook_fails_loudly() -> None:
    class Misspelt:
        @hookimpl
        def extract_documents(self, path):  # One letter too many.
            return None

    with pytest.raises(PluginError, match="unknown hook"):
        make_plugin_manager(load_entrypoints=False, extra=[Misspelt()])


def test_plugins_are_listed_with_their_origin() -> None:
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[ShoutingTextExtractor()])
    infos = describe_plugins(plugin_manager)
    assert infos[0].name.endswith("test_plugins.ShoutingTextExtractor")
    assert infos[0].source == "registered directly"
    assert infos[0].hooks == ("extract_document", "file_types")
    assert {info.name for info in infos[1:]} == set(BUILTIN_PLUGINS)
    assert all(info.source.endswith("(built-in)") for info in infos[1:])


def test_files_a_new_plugin_can_read_are_extracted_on_the_next_scan(evidence: Path, scan) -> None:
    write_text(evidence / "app.log", "boiler pressure")
    first = scan()
    assert first.unreadable == {"unsupported": 1}
    second = scan(extra=(ShoutingTextExtractor(),))
    assert (second.changed, second.extracted, second.unreadable) == (1, 1, {})
    assert scan(extra=(ShoutingTextExtractor(),)).unchanged == 1


class ScanReader:
    """A third-party extractor that reads PDFs the built-in one cannot (as OCR would)."""

    @hookimpl
    def extract_document(self, path: Path, file_type: str, limits: ExtractionLimits):
        if file_type != ".pdf":
            return None
        return Extraction(status=DocumentStatus.OK, pages=("Inspection, read",), extractor="ocr")


def test_files_nothing_could_read_are_tried_again_once_the_extractors_change(
    evidence: Path, scan
) -> None:
    (evidence / "scan.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    assert scan().unreadable == {"failed": 1}
    assert scan().unchanged == 1
    installed = scan(extra=(ScanReader(),))
    assert (installed.changed, installed.extracted, installed.unreadable) == (1, 1, {})
    assert scan(extra=(ScanReader(),)).unchanged == 1


def install_fake_distribution(site: Path, module: str, source: str, monkeypatch) -> None:
    """Put a distribution ``evidencekit-broken`` with one entry-point plugin on sys.path."""
    site.mkdir()
    (site / f"{module}.py").write_text(source)
    info = site / "evidencekit_broken-0.3.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: evidencekit-broken\nVersion: 0.3.0\n"
    )
    (info / "entry_points.txt").write_text(f"[evidencekit]\nbroken = {module}\n")
    monkeypatch.syspath_prepend(str(site))


BROKEN_PLUGINS = {
    "an argument the hook lacks": (
        "from evidencekit import hookimpl\n"
        "@hookimpl\n"
        "def register_gap_rules(register, audit_date):\n"
        "    pass\n",
        "plugin broken (distribution evidencekit-broken 0.3.0) does not fit evidencekit's "
        "hooks: its register_gap_rules asks for audit_date, which the hook does not pass "
        "(it passes: register). Fix the plugin to the signatures in evidencekit's "
        "docs/plugins.md, or uninstall it (pip uninstall evidencekit-broken)",
    ),
    "a hook that does not exist": (
        "from evidencekit import hookimpl\n@hookimpl\ndef register_gap_rule(register):\n    pass\n",
        "plugin broken (distribution evidencekit-broken 0.3.0) does not fit evidencekit's "
        "hooks: it implements register_gap_rule, an unknown hook (did you mean "
        "register_gap_rules?). Fix the plugin to the signatures in evidencekit's "
        "docs/plugins.md, or uninstall it (pip uninstall evidencekit-broken)",
    ),
    "a module that does not import": (
        "import no_such_module_anywhere\n",
        "plugin broken (distribution evidencekit-broken 0.3.0) fails to load: "
        "ModuleNotFoundError: No module named 'no_such_module_anywhere'. Fix: upgrade or "
        "uninstall it (pip uninstall evidencekit-broken)",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN_PLUGINS))
def test_a_broken_installed_plugin_fails_at_load_naming_its_distribution(
    case: str, tmp_path: Path, monkeypatch, run_cli
) -> None:
    source, message = BROKEN_PLUGINS[case]
    # A module name of its own: Python caches imported modules by name.
    module = "broken_" + case.replace(" ", "_")
    install_fake_distribution(tmp_path / "site", module, source, monkeypatch)
    result = run_cli("plugins", with_state=False)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert "Traceback" not in result.output


class UnpicklableGapRule:
    """A gap rule holding a lambda, defined in a test: it can neither be pickled nor
    imported by a worker, and need not be, since workers only extract."""

    def __init__(self) -> None:
        self.rule = lambda assessment: ()

    @hookimpl
    def register_gap_rules(self, register) -> None:
        register("nothing", self.rule)


def test_only_extraction_plugins_go_to_the_workers(evidence: Path, scan) -> None:
    write_text(evidence / "note.txt", "quiet words")
    write_text(evidence / "app.log", "log line")
    summary = scan(extra=(UnpicklableGapRule(), ShoutingTextExtractor()))
    assert (summary.new, summary.extracted, summary.unreadable) == (2, 2, {})
    plugin_manager = make_plugin_manager(
        load_entrypoints=False, extra=[UnpicklableGapRule(), ShoutingTextExtractor()]
    )
    references = plugin_references(plugin_manager)
    assert "evidencekit.builtins.pdf" in references
    assert "evidencekit.builtins.gap_rules" not in references
    assert [type(ref) for ref in references if not isinstance(ref, str)] == [ShoutingTextExtractor]


class CellSheetExtractor:
    """A spreadsheet-like extractor of ``.cells`` files: ``CELL=text`` lines, each cell's
    date placed in the file by its cell name."""

    @hookimpl
    def file_types(self) -> list[str]:
        return [".cells"]

    @hookimpl
    def extract_document(self, path: Path, file_type: str, limits: ExtractionLimits):
        if file_type != ".cells":
            return None
        cells = dict(line.split("=", 1) for line in path.read_text().splitlines())
        return Extraction(
            status=DocumentStatus.OK,
            pages=("\n".join(cells.values()),),
            extractor="cells",
            dates=tuple(
                PlacedDate(text, f"sheet 'Log' cell {cell}")
                for cell, text in cells.items()
                if text[:1].isdigit() or text.startswith("Mar")
            ),
        )


def test_a_date_an_extractor_placed_in_its_file_is_shown_with_its_place(
    evidence: Path, scan, state: Path
) -> None:
    write_text(
        evidence / "drills.cells", "A1=Fire drill log\nA2=Held\nB2=Mar 4, 2026\nB3=2026-05-01"
    )
    write_text(evidence / "notes.txt", "Fire drill notes\nHeld 2026-03-04")
    scan(extra=(CellSheetExtractor(),))
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[CellSheetExtractor()])
    with open_workspace(evidence, state, plugin_manager) as workspace:
        records = {record.path: record for record in workspace.documents()}
    assert (records["drills.cells"].date, records["drills.cells"].date_source) == (
        "2026-03-04",
        "content, sheet 'Log' cell B2",
    )
    # A file whose extractor placed nothing keeps the plain source.
    assert (records["notes.txt"].date, records["notes.txt"].date_source) == (
        "2026-03-04",
        "content",
    )
