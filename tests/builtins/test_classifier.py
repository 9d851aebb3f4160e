"""The built-in classifier: each document's type, and the cue a user is shown for it."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evidencekit.builtins.classifier import (
    CONTENT_CUES,
    DOCUMENT_TYPES,
    MORE_SPECIFIC,
    NAME_CUES,
    NO_CUE,
    classify,
)
from evidencekit.models import Classification, DocumentText
from evidencekit.plugins import make_plugin_manager

CASES_FILE = Path(__file__).with_name("classifier_cases.tsv")


@dataclass(frozen=True)
class ClassifierCase:
    path: str
    title: str | None
    pages: tuple[str, ...]
    doc_type: str
    cue: str
    why: str


def load_cases() -> list[ClassifierCase]:
    lines = [line for line in CASES_FILE.read_text().splitlines() if not line.startswith("#")]
    return [
        ClassifierCase(
            path=row["path"],
            title=None if row["title"] == "-" else row["title"],
            pages=() if row["text"] == "-" else (_unescaped(row["text"]),),
            doc_type=row["type"],
            cue=row["cue"],
            why=row["why"],
        )
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


def _unescaped(text: str) -> str:
    """A case's text with its written line breaks and tabs (a table's cells) made real."""
    return text.replace("\\n", "\n").replace("\\t", "\t")


CASES = load_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.why for case in CASES])
def test_classifier_cases(case: ClassifierCase) -> None:
    classification = classify(case.path, case.title, case.pages)

    assert classification.doc_type == case.doc_type
    assert classification.cue.startswith(case.cue), classification.cue


def test_the_cases_cover_every_type_and_every_kind_of_cue() -> None:
    cue_kinds = {case.cue.split(" '")[0].split(" contains")[0] for case in CASES}

    assert {case.doc_type for case in CASES} == set(DOCUMENT_TYPES)
    assert cue_kinds >= {"heading", "title", "file name", "folder", "content mentions"}


def test_nothing_to_go_on_is_other() -> None:
    assert classify("", None, ()) == NO_CUE == Classification("other", "no cue matched")


def test_cues_name_only_known_types() -> None:
    named = set(NAME_CUES) | set(CONTENT_CUES) | set(MORE_SPECIFIC) | set(MORE_SPECIFIC.values())

    assert named <= set(DOCUMENT_TYPES) - {"other"}


def test_a_cue_in_capitals_is_only_capitals() -> None:
    cues = [
        cue for table in (NAME_CUES, CONTENT_CUES) for by_type in table.values() for cue in by_type
    ]
    in_capitals = [text for _weight, text in cues if re.search(r"(?<!\\)[A-Z]", text)]

    # A cue mixing capitals and lower case would need that exact case everywhere.
    assert in_capitals
    for text in in_capitals:
        assert re.fullmatch(r"[A-Z]+(?:s\?)?(?:\|[A-Z]+(?:s\?)?)*", text), text


@pytest.mark.parametrize(
    ("path", "doc_type"),
    [
        ("Equipment/forklift pm.pdf", "other"),
        ("Equipment/forklift PM.pdf", "maintenance-record"),
        ("Docs/erp notes.pdf", "other"),
        ("Docs/ERP notes.pdf", "emergency-response-plan"),
    ],
)
def test_abbreviations_in_capitals_must_be_in_capitals(path: str, doc_type: str) -> None:
    assert classify(path, None, ()).doc_type == doc_type


def test_only_the_top_of_the_text_is_read() -> None:
    filler = "The crew cleaned the yard and stacked the lumber. " * 80

    assert classify("scan.pdf", None, [filler + "toolbox talk " * 10]) == NO_CUE


PROJECT_RISKS = (
    "Ranking\tRisk\tExplanation\tControls\n"
    + "Software bugs in the code could delay the deadline; debug and review every week.\n" * 8
    + "Team members miss meetings, so tasks slip; agree targets for each member.\n" * 8
)
BUILD_RISKS = (
    "Ranking\tRisk\tExplanation\tControls\n"
    "Soldering iron\tVery high temperature that could burn the user\tWear gloves\n"
    "Solder paste\tToxic if swallowed\tWash hands after use\n"
    "Soldering fumes\tInhalation of fumes\tOpen windows for ventilation\n" + PROJECT_RISKS
)


def test_a_named_type_stands_only_when_the_text_speaks_of_health_and_safety_or_harm() -> None:
    # A student project's risk register named "Risk Assessment" weighs delays; one whose
    # rows name burns, fumes and gloves is a hazard assessment, with no safety word needed.
    register = classify("Project/Risk Assessment.docx", None, [PROJECT_RISKS])
    assessment = classify("Project/Risk Assessment.docx", None, [BUILD_RISKS])

    assert register.doc_type == "other"
    assert re.match(r"its text \(\d+ words\) has no health and safety word", register.cue)
    assert assessment == Classification(
        "formal-hazard-assessment", "file name contains 'Risk Assessment'"
    )


RESEARCH_OUTLINE = (
    "Assessment Outline\nThis project studies how the seasons shape a virus's spread, from"
    " public datasets. The student will fit models in R or Python to the data.\n"
) + "Rainfall, temperature and vegetation are compared year by year across the regions.\n" * 40
HAZARDS_PAGE = (
    "Summary of Activities, Hazards, Controls\nHazard 1: long hours at a workstation\n"
    "Staff risk discomfort or injury to hands and wrists from repetitive movement.\n"
    "Controls: a display screen assessment, regular breaks, first aid contacts posted.\n"
)


def test_a_look_alike_is_called_so_only_when_no_later_page_speaks_of_safety() -> None:
    # A university's risk assessment may give its first page to the research and name the
    # hazards on the next; a research outline with no such page is not safety evidence.
    outline_only = classify("Dissertation/Risk Assessment.pdf", None, [RESEARCH_OUTLINE])
    assessment = classify(
        "Dissertation/Risk Assessment.pdf", None, [RESEARCH_OUTLINE, HAZARDS_PAGE]
    )

    assert outline_only.doc_type == "other"
    assert re.match(r"its text \(\d+ words\) has no health and safety word", outline_only.cue)
    assert assessment == Classification(
        "formal-hazard-assessment", "file name contains 'Risk Assessment'"
    )


def test_one_stray_safety_word_further_on_does_not_make_a_long_text_safety_evidence() -> None:
    paper = "Beam optics\n" + "The lattice focuses the beam through each quadrupole.\n" * 70
    aside = "The appendix lists the beamline's safety interlocks.\n"

    assert classify("Physics/SOP.pdf", None, [paper, aside]).doc_type == "other"
    assert classify("Physics/SOP.pdf", None, [paper, HAZARDS_PAGE]).doc_type == (
        "safe-work-procedure"
    )


def test_another_fields_words_at_the_top_give_way_to_safety_words_further_on() -> None:
    outline = (
        "Assessment Outline\nFor students of modelling: the student links outbreak datasets to"
        " rainfall in a statistical analysis.\n" + RESEARCH_OUTLINE
    )
    outline_only = classify("Dissertation/Risk Assessment.pdf", None, [outline])
    assessment = classify("Dissertation/Risk Assessment.pdf", None, [outline, HAZARDS_PAGE])

    assert outline_only.cue.startswith("reads as research, not health and safety evidence")
    assert assessment.doc_type == "formal-hazard-assessment"


def test_a_name_that_says_another_field_stands_whatever_the_subject() -> None:
    # An essay about inspections speaks of safety on every later page; its heading says it
    # is research, and that stands.
    essay = (
        "A Research on Forklift Inspection Checklists\nThis essay reviews the literature on"
        " daily checklists and the dataset of a fleet's dashboard.\n"
    ) + "Checklists are compared for each fleet and year.\n" * 70
    later = "Hazards found, injuries avoided, safety culture, near misses, first aid.\n" * 5

    found = classify("Essays/research.pdf", None, [essay, later])

    assert found.doc_type == "other"
    assert found.cue.startswith("reads as research")


def test_minutes_are_a_committees_only_when_the_meeting_spoke_of_safety() -> None:
    board = (
        "Minutes\nSpecial public meeting of the Board of Education\nAgenda item\n"
        + "The board approved the budget transfer and the school calendar for next year.\n" * 15
    )
    committee = board + "The committee walked the shop and reviewed two hazard reports.\n"

    assert classify("Board/Minutes-10.pdf", None, [board]).doc_type == "other"
    # A board's later business (the playground's safety, a pupil's injury) does not make
    # it a safety committee: minutes are judged by their top, where the agenda is.
    later = "Playground safety was discussed after one injury at recess.\n"
    assert classify("Board/Minutes-10.pdf", None, [board + "\n" * 3000, later]).doc_type == "other"
    assert classify("Board/Minutes-10.pdf", None, [committee]).doc_type == "committee-minutes"


def test_the_built_in_plugin_classifies_every_document() -> None:
    plugin_manager = make_plugin_manager(load_entrypoints=False)
    document = DocumentText(path="Field/FLHA/scan0042.pdf", title=None, pages=("Task: forms",))

    classification = plugin_manager.hook.classify_document(document=document)

    assert classification == Classification(
        "field-level-hazard-assessment", "folder 'FLHA' contains 'FLHA'"
    )


@given(
    st.text(max_size=80),
    st.one_of(st.none(), st.text(max_size=40)),
    st.lists(st.text(max_size=300), max_size=3),
)
def test_any_document_gets_a_type_and_a_cue(path: str, title: str | None, pages: list[str]) -> None:
    classification = classify(path, title, pages)

    assert classification.doc_type in DOCUMENT_TYPES
    assert classification.cue
