"""The evidence map: links with reasons, corrections that stick, and the mapping hooks."""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path

import pytest

from evidencekit.audit_tools.installed import installed_audit_tools
from evidencekit.builtins.mappers import map_by_path_pattern
from evidencekit.errors import PluginError
from evidencekit.folder import decide_link
from evidencekit.hookspecs import hookimpl
from evidencekit.mapping import MappingContext
from evidencekit.models import (
    Classification,
    EvidenceLink,
    EvidenceRule,
    LinkStrength,
    SearchHit,
)
from evidencekit.plugins import make_plugin_manager
from evidencekit.testing import build_document_facts, build_requirement
from evidencekit.workspace import open_workspace
from tests.documents import write_docx, write_pdf, write_text

TOOLS = Path(__file__).parent / "audit_tools" / "tools"
COR = "acsa-cor-2019"
POLICY_REQUIREMENT = "cor2019-1.1"


@pytest.fixture
def company(evidence: Path, scan) -> Path:
    write_pdf(
        evidence / "Policy" / "Health and Safety Policy.pdf",
        ["Health and Safety Policy. Date: 2026-03-04. Signed by the owner."],
    )
    write_docx(
        evidence / "Meetings" / "Toolbox talk 2026-03-11.docx",
        ["Toolbox talk", "Date: March 11, 2026", "We read the health and safety policy."],
    )
    write_text(evidence / "lunch menu.txt", "Lunch menu: soup")
    scan()
    return evidence


def evidence_map(evidence: Path, state: Path, tool: str = COR, extra: tuple = ()):
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=extra)
    with open_workspace(evidence, state, plugin_manager) as workspace:
        return workspace.evidence_map(tool)


def links_of(evidence_map, requirement_id: str) -> dict[str, list[EvidenceLink]]:
    item = next(i for i in evidence_map.requirements if i.requirement.id == requirement_id)
    found: dict[str, list[EvidenceLink]] = {}
    for link in item.links:
        found.setdefault(link.path, []).append(link)
    return found


def decide(evidence: Path, state: Path, action: str, path: str, requirement: str) -> str:
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    with open_workspace(evidence, state, plugin_manager) as workspace:
        return decide_link(workspace, COR, action, path, requirement).done


def test_the_policy_is_linked_with_its_reason(company: Path, state: Path) -> None:
    result = evidence_map(company, state)
    policy_links = links_of(result, POLICY_REQUIREMENT)
    assert list(policy_links) == ["Policy/Health and Safety Policy.pdf"]
    reasons = [link.rule for link in policy_links["Policy/Health and Safety Policy.pdf"]]
    assert any(reason.startswith("type policy") for reason in reasons)
    assert policy_links["Policy/Health and Safety Policy.pdf"][0].strength is LinkStrength.STRONG
    assert result.unmapped == ("lunch menu.txt",)


def test_a_talk_that_mentions_the_policy_does_not_prove_it(company: Path, state: Path) -> None:
    result = evidence_map(company, state)
    assert "Meetings/Toolbox talk 2026-03-11.docx" not in links_of(result, POLICY_REQUIREMENT)
    talks = {
        item.requirement.id
        for item in result.requirements
        for link in item.links
        if link.path == "Meetings/Toolbox talk 2026-03-11.docx"
    }
    assert talks, "the toolbox talk should prove the safety meeting requirements"


def test_corrections_survive_rescans_and_follow_moves(company: Path, state: Path, scan) -> None:
    policy = "Policy/Health and Safety Policy.pdf"
    assert "Rejected" in decide(company, state, "reject", policy, POLICY_REQUIREMENT)
    decide(company, state, "add", "lunch menu.txt", POLICY_REQUIREMENT)
    write_text(company / "new.txt", "another file")
    shutil.move(company / "lunch menu.txt", company / "menu.txt")
    assert scan().moved == 1
    result = evidence_map(company, state)
    item = next(i for i in result.requirements if i.requirement.id == POLICY_REQUIREMENT)
    assert item.rejected == (policy,)
    assert [(link.path, link.source) for link in item.links] == [("menu.txt", "user")]
    decide(company, state, "reset", policy, POLICY_REQUIREMENT)
    assert policy in links_of(evidence_map(company, state), POLICY_REQUIREMENT)


def test_a_correction_names_a_real_document_and_requirement(company: Path, state: Path) -> None:
    from evidencekit.errors import UsageError

    with pytest.raises(UsageError, match=r"has no requirement 'cor2019-99\.1'"):
        decide(company, state, "add", "lunch menu.txt", "cor2019-99.1")
    with pytest.raises(UsageError, match="is not in the catalog"):
        decide(company, state, "add", "missing.pdf", POLICY_REQUIREMENT)


class MenuClassifier:
    @hookimpl
    def classify_document(self, document):
        if "menu" in document.path:
            return Classification("policy", "file name says menu (test plugin)")
        return None


def test_a_classifier_plugin_decides_first_and_facts_follow_it(company: Path, state) -> None:
    result = evidence_map(company, state, extra=(MenuClassifier(),))
    menu = next(doc for doc in result.documents if doc.path == "lunch menu.txt")
    assert (menu.doc_type, menu.type_cue) == ("policy", "file name says menu (test plugin)")
    assert "lunch menu.txt" in links_of(result, POLICY_REQUIREMENT)
    # Without the plugin the stored facts are recomputed, not reused.
    again = evidence_map(company, state)
    assert next(d for d in again.documents if d.path == "lunch menu.txt").doc_type != "policy"


class SoupMapper:
    @hookimpl
    def register_mappers(self, register):
        register("soup", self.link_soup)

    @staticmethod
    def link_soup(requirement, context):
        if requirement.id == POLICY_REQUIREMENT:
            for document in context.documents:
                hits = context.search("soup", 5)
                if any(hit.path == document.path for hit in hits):
                    yield EvidenceLink(
                        requirement.id, document.path, "mentions soup", LinkStrength.WEAK, "soup"
                    )


def test_a_mapper_plugin_adds_links_with_its_name(company: Path, state: Path) -> None:
    result = evidence_map(company, state, extra=(SoupMapper(),))
    soup = links_of(result, POLICY_REQUIREMENT)["lunch menu.txt"]
    assert [(link.rule, link.source) for link in soup] == [("mentions soup", "soup")]


class BrokenClassifier:
    @hookimpl
    def classify_document(self, document):
        raise ZeroDivisionError("division by zero")


class BrokenMapper:
    @hookimpl
    def register_mappers(self, register):
        register("broken", self.link_nothing)

    @staticmethod
    def link_nothing(requirement, context):
        raise KeyError("no such field")


def test_a_classifier_that_raises_is_named_in_the_cue_and_the_next_decides(
    company: Path, state: Path
) -> None:
    result = evidence_map(company, state, extra=(BrokenClassifier(),))
    facts = {document.path: document for document in result.documents}
    toolbox = facts["Meetings/Toolbox talk 2026-03-11.docx"]
    assert toolbox.doc_type == "safety-meeting"  # the built-in classifier decided
    assert toolbox.type_cue.startswith(
        "classifier plugin tests.test_mapping.BrokenClassifier failed on it: "
        "ZeroDivisionError: division by zero; "
    )
    assert "Policy/Health and Safety Policy.pdf" in links_of(result, POLICY_REQUIREMENT)


def test_a_classifier_fixed_after_failing_is_asked_again(company: Path, state: Path) -> None:
    evidence_map(company, state, extra=(BrokenClassifier(),))
    again = evidence_map(company, state)
    assert not any("failed" in document.type_cue for document in again.documents)


def test_a_mapper_that_raises_is_named_and_the_others_still_link(
    company: Path, state: Path
) -> None:
    result = evidence_map(company, state, extra=(BrokenMapper(),))
    assert result.plugin_failures == (
        "mapper broken (tests.test_mapping.BrokenMapper) failed on requirement "
        "cor2019-1.1: KeyError: 'no such field'",
    )
    assert "Policy/Health and Safety Policy.pdf" in links_of(result, POLICY_REQUIREMENT)


class MenuTool:
    @hookimpl
    def register_audit_tools(self, register):
        register(TOOLS / "menu-tool.yaml")


def test_an_audit_tool_plugin_is_installed_and_used(company: Path, state: Path) -> None:
    plugin_manager = make_plugin_manager(load_entrypoints=False, extra=[MenuTool()])
    tools = installed_audit_tools(plugin_manager)
    assert set(tools) == {"acsa-cor-2019", "acsa-cor-2023", "acsa-secor-2023", "test-menu-tool"}
    assert tools["test-menu-tool"].plugin.endswith("MenuTool")
    assert tools["acsa-cor-2019"].plugin == "evidencekit.builtins.audit_tools"
    result = evidence_map(company, state, tool="test-menu-tool", extra=(MenuTool(),))
    menu_links = links_of(result, "menu-1.1")["lunch menu.txt"]
    assert {link.rule for link in menu_links} == {'search "lunch menu"', "path matches *menu*"}
    assert links_of(result, "menu-1.2") == {}


def test_a_tool_id_registered_twice_names_both_plugins() -> None:
    class Again:
        @hookimpl
        def register_audit_tools(self, register):
            register(Path(__file__).parents[1] / "mappings" / "acsa-cor-2019.yaml")

    with pytest.raises(PluginError, match="'acsa-cor-2019' is registered by both"):
        installed_audit_tools(make_plugin_manager(load_entrypoints=False, extra=[Again()]))


def test_decisions_about_deleted_files_prove_nothing_and_never_block_a_scan(
    company: Path, state: Path, scan
) -> None:
    write_text(company / "a.txt", "first note")
    write_text(company / "b.txt", "second note")
    scan()
    decide(company, state, "add", "a.txt", POLICY_REQUIREMENT)
    decide(company, state, "add", "b.txt", POLICY_REQUIREMENT)
    (company / "a.txt").unlink()
    scan()
    assert "a.txt" not in links_of(evidence_map(company, state), POLICY_REQUIREMENT)
    shutil.move(company / "b.txt", company / "a.txt")  # Onto the path of an old decision.
    assert scan().moved == 1
    assert links_of(evidence_map(company, state), POLICY_REQUIREMENT)["a.txt"][0].source == "user"
    message = decide(company, state, "reset", "never-there.txt", POLICY_REQUIREMENT)
    assert message.startswith("Nothing to reset")


@pytest.mark.parametrize(
    "pattern",
    [
        "*toolbox*",
        "*/inspections/*.pdf",
        "flha ??.pdf",
        "*[0-9] toolbox*",
        "*[!x]ire drill*",
        "a[bc",
    ],
)
def test_a_path_pattern_links_exactly_the_paths_it_matches(pattern: str) -> None:
    paths = [
        "Meetings/Toolbox Talk 2026.docx",
        "Site/Inspections/yard.PDF",
        "Site/inspections/yard.docx",
        "flha 01.pdf",
        "flha 1.pdf",
        "2026 1 toolbox.txt",
        "Fire drill.pdf",
        "xire drill.pdf",
        "a[bc",
        "abc",
    ]
    requirement = build_requirement(
        evidence=EvidenceRule(path_patterns=(pattern,), supporting_doc_types=("other",))
    )
    context = MappingContext([build_document_facts(path) for path in paths], lambda query: [])
    linked = [link.path for link in map_by_path_pattern(requirement, context)]
    assert linked == [path for path in paths if fnmatch.fnmatch(path.lower(), pattern)]
    assert linked, f"{pattern} matches none of the paths: the case says nothing"


def test_a_query_matching_more_files_than_asked_gives_the_most_recent_documents() -> None:
    dated = {
        "b 2026-03.pdf": "2026-03-01",
        "a 2026-03.pdf": "2026-03-01",
        "2025-11.pdf": "2025-11-20",
        "2026-06.pdf": "2026-06-30",
        "undated.pdf": None,
        "2024-01.pdf": "2024-01-10",
    }
    documents = [build_document_facts(path, date=day) for path, day in dated.items()]
    # Best scores first, as an index ranks them, and a file the map is not given.
    hits = [
        SearchHit(path=path, page=1, score=score, snippet="", title="")
        for score, path in enumerate(["left the folder.pdf", *reversed(dated)])
    ]
    context = MappingContext(documents, lambda query: hits)
    chosen = [hit.path for hit in context.search("inspection", 4)]
    assert chosen == ["2026-06.pdf", "a 2026-03.pdf", "b 2026-03.pdf", "2025-11.pdf"]
    # Fewer match than asked: all of them, in the same order, the file not mapped left out.
    every = [hit.path for hit in context.search("inspection", 10)]
    assert every == [*chosen, "2024-01.pdf", "undated.pdf"]
    assert context.document("2026-06.pdf") == documents[3]
    assert context.document("left the folder.pdf") is None
