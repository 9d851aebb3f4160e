"""Reading promises, incident numbers and corrective actions from a document's text."""

from __future__ import annotations

import pytest

from evidencekit.analyse.content import (
    corrective_actions,
    event_dates,
    incident_refs,
    read_content,
    schedule_promises,
)
from evidencekit.models import Recurrence


def promised(text: str) -> dict[str, Recurrence]:
    return {promise.doc_type: promise.recurrence for promise in schedule_promises(text)}


@pytest.mark.parametrize(
    ("sentence", "doc_type", "recurrence"),
    [
        ("An emergency drill is held at least every six months.", "drill-record", "half-yearly"),
        ("The plan is practised with a drill at least once a year.", "drill-record", "yearly"),
        ("Every active site is inspected at least monthly.", "inspection", "monthly"),
        ("The shop and both vans are inspected every quarter.", "inspection", "quarterly"),
        ("The JHSC meets at least once every quarter.", "committee-minutes", "quarterly"),
        ("The HSR and the owner meet at least once a year.", "committee-minutes", "yearly"),
        ("Each crew holds a toolbox talk at least monthly.", "safety-meeting", "monthly"),
        ("Site inspections are done weekly by the foreman.", "inspection", "weekly"),
        (
            "Every worker completes an FLHA at each job site before starting work each day.",
            "field-level-hazard-assessment",
            "each-shift",
        ),
        ("Drills are held twice a year.", "drill-record", "half-yearly"),
    ],
)
def test_a_sentence_naming_a_record_then_a_frequency_is_a_promise(
    sentence: str, doc_type: str, recurrence: str
) -> None:
    assert promised(sentence) == {doc_type: Recurrence(recurrence)}


def test_the_frequency_belongs_to_the_record_named_nearest_before_it() -> None:
    # The HSR is a person here; what happens each shift is the FLHA review.
    text = "Journeyman Electrician and HSR Ryan Tsai Reviews FLHAs each shift; keeps records"
    assert promised(text) == {"field-level-hazard-assessment": Recurrence.EACH_SHIFT}


def test_a_frequency_before_any_record_promises_nothing() -> None:
    assert promised("This plan is reviewed every year and after every drill.") == {}
    assert promised("Management takes part in inspections and meetings.") == {}


def test_a_heading_line_does_not_run_into_the_promise_it_heads() -> None:
    text = (
        "7. Emergency response\n"
        "The plan covers each site. An emergency drill is held at least every six months,\n"
        "rotating between the sites.\n"
    )
    (promise,) = schedule_promises(text)
    assert promise.quote == (
        "An emergency drill is held at least every six months, rotating between the sites."
    )


def test_the_first_promise_for_a_record_wins_within_one_document() -> None:
    text = "Sites are inspected monthly. The president joins one inspection per quarter."
    assert promised(text) == {"inspection": Recurrence.MONTHLY}


def test_incident_numbers_are_found_and_normalised() -> None:
    text = "Incident no. INC-2026-05 ... see also IR 2025-114 and INC-2026-5 again"
    assert incident_refs(text) == ("INC-2026-05", "IR-2025-114")
    assert incident_refs("Invoice 2026-05 and REV-B") == ()


def test_event_dates_are_the_dates_labelled_as_the_incident() -> None:
    text = "Incident date: Aug 17 2026. Investigation completed: Sep 7 2026."
    assert event_dates(text) == ("2026-08-17",)


def test_only_investigations_keep_event_dates() -> None:
    text = "Incident date: Aug 17 2026."
    assert read_content([text], "investigation").event_dates == ("2026-08-17",)
    assert read_content([text], "incident-report").event_dates == ()


ACTIONS_TABLE = """Corrective actions
Action Owner Due Completed
Revise the ladder procedure Priya Sandhu Aug 31 2026 Aug 31 2026
Replace old step ladders Dale Whitford Sep 30 2026 OPEN
Order new harnesses Luis Ortega Oct 2 2026
1 action(s) still open.
Signed: Priya Sandhu Date: Sep 7 2026
"""


def test_corrective_actions_are_read_with_due_date_and_state() -> None:
    actions = corrective_actions(ACTIONS_TABLE)
    assert [(a.text, a.owner, a.due, a.done) for a in actions] == [
        ("Revise the ladder procedure", "Priya Sandhu", "2026-08-31", True),
        ("Replace old step ladders", "Dale Whitford", "2026-09-30", False),
        # No completion date in a table that has a column for one: still open.
        ("Order new harnesses", "Luis Ortega", "2026-10-02", False),
    ]


def test_a_word_tables_cells_give_action_and_owner() -> None:
    text = (
        "Corrective actions\nAction\tOwner\tDue\tCompleted\n"
        "Issue cut-resistant gloves to the Finishing Crew\tMélanie Gagné\t2026-04-29\t\n"
        "All actions tracked at the JHSC."
    )
    (action,) = corrective_actions(text)
    assert (action.text, action.owner, action.done) == (
        "Issue cut-resistant gloves to the Finishing Crew",
        "Mélanie Gagné",
        False,
    )


@pytest.mark.parametrize(
    ("row", "text", "owner"),
    [
        ("Brief the crew Élise M. Roy Sep 30 2026 OPEN", "Brief the crew", "Élise M. Roy"),
        # The name takes the last two or three capitalised words; the action keeps the rest.
        ("Tell D\u2019Arcy O\u2019Neil Sep 30 2026 OPEN", "Tell", "D\u2019Arcy O\u2019Neil"),
        ("Update the ERP Sep 30 2026 OPEN", "Update the ERP", None),
    ],
)
def test_an_owner_is_the_name_just_before_the_due_date(row: str, text: str, owner) -> None:
    (action,) = corrective_actions(f"Corrective actions\nAction Owner Due Status\n{row}\n")
    assert (action.text, action.owner) == (text, owner)


def test_without_an_owner_column_the_whole_text_is_the_action() -> None:
    text = "Corrective actions\nAction Due Status\nReplace Old Ladders 2026-09-30 open\n"
    (action,) = corrective_actions(text)
    assert (action.text, action.owner) == ("Replace Old Ladders", None)


def test_an_action_whose_state_cannot_be_told_is_left_out() -> None:
    text = "Corrective actions\nAction Owner Due\nFix the gate Dale Whitford 2026-09-30\n"
    assert corrective_actions(text) == ()
    text = "Corrective actions\nAction Owner Due\nFix the gate Dale Whitford 2026-09-30 done\n"
    assert [a.done for a in corrective_actions(text)] == [True]


def test_text_without_actions_or_promises_reads_as_empty() -> None:
    content = read_content(
        ["Toolbox talk: ladders. Inspect your harness before every use."], "other"
    )
    assert content.actions == () and content.promises == () and content.incident_refs == ()


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        pytest.param(
            "The following actions were assigned at the JHSC meeting\nAction Due Status\n"
            "Replace ladders 2026-09-30\nRetrain the Night Shift 2026-10-30 Open\n",
            [("Replace ladders", None), ("Retrain the Night Shift", None)],
            id="a prose line above the header is not the header",
        ),
        pytest.param(
            "Action Owner Due\nDate Completed\nReplace ladders Dale Whitford 2026-09-30\n",
            [("Replace ladders", "Dale Whitford")],
            id="a header wrapped onto two lines",
        ),
        pytest.param(
            "No.\tAction\tOwner\tDue\tCompleted\n1\tReplace ladders\tDale Whitford\t2026-09-30\t\n",
            [("Replace ladders", "Dale Whitford")],
            id="a numbered Word table",
        ),
        pytest.param(
            "Action\tOwner\tDue\tStatus\nInspect the North Yard\t\t2026-09-30\tOpen\n",
            [("Inspect the North Yard", None)],
            id="an empty owner cell names nobody",
        ),
        pytest.param(
            "Action Target Owner Status\nReplace ERP Server 2026-09-30 Dale Whitford open\n",
            [("Replace ERP Server", None)],
            id="an owner column after the date",
        ),
        pytest.param(
            "Action Owner Due Status\nRetrain on WHMIS Dale Whitford 2026-09-30 open\n",
            [("Retrain on WHMIS", "Dale Whitford")],
            id="an acronym ends the action, it does not start the name",
        ),
    ],
)
def test_the_header_row_says_where_the_owner_is(table: str, expected: list) -> None:
    actions = corrective_actions(f"Corrective actions\n{table}")
    assert [(action.text, action.owner) for action in actions] == expected
    assert all(not action.done for action in actions)
