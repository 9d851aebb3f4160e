"""Which lines of a document's first page can name it: its heading, as the classifier reads
it, without the letterhead, document-control lines and reference numbers around it; the
form it is filled in on; and the one line of a certificate whose artwork holds the rest."""

from __future__ import annotations

import re

HEADING_LINES = 5
# A title may end with a full stop ("Hackspace risk assessment."); a longer line so ended
# is a sentence of the body.
MAX_TITLE_WORDS_WITH_FULL_STOP = 6
# A longer line on page 1 is running text, not a heading.
MAX_HEADING_CHARS = 120
MAX_HEADING_WORDS = 14

# A page-1 line ending like this is the company's name, not the record's heading.
_COMPANY_LINE = re.compile(
    r"\b(?:ltd|inc|corp|corporation|limited|llc|ulc|llp)\.?\s*$", re.IGNORECASE
)
# A company's name with its registration number at the start of a line (letterheads).
_LETTERHEAD = re.compile(
    r"^.{0,60}?\b(?:A\.?B\.?N\.?|A\.?C\.?N\.?|GST(?: No\.?)?|VAT(?: No\.?)?)\s*:?\s*[\d ]{6,16}\s*",
    re.IGNORECASE,
)
# A line that only controls the document: its revision, page, or where the company is.
_CONTROL_LINE = re.compile(
    r"(?:revision|rev|version|issue|page|p\.?\s?o\.? box|tel|phone|fax|e-?mail|www|http)\b"
    r"|[\w.]+@",
    re.IGNORECASE,
)
# A form's number before its title: "Document No: SF-21 ", "SF-60 ", "IMS-05.03 ".
_FORM_NUMBER = re.compile(
    r"^(?i:(?:document|doc|form|ref(?:erence)?)\.?\s*(?:no|number|#|id)?\.?\s*:\s*)?"
    r"(?:[A-Z]{1,6}[- ]?\d+(?:[.\-/]\d+)*[A-Z]?\s+(?=\S))?"
)
# A document-control line that starts with the form's code: "PL-HFM-006, Issue 01, Rev.01".
_CONTROL_MARK = re.compile(r"\b(?:rev(?:ision)?|issue|version|ver)\.?\s*(?:no\.?\s*)?:?\s*\d", re.I)
MAX_CONTROL_LINE_CHARS = 60
# A line that is one reference number: a single token with a digit, or no letter at all.
_REFERENCE_LINE = re.compile(r"\S*\d\S*|[\d\W_]+")
# The issuing authority above a government's certificate or letter ("Ministry of Manpower",
# "Kementerian ...", "Directorate General ..."), also with its words run together.
_AUTHORITY_LINE = re.compile(
    r"(?:ministry|kementerian|directorate|direktorat|government|pemerintah|republic|republik)"
    r"(?:\b|of|jenderal|general)",
    re.IGNORECASE,
)
# A form's field waiting to be filled ("Operator Name:", "Date: ____", "CREW:<tab>DATE"): a
# form's title comes before its fields, so the lines from here on are its body.
_EMPTY_FIELD = re.compile(r"^[^:\t]{1,40}:[\s_.]*(?:$|\t)")
# A letterhead's list of what the company does ("Asbestos - Consulting - Inspection -
# Surveys - Testing"): four or more short parts between dashes, bars or bullets.
_LIST_SEPARATOR = re.compile(r"\s*[\u2013\u2014|\u2022\u00b7]\s*|\s+-\s+")
MIN_LISTED_SERVICES = 4
MAX_SERVICE_WORDS = 3
# A spreadsheet's or table's data row: several cells, most of them numbers.
_CELL_SEPARATOR = re.compile(r"\t+")
_NUMBER_CELL = re.compile(r"[\d\s.,%$()/-]+")
MIN_ROW_CELLS = 3


def heading_lines(page: str) -> list[str]:
    """The first lines of page 1 that can name the record: a letterhead's company and
    registration number, a document-control line (``Revision No: 010``) and a bare
    reference number (``0034/S-JSA/DXA/II/2022``), an issuing authority's name and a data
    row of a table are passed over, a form's own number is taken off its title
    (``Document No: SF-21 PRACTICE EVACUATION REPORT``), and the first empty field to fill
    in (``Operator Name:``) ends the heading."""
    lines: list[str] = []
    for raw_line in page.splitlines():
        if _is_data_row(raw_line):
            continue
        line = _FORM_NUMBER.sub("", _LETTERHEAD.sub("", " ".join(raw_line.split())))
        if not line or _COMPANY_LINE.search(line) or _CONTROL_LINE.match(line):
            continue
        if _REFERENCE_LINE.fullmatch(line) or _AUTHORITY_LINE.match(line):
            continue
        if _lists_services(line):
            continue
        if len(line) <= MAX_CONTROL_LINE_CHARS and _CONTROL_MARK.search(line):
            continue
        if _EMPTY_FIELD.match(raw_line.strip()):
            if lines:
                break
            continue
        short = len(line) <= MAX_HEADING_CHARS and len(line.split()) <= MAX_HEADING_WORDS
        if short and not _is_sentence(line):
            lines.append(line)
        if len(lines) == HEADING_LINES:
            break
    return lines


def _lists_services(line: str) -> bool:
    """A letterhead's list of the company's services, not a title."""
    parts = [part for part in _LIST_SEPARATOR.split(line) if part]
    return len(parts) >= MIN_LISTED_SERVICES and all(
        len(part.split()) <= MAX_SERVICE_WORDS for part in parts
    )


def _is_data_row(line: str) -> bool:
    """A table's row of figures ("236220<tab>120000<tab>5<tab>Roofing contractors")."""
    cells = [cell for cell in _CELL_SEPARATOR.split(line.strip()) if cell.strip()]
    numbers = sum(1 for cell in cells if _NUMBER_CELL.fullmatch(cell))
    return len(cells) >= MIN_ROW_CELLS and numbers * 2 > len(cells)


def _is_sentence(line: str) -> bool:
    """Running text rather than a title: several words ending with a full stop."""
    return line.endswith(".") and len(line.split()) > MAX_TITLE_WORDS_WITH_FULL_STOP


# A form's field with its label: "Operator Name:", "Date of Incident : ...".
_FIELD_LABEL = re.compile(r"^\s*([^:\t]{2,40}?)\s*:")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
#: How many of a form's field labels, after its heading, say which form it is.
FORM_FIELDS = 4
#: A form needs at least this many parts (heading lines and field labels) and letters in
#: them to be told apart from another; with fewer, no two documents are the same form.
MIN_FORM_PARTS = 2
MIN_FORM_LETTERS = 12


def form_of(page: str) -> str | None:
    """Which form or template the document with this first page is filled in on: its
    heading lines and the labels of its first fields, with what was filled in left out
    (the text after a colon, digits, a table's other cells), as one lower-case line such
    as ``bandsaw induction; operator name, date``. Two documents on the same form read the
    same; ``None`` when the page says too little to tell one form from another."""
    titles = [_bare(line.split(":")[0]) for line in heading_lines(page)]
    labels = []
    for line in page.splitlines():
        field = _FIELD_LABEL.match(line.split("\t")[0])
        if field is not None and _bare(field.group(1)) not in (*titles, *labels):
            labels.append(_bare(field.group(1)))
        if len(labels) == FORM_FIELDS:
            break
    titles = [title for title in titles if title]
    labels = [label for label in labels if label]
    letters = sum(len(part.replace(" ", "")) for part in (*titles, *labels))
    if len(titles) + len(labels) < MIN_FORM_PARTS or letters < MIN_FORM_LETTERS:
        return None
    return "; ".join(filter(None, (" / ".join(titles), ", ".join(labels))))


def _bare(text: str) -> str:
    """Only the words of ``text``, lower case, one space apart."""
    return " ".join(_NOT_LETTERS.sub(" ", text.lower()).split())


#: A text this short that names the day a course was held ("Held on 4th February 2022 at
#: Medan") is the printed part of a certificate of attendance: its name, the course and
#: the award itself are in the artwork.
MAX_ATTENDANCE_WORDS = 60
_ATTENDED = re.compile(
    r"^\s*(?:held|conducted|attended|organi[sz]ed)\s+(?:on|from)\s+\S*\d", re.I | re.M
)


def course_day_line(text: str, words: int) -> str | None:
    """The line of a short text (``words`` long) that names the day a course was held, or
    ``None``."""
    attended = _ATTENDED.search(text) if words <= MAX_ATTENDANCE_WORDS else None
    return text[attended.start() :].strip().splitlines()[0] if attended else None
