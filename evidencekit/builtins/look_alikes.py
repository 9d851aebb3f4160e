"""Documents that look like health-and-safety records but belong to another field.

It owns the vocabulary of those fields (information technology, project management,
research, business administration, environmental management, quality and food safety,
product documentation) and of
health and safety itself, and the rule that weighs one against the other. An IT team's
"incident report", a governance committee's minutes, a project's risk register, a food
plant's hazard analysis or a manufacturer's "operation and maintenance instructions" carry a
record type's name; what they talk about says they are not evidence of a safety program.

The phrases are written as the classifier's content cues are (whole words, ``a|b`` either
word, a trailing ``*`` any ending) and found by it; this module weighs what was found. A
field's phrases count once each however often they appear, twice when in the document's
own name (heading, title or file name). A field decides when its score reaches
``MIN_FIELD_SCORE`` and is more than ``FIELD_OVER_SAFETY`` times the number of distinct
health-and-safety phrases: a safety policy that mentions a budget, or an incident report
about a server room fire, stays what it is.

A name can also say it outright: when the words that gave a document its type sit inside
a longer phrase of another field ("MEDICAL CERTIFICATE", "Project Risk Register") and the
name holds no safety phrase, the name is that field's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: A field's score needed to call a document one of its look-alikes.
MIN_FIELD_SCORE = 4
#: How many times the distinct safety phrases a field's score must exceed.
FIELD_OVER_SAFETY = 2
#: A phrase in a document's own name counts this many times its weight.
NAME_FACTOR = 2
#: A phrase of this weight in a document's name can name it as another field's.
NAMING_PHRASE_WEIGHT = 2
#: A certificate's text this long names its course; when neither it nor the document's
#: names hold a health-and-safety word, the course is another field's (privacy, project
#: management, networking) and the certificate is no safety evidence.
MIN_WORDS_OF_A_COURSE = 25
#: Phrases shown in the reason.
PHRASES_SHOWN = 3
#: The key under which the health-and-safety phrases are found.
SAFETY = "health and safety"

# field -> (weight, phrases): 2 for phrases that belong to the field alone, 1 for those
# that lean to it.
FIELD_PHRASES: Mapping[str, tuple[tuple[int, str], ...]] = {
    "information technology": (
        (
            2,
            "sql, malware, phishing, ransomware, cyber*, firewall*, vulnerability|vulnerabilities,"
            "iso 27001, iso27001, information security, garbage collector|collection,"
            "memory leak*, software, scrum*, agile, devops, source code, web application*,"
            "access review*, security awareness, cio, it manager, it governance,"
            "penetration test*, github, gitlab, jira, trello, version control*, test coverage",
        ),
        (
            1,
            "server*, database*, backup*, password*, cpu, thread*, encryption, login*, bug*,coding",
        ),
    ),
    "project management": (
        (
            2,
            "project risk*, risks to the success|project, project timeline|schedule|scope|plan,"
            "project fail*, milestone*, deliverable*, microcontroller*, hard drive*,"
            # A project's own risks: the work falling late or being lost, not people hurt.
            "procrastinat*, time management, scope creep, behind schedule, falling behind,"
            "mvp, minimum viable product, sprint|sprints, coursework, internet outage*,"
            "computer failure*, hardware failure*, data loss, loss of data",
        ),
        (1, "stakeholder*, budget*, schedule, prototype*, team member*, technical risk*"),
    ),
    "research": (
        (
            2,
            "abstract, literature review, bibliography, et al, thesis, dissertation,"
            "a research on, a study of|on, this paper|essay|study, research question*,"
            "methodology, data analysis, dataset*, tableau, dashboard*, visualization*,"
            "visualisation*",
        ),
        (1, "references, hypothesis|hypotheses, university, student*, analysis, research"),
    ),
    "business administration": (
        (
            2,
            "purchase order*, invoice*, payroll, cash advance*, salary, expense claim*,"
            "reimburse*, sick leave|note|notes|benefit|benefits, sickness leave|benefit,"
            "medical certificate*, disciplinary, rule violation*, brib*, corruption,"
            "marketing, branding, seo, sem, customer journey, persona|personas,"
            "letter of recommendation, subtotal, unit price, quotation*,"
            "hrd, hr department, human resources, misconduct, unauthorised|unauthorized absence,"
            "absenteeism, annual leave, dress code, grievance*,"
            "financial risk assessment*, financial risk*, financial records, precept,"
            "bank reconciliation*",
        ),
        # A letter's greeting only leans: a written incident statement may open with it.
        (
            1,
            "brand, sales, customer*, kpi*, recommend*, vacancy, payment*, tax,"
            "to whom it may concern, violation*, employee no|number, absence*, holiday*",
        ),
    ),
    # An environmental management system's registers weigh a site's effect on the land,
    # air and water, not on the worker (an integrated manual files them beside safety).
    "environmental management": (
        (
            2,
            "environmental aspect*, aspects and|& impact*, environmental impact*,"
            "environmental legislation, environmental incident*, pollution prevention,"
            "biodiversity, carbon footprint, greenhouse gas*",
        ),
        # An integrated system's documents name its standards and policies in passing.
        (
            1,
            "environmental, pollution, emissions, recycling, waste management, stormwater,"
            "iso 14001, iso14001, environmental management system*, environmental policy",
        ),
    ),
    # A quality system's or food safety plan's "hazard analysis" and "inspection and test
    # plan" are about the product, not the worker.
    "quality and food safety": (
        (
            2,
            "haccp, food safety, food handler*, critical control point*,"
            "inspection and|& test plan*, itp, hold point*, quality assurance, iso 9001,"
            "non conformance*, nonconformance*, gmp, allergen*",
        ),
        # A company's whole system may be certified to a food standard: its name only leans.
        (1, "brc, brcgs, quality control, food, product safety, traceability"),
    ),
    "product documentation": (
        (
            2,
            "operation and maintenance instructions, owner s manual, owners manual,"
            "user manual|guide, users manual, instruction manual, operator s manual,"
            "operators manual, thank you for purchasing, warranty, guarantee, manualslib,"
            "spare parts, parts list, failure analysis, customer complaint*",
        ),
        (1, "model no, part no, defect*, reliability, product*"),
    ),
}

# The words of health and safety itself: a document that uses several of them is read
# as safety evidence whatever else it mentions.
SAFETY_PHRASES = (
    "hazard*, injur*, ppe, personal protective, first aid, cpr, harm, emergency|emergencies,"
    "evacuat*, extinguisher*, whmis, osha, ohs, whs, health and safety, safety, lockout,"
    "lock out, fall protection, confined space*, toolbox, tool box, near miss*, guard|guards,"
    "goggles, hearing protection, hard hat*, hi vis, worksafe, wcb, fatality|fatalities,"
    "incident*, accident*, witness*, unsafe, violence, assault*, aed, life support, h2s,"
    "respirator*, scaffold*, forklift*, fire warden*, occupational, k3"
)
#: The key under which the words of harms and exposures are found.
HARM = "harm"
# Harms and exposures: a risk assessment's rows name them where a project's risk register
# names delays and budgets. They tell a text that speaks of harm from one that does not,
# but do not weigh against another field: a product's manual warns of the same burns.
HARM_PHRASES = (
    "burn|burns, toxic, fumes, inhalation, ventilation, gloves, electric shock, electrocut*,"
    "eye protection, safety glasses, manual handling, heat stroke, laceration*, fracture*,"
    "hospitalis*, hospitaliz*"
)


def phrase_tables() -> dict[str, tuple[tuple[int, str], ...]]:
    """Every field's phrases, the safety and the harm phrases, keyed for the classifier's
    finder."""
    return {**FIELD_PHRASES, SAFETY: ((1, SAFETY_PHRASES),), HARM: ((1, HARM_PHRASES),)}


@dataclass(frozen=True)
class LookAlike:
    """The field a document belongs to instead, and the phrases that show it."""

    field: str
    phrases: tuple[str, ...]

    @property
    def reason(self) -> str:
        shown = ", ".join(f"'{phrase}'" for phrase in self.phrases[:PHRASES_SHOWN])
        return f"reads as {self.field}, not health and safety evidence: mentions {shown}"


#: One phrase found: (field or ``SAFETY``, weight, the words as read).
Found = tuple[str, int, str]


def look_alike(in_names: Iterable[Found], in_text: Iterable[Found]) -> LookAlike | None:
    """The other field a document belongs to, from the phrases found in its own names and
    in the top of its text, or ``None`` when it reads as safety evidence."""
    scores: dict[str, dict[str, int]] = {}
    for found, factor in ((in_names, NAME_FACTOR), (in_text, 1)):
        for field, weight, phrase in found:
            by_phrase = scores.setdefault(field, {})
            by_phrase[phrase] = max(by_phrase.get(phrase, 0), weight * factor)
    safety = len(scores.pop(SAFETY, {}))
    scores.pop(HARM, None)
    if not scores:
        return None
    field, by_phrase = max(scores.items(), key=lambda item: sum(item[1].values()))
    score = sum(by_phrase.values())
    if score < MIN_FIELD_SCORE or score <= FIELD_OVER_SAFETY * safety:
        return None
    return LookAlike(field, tuple(sorted(by_phrase, key=lambda phrase: -by_phrase[phrase])))


def look_alike_named(in_name: Iterable[Found], type_words: str) -> LookAlike | None:
    """The field a name belongs to when one of its phrases (weight 2) holds the words that
    gave it its type (``type_words``), and the name holds no health-and-safety phrase."""
    found = list(in_name)
    if any(field == SAFETY for field, _weight, _phrase in found):
        return None
    wanted = set(type_words.lower().split())
    for field, weight, phrase in found:
        if weight >= NAMING_PHRASE_WEIGHT and wanted <= set(phrase.split()):
            return LookAlike(field, (phrase,))
    return None


def course_outside_safety(words: int, found: Iterable[Found]) -> str | None:
    """Why a certificate is for another field's course: its text is long enough to name
    the course (``words``) and none of the phrases ``found`` in it and in the document's
    names is a health-and-safety one; ``None`` when it may be a safety course."""
    if words < MIN_WORDS_OF_A_COURSE or any(field == SAFETY for field, _weight, _ in found):
        return None
    return (
        f"a certificate for a course outside health and safety: its text ({words} words)"
        " and names hold no health and safety word"
    )
