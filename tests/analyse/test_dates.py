"""Dates in evidence: the written forms read, the numbers refused, a record's own date."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from evidencekit.analyse.dates import (
    MAX_YEAR,
    MIN_YEAR,
    MONTH_ONLY_NOTE,
    DateOrder,
    DateSource,
    FoundDate,
    LabelKind,
    date_in_filename,
    date_order,
    dates_in_text,
    effective_date,
    expiry_date,
    labelled_dates,
)

CASES_FILE = Path(__file__).with_name("date_cases.tsv")


@dataclass(frozen=True)
class DateCase:
    kind: str
    text: str
    path: str
    #: ISO dates, each with "?" when flagged ambiguous and "*" when read from a month.
    expected: tuple[str, ...]
    why: str


def load_cases() -> list[DateCase]:
    lines = [line for line in CASES_FILE.read_text().splitlines() if not line.startswith("#")]
    return [
        DateCase(
            kind=row["kind"],
            text=row["input"].replace("\\n", "\n"),
            path=row["path"],
            expected=() if row["expected"] == "none" else tuple(row["expected"].split()),
            why=row["why"],
        )
        for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    ]


CASES = load_cases()


def found_by(case: DateCase) -> list[FoundDate]:
    finders: dict[str, Callable[[DateCase], FoundDate | None]] = {
        "name": lambda case: date_in_filename(case.text),
        "effective": lambda case: effective_date([case.text], case.path, None, None),
        "revised": lambda case: effective_date(
            [case.text], case.path, None, None, dated_by_revision=True
        ),
        "expiry": lambda case: expiry_date([case.text]),
    }
    if case.kind == "text":
        return dates_in_text(case.text)
    found = finders[case.kind](case)
    return [] if found is None else [found]


def as_written_in_cases(found: FoundDate) -> str:
    ambiguous = "?" if found.ambiguous else ""
    month_only = "*" if found.matched.endswith(MONTH_ONLY_NOTE) else ""
    return found.value.isoformat() + ambiguous + month_only


@pytest.mark.parametrize("case", CASES, ids=[f"{case.kind}: {case.why}" for case in CASES])
def test_date_cases(case: DateCase) -> None:
    assert tuple(as_written_in_cases(found) for found in found_by(case)) == case.expected


def test_the_case_file_covers_every_finder() -> None:
    assert {case.kind for case in CASES} == {"text", "name", "effective", "revised", "expiry"}


def test_matched_is_the_text_read() -> None:
    text = "Inspected on Mar. 4, 2025 and 2025/03/11."

    assert [date.matched for date in dates_in_text(text)] == ["Mar. 4, 2025", "2025/03/11"]
    assert {date.source for date in dates_in_text(text)} == {DateSource.CONTENT}


def test_a_name_date_comes_from_the_name() -> None:
    found = date_in_filename("Inspections/Site Insp_20260112.pdf")

    assert found == FoundDate(datetime.date(2026, 1, 12), DateSource.FILENAME, "20260112")


def test_labelled_dates_name_their_labels() -> None:
    text = (
        "Issue date: 2026-03-04  Valid until: 2029-03-04\nNext meeting 2026-06-01\nFoo 2026-01-01"
    )

    labelled = [(date.label, date.kind, date.date.matched) for date in labelled_dates(text)]

    assert labelled == [
        ("Issue date", LabelKind.RECORD, "2026-03-04"),
        ("Valid until", LabelKind.EXPIRY, "2029-03-04"),
        ("Next", LabelKind.OTHER, "2026-06-01"),
    ]


def test_only_the_top_and_the_signature_block_of_a_record_are_searched_for_its_date() -> None:
    words = "Words about ladders. " * 200
    pages = ["Toolbox talk\n" + words, "Date: 2026-03-04\n" + words]

    assert effective_date(pages, "talk.docx", None, None) is None


def test_expiry_is_not_read_from_a_later_page() -> None:
    pages = ["Certificate\n" + "Course content. " * 200, "Valid until 2029-03-04"]

    assert expiry_date(pages) is None


@pytest.mark.parametrize(
    ("created", "modified", "expected"),
    [
        ("2025-03-04T10:15:00-07:00", "2025-06-01T08:00:00Z", "2025-03-04"),
        (None, "2025-06-01T08:00:00Z", "2025-06-01"),
        ("not a date", "2025-06-01", "2025-06-01"),
        ("1970-01-01T00:00:00", None, None),
        (None, None, None),
    ],
    ids=["created first", "then modified", "unreadable skipped", "out of range", "none"],
)
def test_metadata_is_the_last_resort(
    created: str | None, modified: str | None, expected: str | None
) -> None:
    found = effective_date(["Toolbox talk on ladders"], "Meetings/talk.docx", created, modified)

    assert (found.value.isoformat() if found else None) == expected
    if found:
        assert found.source is DateSource.METADATA
        assert found.matched in (created, modified)


def test_a_day_first_date_elsewhere_in_the_document_turns_the_top_day_first() -> None:
    pages = ["Drill record\nDate: 04/03/2026", "Follow-up drill 13/03/2026"]

    found = effective_date(pages, "drill.pdf", None, None)

    assert found == FoundDate(datetime.date(2026, 3, 4), DateSource.CONTENT, "04/03/2026", True)


# --- Properties ------------------------------------------------------------------------

MONTH_NAMES = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)
in_range_dates = st.dates(datetime.date(MIN_YEAR, 1, 1), datetime.date(MAX_YEAR, 12, 31))


def month_abbreviation(day: datetime.date) -> str:
    name = MONTH_NAMES[day.month - 1]
    return "Sept" if day.month == 9 else name[:3]


TEXT_FORMATS: tuple[Callable[[datetime.date], str], ...] = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month:02}/{d.day:02}",
    lambda d: f"{d.year}.{d.month}.{d.day}",
    lambda d: f"{MONTH_NAMES[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{MONTH_NAMES[d.month - 1].upper()} {d.day} {d.year}",
    lambda d: f"{d.day} {MONTH_NAMES[d.month - 1]} {d.year}",
    lambda d: f"{month_abbreviation(d)}. {d.day}, {d.year}",
    lambda d: f"{d.day:02}-{month_abbreviation(d)}-{d.year}",
    lambda d: f"{d.month}/{d.day}/{d.year}",
    lambda d: f"{d.month:02}-{d.day:02}-{d.year}",
)
# A slash separates folders, so it cannot stand inside a name.
NAME_FORMATS: tuple[Callable[[datetime.date], str], ...] = (
    *(written for written in TEXT_FORMATS if "/" not in written(datetime.date(2025, 3, 4))),
    lambda d: f"{d.year}{d.month:02}{d.day:02}",
    lambda d: f"{d.year}_{d.month:02}_{d.day:02}",
)


@given(in_range_dates, st.sampled_from(TEXT_FORMATS), st.sampled_from(["", "Date: ", "on "]))
def test_every_text_form_reads_back_as_the_date_written(
    day: datetime.date, written: Callable[[datetime.date], str], label: str
) -> None:
    found = dates_in_text(f"{label}{written(day)}. Signed.")

    assert [date.value for date in found] == [day]


@given(in_range_dates)
def test_a_day_first_numeric_date_reads_back_when_only_day_first_makes_sense(
    day: datetime.date,
) -> None:
    assume(day.day > 12)

    assert [date.value for date in dates_in_text(f"{day.day}/{day.month}/{day.year}")] == [day]


@given(in_range_dates, st.sampled_from(NAME_FORMATS))
def test_every_name_form_reads_back_as_the_date_written(
    day: datetime.date, written: Callable[[datetime.date], str]
) -> None:
    found = date_in_filename(f"Evidence/FLHA {written(day)} crew B.pdf")

    assert found is not None
    assert found.value == day


fragments = st.sampled_from(
    [*"0123456789-/.,: \n", "2025", "1989", "2101", "13", "31", "02", "Mar", "March", "Sept",
     "May", "of", "day", "th", "T", "Date", "Expires", "Next", "due"]
)  # fmt: skip
number_like_text = st.lists(fragments, max_size=40).map("".join)


@given(st.one_of(number_like_text, st.text(max_size=200)))
def test_no_text_gives_an_impossible_date(text: str) -> None:
    for found in [*dates_in_text(text), date_in_filename(text)]:
        if found is None:
            continue
        assert MIN_YEAR <= found.value.year <= MAX_YEAR
        assert found.matched.removesuffix(MONTH_ONLY_NOTE) in text


@given(
    st.lists(st.one_of(number_like_text, st.text(max_size=100)), max_size=3),
    st.one_of(number_like_text, st.text(max_size=50)),
    st.one_of(st.none(), st.text(max_size=30), number_like_text),
    st.one_of(st.none(), st.text(max_size=30), number_like_text),
)
def test_effective_and_expiry_dates_never_fail(
    pages: list[str], path: str, created: str | None, modified: str | None
) -> None:
    for found in (effective_date(pages, path, created, modified), expiry_date(pages)):
        assert found is None or MIN_YEAR <= found.value.year <= MAX_YEAR


def test_a_policy_is_dated_by_its_revision_a_record_by_what_it_records() -> None:
    pages = ["Health and Safety Policy\nRevision Date: 31/08/25\nThe yard moved on 2019-03-04."]

    as_policy = effective_date(pages, "policy.docx", None, None, dated_by_revision=True)
    as_record = effective_date(pages, "policy.docx", None, None)

    assert as_policy is not None and as_policy.value == datetime.date(2025, 8, 31)
    assert as_record is not None and as_record.value == datetime.date(2019, 3, 4)


def test_a_review_date_is_not_a_revision() -> None:
    pages = ["Safe Work Procedure\nReview date: 2028-07-01\nWritten 2025-08-31 by the crew."]

    found = effective_date(pages, "swp.docx", None, None, dated_by_revision=True)

    assert found is not None and found.value == datetime.date(2025, 8, 31)


@pytest.mark.parametrize(
    ("text", "day_first", "reason"),
    [
        ("Date 13/03/2025", True, "'13/03/2025' can only be day first"),
        ("Issued 07/25/2025", False, "'07/25/2025' can only be month first"),
        ("Revision Date: 31/08/25", True, "'31/08/25' can only be day first"),
        ("Paneltec Pty Ltd", True, "day first: the document writes 'pty ltd'"),
        (
            "Signed 08/12/2025\nVersion 1 July 2023",
            True,
            "day first: the document writes '1 July 2023'",
        ),
        (
            "Held 04/03/2025, after the visit of March 1, 2025 and 2 May 2025 and May 9, 2025",
            False,
            "month first: the document writes 'March 1, 2025'",
        ),
        ("Authorized by OSHA", False, "month first: the document writes 'authorized', 'osha'"),
        ("Date 04/03/2025", False, "month first by default: nothing in the document tells"),
    ],
)
def test_the_order_of_day_and_month_says_what_decided_it(
    text: str, day_first: bool, reason: str
) -> None:
    assert date_order(text) == DateOrder(day_first, reason)


FILLER = "Workers report hazards to their supervisor before work starts.\n" * 60


def test_a_record_signed_on_its_last_page_is_dated_by_its_signature() -> None:
    pages = ["Health and Safety Policy\n" + FILLER, "Signed Date: 28/04/2020\nPage 2 of 2"]

    found = effective_date(pages, "policy.pdf", "2020-05-12T15:46:17", None)

    assert found is not None and found.value == datetime.date(2020, 4, 28)
    assert found.source is DateSource.CONTENT


def test_a_footer_at_the_end_does_not_date_the_record() -> None:
    # A Word file's footers come last in its text; a PDF's footer is on every page.
    versioned = ["Emergency Response Plan\n" + FILLER, "Version 10, Issued 31 August 2025"]
    repeated = [
        f"Emergency Response Plan\n{FILLER}Form F42 issued 21/02/2020",
        f"{FILLER}Form F42 issued 21/02/2020",
    ]

    for pages in (versioned, repeated):
        found = effective_date(pages, "plan.docx", "2025-03-24T10:00:00", None)
        assert found is not None and found.source is DateSource.METADATA


def test_a_records_running_footer_with_the_forms_issue_does_not_date_it() -> None:
    footer = "Page {} of 2 Issue No: 3.0 Issue Date: 22.6.15 Issued By: AV"
    pages = [
        f"{footer.format(1)}\nAsbestos survey report\nDate of survey 14/02/2018",
        f"{footer.format(2)}\nSample results",
    ]

    as_record = effective_date(pages, "survey.pdf", None, None)
    policy = [f"Page {n} of 2 Revision Date: 22.6.15\nHealth and safety policy" for n in (1, 2)]
    as_policy = effective_date(policy, "policy.pdf", None, None, dated_by_revision=True)

    assert as_record is not None and as_record.value == datetime.date(2018, 2, 14)
    # A policy's revision printed on every page is the version in force.
    assert as_policy is not None and as_policy.value == datetime.date(2015, 6, 22)


def test_a_procedure_is_dated_by_the_latest_row_of_its_revision_history() -> None:
    contents = "Contents\nScope\t1\nRevision history\t9\n"
    history = "Revision history\nDate\tInitials\tVersion\tChanges\n2017-02-13\tGF\tv0.1\tDraft\n"
    pages = [contents + FILLER, history + "2017-03-20\tGF\tv0.2\tLockout added\n"]

    as_procedure = effective_date(pages, "plan.docx", None, None, dated_by_revision=True)
    as_record = effective_date(pages, "plan.docx", None, None)

    assert as_procedure is not None and as_procedure.value == datetime.date(2017, 3, 20)
    assert as_record is None


def test_the_date_a_browser_printed_in_the_header_is_not_the_records() -> None:
    page = (
        "08/09/2017 Blackboard Learn\n"
        "https://connect.example.ca/achievements/preview.do?course_id=_9 1/1\n"
        "This is to certify that\nLee Rippon\nhas successfully completed\n"
        "Privacy Fundamentals\non\nSeptember 8, 2017"
    )

    found = effective_date([page], "certificate.pdf", None, None)

    assert found is not None and found.value == datetime.date(2017, 9, 8)
