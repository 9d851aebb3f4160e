"""What the evidence already says about the company profile, offered as suggestions with
their source, and applying the ones a person accepts.

It reads the company's name (the heading most of its documents start with), the
headcount a document states for the WCB account, a health and safety representative a
document names, the sites named in inspections, FLHAs
and sign-in sheets (``Site: …``), roles and the people holding them from a table with a
position and a person column (a roles and responsibilities document, a training
matrix's position column), and the people the training records name (the courses the
analysis stage already read, ``DocumentContent.courses``). Only what the profile lacks
or contradicts is suggested, and nothing is applied unless ``accept_suggestions`` is
asked to. Tables are read from tab-separated rows (Word and spreadsheet tables); a PDF
row's cells cannot be told apart, so its tables are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from evidencekit.analyse.courses import is_person_name
from evidencekit.models import DocumentFacts, DocumentStatus, DocumentText
from evidencekit.profile.model import CompanyProfile, Person, Role, Site
from evidencekit.program.training import same_person
from evidencekit.vocabulary import SUBCONTRACTOR

#: The profile fields suggestions are made for, in the order they are shown and accepted
#: (roles before people: a person's role must be one of the profile's roles).
SUGGESTED_FIELDS = (
    "company",
    "headcount",
    "health_safety_representative",
    "sites",
    "roles",
    "people",
)
#: The document type whose position table is the company's own list of roles.
ROLES_DOC_TYPE = "responsibilities"
#: Files whose pages are a spreadsheet's sheets (named on the page's first line).
_SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
_QUOTE_CHARS = 160

# A legal name as a document heading: "Northridge Construction Ltd."
_COMPANY_HEADING = re.compile(
    r"^(?:[A-Z0-9&][\w&'\u2019.-]*\s+){1,6}"
    r"(?:Ltd|Limited|Inc|Incorporated|Corp|Corporation|LLC|LLP|Co|Company|ULC)\.?$"
)
# "We employ 28 people, counting … on our WCB account"; "had 7 workers on its WCB account".
_HEADCOUNT = re.compile(
    r"\b(?P<count>\d{1,5})\s+(?:people|persons|workers|employees|staff)\b", re.IGNORECASE
)
_WCB_ACCOUNT = re.compile(r"\bWCB\b[^.]{0,20}\baccount\b|\baccount\b[^.]{0,20}\bWCB\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
# "Site: Blackfalds shop build    Date: …" or, in a PDF, "Site: Blackfalds shop build Date: …"
# "Ryan Tsai is designated as our health and safety representative (HSR)."
_HSR_NAMED = re.compile(
    r"\b(?:is|are|was)\s+(?:designated\s+as\s+|appointed\s+as\s+)?(?:our|the)\s+"
    r"(?:health\s+and\s+safety\s+representative|HSR)\b",
    re.IGNORECASE,
)
_SITE_LABEL = re.compile(
    r"(?:^|\s)(?:Job\s+)?[Ss]ite:\s*(?P<name>[^\t\n]+?)\s*"
    r"(?=\t|\s{2,}|\s+[A-Z][a-z]+(?:\s+[a-z]+)?:|$)"
)
_NOT_A_SITE = re.compile(r"^(?:n/?a|none|various|-+|_+)$", re.IGNORECASE)
_POSITION_COLUMN = re.compile(
    r"^(?:position|role|job|job title|title|occupation|trade)s?$", re.IGNORECASE
)
_PERSON_COLUMN = re.compile(
    r"^(?:who|name|worker|employee|person|staff|staff member|held by)s?(?: name)?$",
    re.IGNORECASE,
)
# A row for a group of unnamed people: "Workers    18 crew members".
_COUNTED_PEOPLE = re.compile(r"^(?P<count>\d{1,5})\s+\w")
# The level a position's title states. A title that states none ("Safety Coordinator",
# "Journeyman Electrician") is left for the person to set, and the role says so.
_TITLE_LEVELS = (
    (
        "senior-management",
        re.compile(
            r"\b(?:president|vice[- ]president|owner|ceo|coo|cfo|chief|director|"
            r"general manager|managers?|principal)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "supervisor",
        re.compile(
            r"\b(?:forem[ae]n|supervisors?|superintendents?|lead hands?|crew leads?|"
            r"crew chiefs?)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "worker",
        re.compile(
            r"\b(?:workers?|labou?rers?|crew members?|crew|apprentices?|helpers?)\b",
            re.IGNORECASE,
        ),
    ),
)
_TITLE_EMPLOYMENTS = (
    ("part-time", re.compile(r"\bpart[- ]time\b", re.IGNORECASE)),
    ("seasonal", re.compile(r"\b(?:seasonal|summer)\b", re.IGNORECASE)),
)


@dataclass(frozen=True)
class SuggestionSource:
    """Where the evidence says it: the document, the page or sheet, and the words."""

    path: str
    where: str | None = None
    quote: str | None = None
    #: The document's own (effective) date, when known.
    date: str | None = None


@dataclass(frozen=True)
class Suggestion:
    """One value for a profile field, as the evidence gives it."""

    field: str
    #: ``str`` (company), ``int`` (headcount), ``bool`` (health_safety_representative), or
    #: a ``Site``, ``Role`` or ``Person``.
    value: str | int | bool | Site | Role | Person
    sources: tuple[SuggestionSource, ...]
    #: ``new``: the profile does not say it; ``differs``: the profile says otherwise.
    status: str = "new"
    #: What else the evidence says, or what the profile says instead.
    note: str | None = None
    #: What the value takes for granted because the evidence does not say it ("level
    #: worker"): said when the suggestion is shown and when it is accepted.
    assumed: tuple[str, ...] = ()
    #: For a count of unnamed people ("Workers: 18 crew members") beside roles the
    #: profile already has at that level: the roles it sums. It is shown, never accepted
    #: as a role of its own (that would count the same people twice).
    summary_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProfileSuggestions:
    suggestions: tuple[Suggestion, ...] = ()
    #: Documents read for suggestions (the analysed, readable ones).
    documents_read: int = 0

    def of(self, field_name: str) -> tuple[Suggestion, ...]:
        return tuple(item for item in self.suggestions if item.field == field_name)


@dataclass(frozen=True)
class AcceptedSuggestions:
    profile: CompanyProfile
    #: How many suggestions each field took.
    taken: dict[str, int] = field(default_factory=dict)
    #: People added without the role the evidence gave, because the profile has no such role.
    roles_left_out: tuple[str, ...] = ()
    #: New roles whose level no document states (taken as worker).
    assumed: tuple[str, ...] = ()
    #: Summary rows left out (the roles they sum are the profile's already).
    summaries_left_out: tuple[str, ...] = ()


def suggest_headcount(
    statements: Mapping[str, Sequence[Sequence[str]]],
    facts: Sequence[DocumentFacts],
    profile: CompanyProfile,
) -> tuple[Suggestion, ...]:
    """``suggest_profile(...).of("headcount")``, from what each text says of it
    (``headcount_statements``, by path): what a program choice needs, at a fraction of the
    cost of reading every line for names and sites."""
    reading = _Reading()
    for document in facts:
        if document.status is DocumentStatus.OK:
            for count, where, sentence in statements.get(document.path, ()):
                reading.headcounts.append(_Found(count, _source(document, where, sentence)))
    return tuple(_headcount(reading, profile))


def headcount_statements(text: DocumentText) -> list[list[str]]:
    """What ``text`` says of the headcount on the WCB account: ``[count, where, sentence]``
    for each sentence that states it; kept per content, as it depends on the text alone."""
    return [
        [count, where, sentence]
        for number, page in enumerate(text.pages, start=1)
        for count, sentence in _headcount_sentences(page)
        for where in (_where(text.path, page, number),)
    ]


def suggest_profile(
    texts: Iterable[DocumentText], facts: Sequence[DocumentFacts], profile: CompanyProfile
) -> ProfileSuggestions:
    """What ``texts`` (with their analysed ``facts``) say that ``profile`` does not."""
    readable = {item.path: item for item in facts if item.status is DocumentStatus.OK}
    reading = _Reading()
    for text in texts:
        document = readable.get(text.path)
        if document is not None:
            reading.read(text, document)
    for document in readable.values():
        reading.read_courses(document)
    suggestions = [
        *_company(reading, profile),
        *_headcount(reading, profile),
        *_representative(reading, profile),
        *_sites(reading, profile),
        *_roles_and_people(reading, profile),
    ]
    return ProfileSuggestions(tuple(suggestions), len(reading.paths))


def accept_suggestions(
    profile: CompanyProfile, suggestions: ProfileSuggestions, fields: Sequence[str]
) -> AcceptedSuggestions:
    """``profile`` with the suggestions for ``fields`` applied (not yet validated or
    written: the caller validates the result as any other change)."""
    taken: Counter[str] = Counter()
    changes: dict[str, object] = {}
    wanted = [name for name in SUGGESTED_FIELDS if name in fields]
    for name in ("company", "headcount", "health_safety_representative"):
        for item in suggestions.of(name) if name in wanted else ():
            changes[name] = item.value
            taken[name] += 1
    if "sites" in wanted:
        new_sites = [item.value for item in suggestions.of("sites")]
        changes["sites"] = (*profile.sites, *new_sites)
        taken["sites"] = len(new_sites)
    roles = list(profile.roles)
    assumed: list[str] = []
    summaries: list[str] = []
    if "roles" in wanted:
        for item in suggestions.of("roles"):
            role = item.value
            assert isinstance(role, Role)
            if item.summary_of:
                summaries.append(role.name)
                continue
            known = [index for index, old in enumerate(roles) if _same_name(old.name, role.name)]
            if known:
                roles[known[0]] = replace(roles[known[0]], people=role.people)
            else:
                roles.append(role)
                if "level worker" in item.assumed:
                    assumed.append(role.name)
            taken["roles"] += 1
        changes["roles"] = tuple(roles)
    left_out: list[str] = []
    if "people" in wanted:
        role_names = {role.name for role in roles}
        people = list(profile.people)
        for item in suggestions.of("people"):
            person = item.value
            assert isinstance(person, Person)
            if person.role is not None and person.role not in role_names:
                left_out.append(person.name)
                person = replace(person, role=None)
            people.append(person)
            taken["people"] += 1
        changes["people"] = tuple(people)
    # ``+taken`` drops the fields that had nothing to take.
    return AcceptedSuggestions(
        replace(profile, **changes), dict(+taken), tuple(left_out), tuple(assumed), tuple(summaries)
    )


# --- reading the documents -------------------------------------------------------------


@dataclass(frozen=True)
class _RoleRow:
    role: str
    person: str | None
    count: int
    source: SuggestionSource


@dataclass(frozen=True)
class _Found:
    value: str
    source: SuggestionSource


@dataclass
class _Reading:
    """Everything the documents were seen to say, each with its source."""

    paths: set[str] = field(default_factory=set)
    headings: list[_Found] = field(default_factory=list)
    headcounts: list[_Found] = field(default_factory=list)
    representatives: list[_Found] = field(default_factory=list)
    sites: list[_Found] = field(default_factory=list)
    #: Role tables, by document path, in path order.
    role_tables: dict[str, list[_RoleRow]] = field(default_factory=dict)
    roles_doc_types: dict[str, str] = field(default_factory=dict)
    trained: list[_Found] = field(default_factory=list)

    def read(self, text: DocumentText, document: DocumentFacts) -> None:
        self.paths.add(text.path)
        headings_seen: set[str] = set()
        for number, page in enumerate(text.pages, start=1):
            where = _where(text.path, page, number)
            lines = page.splitlines()
            heading = lines[0].strip() if lines else ""
            if _COMPANY_HEADING.match(heading) and heading not in headings_seen:
                headings_seen.add(heading)
                self.headings.append(_Found(heading, _source(document, where, heading)))
            self._read_headcount(page, document, where)
            for line in lines:
                if _HSR_NAMED.search(line):
                    self.representatives.append(_Found(line, _source(document, where, line)))
                for match in _SITE_LABEL.finditer(line):
                    name = match["name"].strip().rstrip(".,;")
                    if name and not _NOT_A_SITE.match(name) and len(name) <= 80:
                        self.sites.append(_Found(name, _source(document, where, line)))
            rows = _role_rows(lines, document, where)
            if rows:
                self.role_tables.setdefault(text.path, []).extend(rows)
                self.roles_doc_types[text.path] = document.doc_type

    def _read_headcount(self, page: str, document: DocumentFacts, where: str) -> None:
        for count, sentence in _headcount_sentences(page):
            self.headcounts.append(_Found(count, _source(document, where, sentence)))

    def read_courses(self, document: DocumentFacts) -> None:
        for held in document.content.courses:
            quote = f"{held.person}: {held.course}"
            self.trained.append(_Found(held.person, _source(document, None, quote)))


def _headcount_sentences(page: str) -> Iterator[tuple[str, str]]:
    """Each sentence of ``page`` that states the headcount on the WCB account, with it."""
    if "wcb" not in page.lower():
        return  # No sentence of it names the WCB account: splitting it would find none.
    flowing = " ".join(page.split())
    for sentence in _SENTENCE_END.split(flowing):
        if _WCB_ACCOUNT.search(sentence) and (match := _HEADCOUNT.search(sentence)):
            yield match["count"], sentence


def _where(path: str, page: str, number: int) -> str:
    if PurePosixPath(path).suffix.lower() in _SPREADSHEET_SUFFIXES:
        sheet = page.split("\n", 1)[0].strip()
        return f"sheet {sheet!r}" if sheet else f"sheet {number}"
    return f"page {number}"


def _source(document: DocumentFacts, where: str | None, quote: str) -> SuggestionSource:
    words = " | ".join(cell.strip() for cell in quote.split("\t") if cell.strip())
    if len(words) > _QUOTE_CHARS:
        words = words[: _QUOTE_CHARS - 1] + "\u2026"
    return SuggestionSource(document.path, where, words, document.date)


def _role_rows(lines: list[str], document: DocumentFacts, where: str) -> list[_RoleRow]:
    """The rows of tables with a position column and a person column."""
    rows: list[_RoleRow] = []
    columns: tuple[int, int] | None = None
    for line in lines:
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        if len(cells) < 2:
            columns = None  # a line that is not a table row ends the table
            continue
        position = next((n for n, cell in enumerate(cells) if _POSITION_COLUMN.match(cell)), None)
        person = next((n for n, cell in enumerate(cells) if _PERSON_COLUMN.match(cell)), None)
        if position is not None and person is not None:
            columns = (position, person)
            continue
        if columns is None or max(columns) >= len(cells):
            continue
        role, who = cells[columns[0]], cells[columns[1]]
        if not role or not who:
            continue
        counted = _COUNTED_PEOPLE.match(who)
        if counted:
            rows.append(_RoleRow(role, None, int(counted["count"]), _source(document, where, line)))
        elif is_person_name(who):
            rows.append(_RoleRow(role, who, 1, _source(document, where, line)))
    return rows


# --- from what was read to suggestions -------------------------------------------------


def _company(reading: _Reading, profile: CompanyProfile) -> list[Suggestion]:
    by_name = Counter(found.value for found in reading.headings)
    if not by_name:
        return []
    name, documents = by_name.most_common(1)[0]
    if profile.company is not None and _same_name(profile.company, name):
        return []
    sources = tuple(found.source for found in reading.headings if found.value == name)
    note = f"the first line of {documents} of {len(reading.paths)} documents"
    others = [f"{other} ({count})" for other, count in by_name.most_common()[1:4]]
    if others:
        note += f"; other headings: {', '.join(others)}"
    status = "new" if profile.company is None else "differs"
    if status == "differs":
        note += f"; the profile says {profile.company}"
    return [Suggestion("company", name, sources, status, note)]


def _headcount(reading: _Reading, profile: CompanyProfile) -> list[Suggestion]:
    if not reading.headcounts:
        return []
    # The newest statement counts: a headcount is of the past 12 months.
    newest = max(reading.headcounts, key=lambda found: found.source.date or "")
    count = int(newest.value)
    if profile.headcount == count:
        return []
    agreeing = tuple(found.source for found in reading.headcounts if found.value == newest.value)
    sources = (newest.source, *(source for source in agreeing if source != newest.source))
    notes = [f"as of {newest.source.date}" if newest.source.date else "undated"]
    differing = sorted({found.value for found in reading.headcounts} - {newest.value})
    if differing:
        notes.append(f"older documents say {', '.join(differing)}")
    if profile.headcount is not None:
        notes.append(f"the profile says {profile.headcount}")
    status = "new" if profile.headcount is None else "differs"
    return [Suggestion("headcount", count, sources, status, "; ".join(notes))]


def _representative(reading: _Reading, profile: CompanyProfile) -> list[Suggestion]:
    """A document that names the company's health and safety representative: it has one."""
    if profile.health_safety_representative is not None or not reading.representatives:
        return []
    sources = tuple(found.source for found in reading.representatives)
    note = "a document names the representative"
    return [Suggestion("health_safety_representative", True, sources, "new", note)]


def _sites(reading: _Reading, profile: CompanyProfile) -> list[Suggestion]:
    by_name: dict[str, list[SuggestionSource]] = {}
    for found in reading.sites:
        key = next((name for name in by_name if _same_name(name, found.value)), found.value)
        by_name.setdefault(key, []).append(found.source)
    suggestions: list[Suggestion] = []
    for name, sources in by_name.items():
        if any(_same_name(site.name, name) for site in profile.sites):
            continue
        documents = list({source.path: source for source in sources}.values())
        dates = sorted(source.date for source in documents if source.date)
        note = f"named in {len(documents)} document{'s' if len(documents) != 1 else ''}"
        if dates:
            note += f", the last dated {dates[-1]}"
        documents.sort(key=lambda source: source.date or "", reverse=True)
        suggestions.append(Suggestion("sites", Site(name), tuple(documents), "new", note))
    return suggestions


def _roles_and_people(reading: _Reading, profile: CompanyProfile) -> list[Suggestion]:
    """Roles from the one document that lists the company's positions, and people from
    every table and training record, each once."""
    roles_path = _roles_document(reading)
    primary = _grouped(reading.role_tables.get(roles_path, [])) if roles_path else []
    suggestions: list[Suggestion] = []
    by_role = _by_role(primary)
    for name, rows in by_role.items():
        people = sum(row.count for row in rows)
        sources = tuple(row.source for row in rows)
        known = next((role for role in profile.roles if _same_name(role.name, name)), None)
        if known is None:
            summed = _summed_roles(name, rows, profile, by_role)
            if summed and sum(role.people for role in summed) != people:
                suggestions.append(_summary(name, people, sources, summed))
            elif summed:
                continue  # the profile's roles already hold these people
            else:
                suggestions.append(_new_role(name, people, sources))
        elif known.people != people:
            note = f"the profile says {known.people}"
            suggestions.append(Suggestion("roles", Role(name, people), sources, "differs", note))
    suggestions.extend(_people(reading, profile, primary, roles_path))
    return suggestions


def title_level(title: str) -> str | None:
    """The level a position's title states ("Operations Manager": senior-management,
    "Foreman": supervisor, "Workers": worker), else None."""
    return next((level for level, words in _TITLE_LEVELS if words.search(title)), None)


def _new_role(name: str, people: int, sources: tuple[SuggestionSource, ...]) -> Suggestion:
    """A role as its title states it; what the title leaves out is said as assumed."""
    level = title_level(name)
    employment = next((kind for kind, words in _TITLE_EMPLOYMENTS if words.search(name)), None)
    assumed = tuple(
        what
        for what, stated in (("level worker", level), ("full-time", employment))
        if stated is None
    )
    stated = [f"{value} by its title" for value in (level, employment) if value]
    note_parts = [*stated, *(["assumed " + ", ".join(assumed)] if assumed else [])]
    role = Role(name, people, level=level or "worker", employment=employment or "full-time")
    return Suggestion("roles", role, sources, note="; ".join(note_parts), assumed=assumed)


def _summed_roles(
    name: str, rows: list[_RoleRow], profile: CompanyProfile, by_role: dict[str, list[_RoleRow]]
) -> tuple[Role, ...]:
    """For a count of unnamed people ("Workers: 18 crew members"), the profile's own
    roles at its level that the document does not name: the people it counts."""
    if any(row.person for row in rows):
        return ()
    level = title_level(name) or "worker"
    return tuple(
        role
        for role in profile.roles
        if role.level == level
        and role.employment != SUBCONTRACTOR
        and not any(_same_name(role.name, listed) for listed in by_role)
    )


def _summary(
    name: str, people: int, sources: tuple[SuggestionSource, ...], summed: tuple[Role, ...]
) -> Suggestion:
    held = sum(role.people for role in summed)
    note = (
        f"a count of the people in the profile's own roles at this level "
        f"({', '.join(role.name for role in summed)}), which hold {held}: "
        "not a role of its own, so never accepted; check those roles' counts"
    )
    summary_of = tuple(role.name for role in summed)
    return Suggestion("roles", Role(name, people), sources, "differs", note, summary_of=summary_of)


def _roles_document(reading: _Reading) -> str | None:
    """The roles and responsibilities document (the newest such), else the document with
    the longest position table."""
    if not reading.role_tables:
        return None

    def rank(path: str) -> tuple[bool, int]:
        return (reading.roles_doc_types.get(path) == ROLES_DOC_TYPE, len(reading.role_tables[path]))

    return max(sorted(reading.role_tables), key=rank)


def _grouped(rows: list[_RoleRow]) -> list[_RoleRow]:
    """ "Foreman, Crew A", "Foreman, Crew B" -> "Foreman" when several rows share it."""
    bases = Counter(row.role.split(",")[0].strip() for row in rows if "," in row.role)
    return [
        replace(row, role=base)
        if "," in row.role and bases[base := row.role.split(",")[0].strip()] > 1
        else row
        for row in rows
    ]


def _by_role(rows: list[_RoleRow]) -> dict[str, list[_RoleRow]]:
    grouped: dict[str, list[_RoleRow]] = {}
    for row in rows:
        grouped.setdefault(row.role, []).append(row)
    return grouped


def _people(
    reading: _Reading, profile: CompanyProfile, primary: list[_RoleRow], roles_path: str | None
) -> list[Suggestion]:
    named: dict[str, _Named] = {}

    def add(name: str, role: str | None, source: SuggestionSource, listed_as: str | None) -> None:
        key = next((known for known in named if same_person(known, name)), name)
        entry = named.setdefault(key, _Named(role))
        if source.path not in {known.path for known in entry.sources}:
            entry.sources.append(source)
        if listed_as and listed_as != entry.role:
            entry.listed_as.setdefault(listed_as, set()).add(source.path)

    for row in primary:
        if row.person:
            add(row.person, row.role, row.source, None)
    for path, rows in reading.role_tables.items():
        for row in rows if path != roles_path else ():
            if row.person:
                add(row.person, None, row.source, row.role)
    for found in reading.trained:
        add(found.value, None, found.source, None)
    suggestions: list[Suggestion] = []
    for name, entry in named.items():
        if any(same_person(person.name, name) for person in profile.people):
            continue
        listed = [
            f"{role} in {next(iter(paths)) if len(paths) == 1 else f'{len(paths)} documents'}"
            for role, paths in entry.listed_as.items()
        ]
        note = f"also listed as {'; '.join(listed)}" if listed else None
        person = Person(name, role=entry.role)
        suggestions.append(Suggestion("people", person, tuple(entry.sources), note=note))
    return suggestions


@dataclass
class _Named:
    role: str | None
    sources: list[SuggestionSource] = field(default_factory=list)
    #: Other tables' role for the person, with the documents that say it.
    listed_as: dict[str, set[str]] = field(default_factory=dict)


def _same_name(one: str, other: str) -> bool:
    def plain(text: str) -> str:
        return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())

    return plain(one) == plain(other)
