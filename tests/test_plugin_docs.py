"""docs/plugins.md runs: every hook documented in the same format, and every example executed.

The format is described at the top of docs/plugins.md; a hook added to hookspecs.py fails
here until its section is written. Hooks listed in ``CALLS`` also have their example
called and its result checked; any other hook's example is registered as a plugin, which
checks its hook names and arguments against the specs.
"""

from __future__ import annotations

import importlib.util
import inspect
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from evidencekit import hookspecs
from evidencekit.assess.readiness import assess, installed_gap_rules
from evidencekit.audit_tools.installed import installed_audit_tools
from evidencekit.audit_tools.loading import bundled_mapping_files, load_audit_tool
from evidencekit.cli import cli
from evidencekit.mapping import installed_mappers
from evidencekit.models import (
    DocumentStatus,
    DocumentText,
    EvidenceMap,
    ExtractionLimits,
    IndexEntry,
    RequirementEvidence,
)
from evidencekit.plugins import make_plugin_manager
from evidencekit.report.files import installed_report_formats
from evidencekit.testing import (
    build_assessment_input,
    build_document_facts,
    build_evidence_map,
    build_requirement,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
HEADING = re.compile(r"^### `(\w+)\((.*)`\s*$", re.MULTILINE)
EXAMPLE = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
ANY_BLOCK = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)
LINES = ("- **Called:**", "- **Returns:**", "- **Order:**")


def hook_names() -> list[str]:
    return sorted(
        name
        for name, value in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(value, f"{hookspecs.PROJECT_NAME}_spec")
    )


def spec_signature(name: str) -> str:
    return f"{name}{inspect.signature(getattr(hookspecs, name))}".replace("'", "")


def sections() -> dict[str, tuple[str, str]]:
    """Each documented hook: its heading's signature and its text up to the next heading."""
    text = DOCS.read_text(encoding="utf-8")
    headings = list(HEADING.finditer(text))
    found = {}
    for heading in headings:
        following = re.compile(r"^#{1,3} ", re.MULTILINE).search(text, heading.end())
        end = following.start() if following else len(text)
        signature = f"{heading.group(1)}({heading.group(2)}"
        found[heading.group(1)] = (signature, text[heading.end() : end])
    return found


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_has_a_section_with_the_specs_signature(name: str) -> None:
    documented = sections()
    assert name in documented, f"docs/plugins.md has no section ### `{spec_signature(name)}`"
    assert documented[name][0] == spec_signature(name), (
        f"docs/plugins.md documents {documented[name][0]}; hookspecs.py has {spec_signature(name)}"
    )


def test_every_documented_hook_exists() -> None:
    unknown = set(sections()) - set(hook_names())
    assert not unknown, f"docs/plugins.md documents hooks hookspecs.py lacks: {sorted(unknown)}"


@pytest.mark.parametrize("name", hook_names())
def test_every_section_says_when_what_and_in_which_order_with_an_example(name: str) -> None:
    _signature, body = sections()[name]
    missing = [line for line in LINES if line not in body]
    assert not missing, f"the section of {name} lacks {missing}"
    assert EXAMPLE.search(body), f"the section of {name} has no ```python example"


def load_example(source: str, folder: Path, name: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"docs_example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def examples() -> list[tuple[str, int, str]]:
    return [
        (name, number, source)
        for name, (_signature, body) in sections().items()
        for number, source in enumerate(EXAMPLE.findall(body), start=1)
    ]


# --- what each documented example is called with, and what it must give back --------------


def call_file_types(plugin_manager, tmp_path: Path) -> None:
    assert ".log" in {suffix for types in plugin_manager.hook.file_types() for suffix in types}


def call_extract_document(plugin_manager, tmp_path: Path) -> None:
    log = tmp_path / "boiler.log"
    log.write_text("pressure checked")
    extraction = plugin_manager.hook.extract_document(
        path=log, file_type=".log", limits=ExtractionLimits()
    )
    assert (extraction.status, extraction.pages) == (DocumentStatus.OK, ("pressure checked",))


def call_open_search_index(plugin_manager, tmp_path: Path) -> None:
    from datetime import datetime

    index = plugin_manager.hook.open_search_index(location=tmp_path)
    index.add([IndexEntry(1, "a.txt", ".txt", "", datetime(2026, 1, 1), ("Fire drill held",))])
    assert index.search("drill", 5) == []  # not committed yet
    index.commit()
    assert [hit.path for hit in index.search('"fire drill"', 5)] == ["a.txt"]
    index.delete([1])
    index.commit()
    assert index.file_ids() == set()


def call_register_audit_tools(plugin_manager, tmp_path: Path) -> None:
    # The example registers the mapping files beside it: give it a copy of a bundled one.
    source = next(path for path in bundled_mapping_files() if "secor" in path.name)
    mappings = tmp_path / "example" / "mappings"
    mappings.mkdir(parents=True)
    text = source.read_text(encoding="utf-8").replace("\nid: acsa-secor-2023\n", "\nid: doc-tool\n")
    # Another partner's tool: two versions of one partner's tool must differ in their dates.
    text = text.replace("\npartner: Alberta", "\npartner: Not Alberta")
    (mappings / "doc-tool.yaml").write_text(text, encoding="utf-8")
    assert "doc-tool" in installed_audit_tools(plugin_manager)


def call_classify_document(plugin_manager, tmp_path: Path) -> None:
    permit = DocumentText("Permits/Hot work permit 12.pdf", None, ("Permit",))
    decided = plugin_manager.hook.classify_document(document=permit)
    assert decided.doc_type == "safe-work-procedure"
    other = DocumentText("Minutes/JHSC.docx", None, ("Joint health and safety committee",))
    assert plugin_manager.hook.classify_document(document=other).doc_type == "committee-minutes"


def call_register_mappers(plugin_manager, tmp_path: Path) -> None:
    mappers = installed_mappers(plugin_manager)
    assert "signed-forms" in mappers
    requirement = build_requirement("acme-1.1")

    class Context:
        documents = (
            build_document_facts("Forms/signed orientation.pdf"),
            build_document_facts("notes.txt"),
        )

        def search(self, query, limit):
            return []

    links = list(mappers["signed-forms"].value(requirement, Context()))
    assert [link.path for link in links] == ["Forms/signed orientation.pdf"]


def call_register_gap_rules(plugin_manager, tmp_path: Path) -> None:
    rules = installed_gap_rules(plugin_manager)
    no_manual = build_evidence_map(documents=[build_document_facts("notes.txt")])
    findings = list(rules["no-manual"].value(build_assessment_input(no_manual)))
    assert [(finding.kind, finding.id) for finding in findings] == [
        ("no-manual", hookspecs.finding_id("no-manual", None))
    ]


def call_register_report_formats(plugin_manager, tmp_path: Path) -> None:
    formats = installed_report_formats(plugin_manager)
    assert list(formats)[-4:] == ["terminal", "html", "md", "json"]  # the built-ins last
    tool = load_audit_tool(next(iter(bundled_mapping_files())))
    nothing_found = tuple(RequirementEvidence(req, ()) for req in tool.requirements())
    evidence = EvidenceMap(tool, nothing_found, (), ())
    gap_rules = installed_gap_rules(plugin_manager)
    readiness = assess(evidence, tool.audit_type("certification"), date.today(), gap_rules)
    text = formats["oneline"].value.render(readiness, tmp_path)
    assert text == f"{tool.id} certification: not ready\n"


def call_register_commands(plugin_manager, tmp_path: Path) -> None:
    from evidencekit.cli import options

    with pytest.MonkeyPatch.context() as patch:
        # The command line builds its own manager: give it the one holding the example.
        patch.setattr(options, "make_plugin_manager", lambda: plugin_manager)
        result = CliRunner().invoke(cli, ["greet", "Ann"])
    assert (result.exit_code, result.output) == (0, "Hello, Ann\n")


CALLS = {
    "file_types": call_file_types,
    "extract_document": call_extract_document,
    "open_search_index": call_open_search_index,
    "register_audit_tools": call_register_audit_tools,
    "classify_document": call_classify_document,
    "register_mappers": call_register_mappers,
    "register_gap_rules": call_register_gap_rules,
    "register_report_formats": call_register_report_formats,
    "register_commands": call_register_commands,
}


@pytest.mark.parametrize(("name", "number", "source"), examples())
def test_every_example_is_a_plugin_that_does_what_its_section_says(
    name: str, number: int, source: str, tmp_path: Path
) -> None:
    module = load_example(source, tmp_path / "example", f"{name}_{number}")
    assert callable(getattr(module, name, None)), f"the example of {name} does not implement it"
    # Registering checks every hook name and argument of the example against the specs.
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[module])
    if name in CALLS:
        CALLS[name](plugin_manager, tmp_path)


def test_the_first_audit_tool_plugin_of_the_docs_passes_its_own_tests(tmp_path: Path) -> None:
    """The walk-through's files (each block starting with ``# path``), written out as they are."""
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("## Your first audit tool plugin")
    walk_through = text[start : text.index("\n## ", start + 1)]
    written = []
    for _language, block in ANY_BLOCK.findall(walk_through):
        first = block.partition("\n")[0]
        relative = first.removeprefix("# ").strip()
        if first.startswith("# ") and Path(relative).suffix in {".toml", ".py", ".yaml"}:
            path = tmp_path / "plugin" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block, encoding="utf-8")
            written.append(relative)
    assert {"pyproject.toml", "tests/test_acme_cor.py"} <= set(written)
    outcome = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path / "plugin",
        env={**os.environ, "PYTHONPATH": str(tmp_path / "plugin" / "src")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert "2 passed" in outcome.stdout
