"""The built-in rule-based classifier: which type of health and safety record a document is.

It owns the cue table (the phrases that suggest each type, with a weight) and the order in
which cues are trusted. A document's names are read first: its heading (the first
non-empty lines of page 1), its metadata title, its file name, then its folder names,
innermost first. The first of these carrying a strong cue decides; the text near the top
decides only when no name does. A name with only a weak cue (``checklist``, ``first aid``)
counts after the text.

Within one name, a cue of weight 2 or more beats a weaker one; a record form (a toolbox
talk, a training record, a policy, a procedure) beats the topic it covers (``Toolbox talk:
incident investigation`` is a safety meeting); then the cue before any ``:``, `` - `` or
``of``/``on``/``for``; then the cue nearest the end, where English puts the head noun
(``Incident Investigation Report``, ``Supervisor Responsibilities Training``).

Some types refine a more general one (``MORE_SPECIFIC``: a field-level hazard assessment
is a hazard assessment, a committee's minutes are minutes of a safety meeting, an
equipment's maintenance inspection is an inspection). The specific type wins when it shows
in the deciding name itself or in another of the document's names without the general
type (``Hazard Assessment`` filed under ``FLHA``), or, when only a folder decided, when the
text near the top points to it more than to the general type.

The text's cues are whole words and phrases, counted in the first 3,000 characters, also
with their words run together as OCR prints them (``Thisistocertifythat``). Cues written
in capitals (``PM``, ``ERP``, ``HSR``) must appear in capitals; all others match in any
case. A space in a name cue also matches a hyphen or a line break. Heading lines skip a
letterhead, a document-control line and a bare reference number, and lose a form's number.

Last, the type is checked against what the document is about (``look_alikes``): one that
reads as another field (an IT incident, a project's risks, an invoice), or whose type came
from a file or folder name while a long text holds no health-and-safety word, is
``other``, and its cue names the closest type and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from evidencekit.builtins.cue_tables import FoundCue, PatternTable, PhraseTable, words_of
from evidencekit.builtins.headings import course_day_line, heading_lines
from evidencekit.builtins.look_alikes import (
    HARM,
    NAMING_PHRASE_WEIGHT,
    SAFETY,
    Found,
    course_outside_safety,
    look_alike,
    look_alike_named,
    phrase_tables,
)
from evidencekit.document_models import DOCUMENT_TYPES, UNCLASSIFIED, Classification, DocumentText
from evidencekit.hookspecs import hookimpl

NO_CUE = Classification(doc_type=UNCLASSIFIED, cue="no cue matched")

#: A cue of this weight or more decides from a name; a lighter one only hints.
STRONG_WEIGHT = 2
#: A name cue of this weight names the type outright; a lighter one leaves room for the
#: text to say which more specific type the record is.
NAMING_WEIGHT = 3
#: A type read from a file or folder name alone gives way when the text is at least this
#: long and holds no health-and-safety word (a physics paper saved as "SOP.pdf").
MIN_WORDS_TO_CONTRADICT_A_NAME = 150
#: The records of a meeting: their words must speak of health and safety too.
MEETING_TYPES = frozenset({"committee-minutes", "safety-meeting"})
#: The text near the top decides only with at least this score (weight times mentions):
#: one strong word in passing ("shown during orientation") is not enough.
MIN_CONTENT_SCORE = 4
#: Only this much text is read for content cues; records announce themselves early.
CONTENT_CHARS = 3000
#: Before a document is called another field's, this much more of its text is read for
#: the fields' and health and safety's words: a university's risk assessment may open with
#: a page about the research and name its hazards and controls on the next.
FURTHER_CHARS = 30000
#: Distinct health-and-safety phrases that text, read on, must hold to speak of safety.
MIN_SAFETY_PHRASES_FURTHER = 2
# Repeating one phrase adds little after a few mentions (a checklist repeats "inspected").
MAX_MENTIONS_COUNTED = 3

#: A drill press's or a power drill's guide says "drill" on every line: a tool, not an
#: emergency drill (the name cue leaves out the same words).
_TOOLS_NAMED_DRILL = re.compile(
    r"\b(?:(?:wood|metal|pillar|bench|hand|power|cordless|electric|hammer) drills?"
    r"|drill(?:ing)? (?:press(?:es)?|bits?|rigs?|pipes?|chucks?|drivers?))\b",
    re.IGNORECASE,
)

# Types that name the form of a record; whatever topic they cover, they keep their type.
RECORD_FORMS = frozenset(
    {
        "policy",
        "responsibilities",
        "safe-work-procedure",
        "safety-meeting",
        "training-record",
        "certificate",
        "orientation-record",
        "drill-record",
        "statistics-review",
    }
)
# general type -> the more specific type that wins when both have a cue.
MORE_SPECIFIC: Mapping[str, str] = {
    "inspection": "maintenance-record",
    "formal-hazard-assessment": "field-level-hazard-assessment",
    "incident-report": "investigation",
    "safety-meeting": "committee-minutes",
    "emergency-response-plan": "drill-record",
    "training-record": "certificate",
}

# Cues found in names (headings, titles, file and folder names): (weight, pattern).
# Weight 3 names the type outright, 2 strongly suggests it, 1 is a hint.
NAME_CUES: Mapping[str, tuple[tuple[int, str], ...]] = {
    "policy": (
        (3, r"(?:health (?:and|&) safety|h ?& ?s|ohs|hse|safety|company|corporate) polic(?:y|ies)"),
        (3, r"policy statements?"),
        (
            3,
            r"(?:(?:health (?:and|&) )?safety|h ?& ?s|hs|hse|ohs) (?:program )?manual"
            r"|program manual",
        ),
        (2, r"polic(?:y|ies)"),
    ),
    "responsibilities": (
        (3, r"roles? (?:and|&) responsibilit(?:y|ies)"),
        (3, r"responsibilit(?:y|ies)|terms of reference"),
        (2, r"duties|accountabilit(?:y|ies)"),
    ),
    "formal-hazard-assessment": (
        (3, r"formal hazard (?:assessment|analysis|identification)s?"),
        (3, r"hazard (?:identification|assessment)(?: (?:and|&) (?:control|risk assessment))?s?"),
        (3, r"(?:job|task) (?:hazard|safety) analys[ie]s"),
        (3, r"HIRAs?|JHAs?|JSAs?|THAs?|SWMS"),
        (3, r"safe work method statements?"),
        # A survey of asbestos or other hazardous materials assesses a building's hazards.
        (
            3,
            r"(?:asbestos|hazardous materials?|hazmat|designated substances?)"
            r" (?:(?:management|refurbishment|demolition|pre ?demolition) )?(?:surveys?|registers?"
            r"|assessments?)",
        ),
        (2, r"hazard (?:register|inventory|analys[ie]s)"),
        (2, r"risk assessments?"),
    ),
    "field-level-hazard-assessment": (
        (3, r"flhas?|flras?"),
        (3, r"field ?level(?: hazard| risk)?(?: assessments?| analys[ie]s)?"),
        (3, r"field hazard assessments?"),
        # The daily crew assessment as Australia, the UK and the US name it.
        (3, r"JSEAs?|SLAMs?|LMRAs?|POWRAs?|STARRTs?"),
        (3, r"job safety (?:and )?environment(?:al)? analys[ie]s"),
        (3, r"take ?(?:5|five)s?(?: (?:safety|risk|hazard))?(?: (?:checks?|assessments?|cards?))?"),
        (3, r"site ?specific (?:risk|hazard) (?:assessments?|checks?|analys[ie]s)"),
        (3, r"(?:last minute|point of work|dynamic) risk assessments?"),
        (3, r"pre ?start (?:risk|hazard) (?:assessments?|checks?)"),
        (3, r"tailgate hazard (?:assessment|analysis)s?"),
        (3, r"pre ?(?:job|task|work) (?:hazard |safety |risk )?(?:assessment|analysis|review)s?"),
    ),
    "safe-work-procedure": (
        (3, r"safe (?:work|job|operating) (?:procedures?|practices?|instructions?)"),
        (3, r"standard operating procedures?"),
        (3, r"SWPs?|SOPs?|SJPs?"),
        (2, r"procedures?|work instructions?"),
        (1, r"practices?"),
    ),
    "inspection": (
        (
            3,
            r"(?:site|workplace|worksite|work site|facility|office|shop|yard|building"
            r"|warehouse|planned|formal|general|monthly|weekly|quarterly|safety|jhsc|hsc)"
            r" insp(?:ection|n)?s?",
        ),
        (3, r"inspection (?:reports?|forms?|checklists?|records?|logs?)"),
        # A site's or depot's own audit walks it like an inspection; the COR audit is not this.
        (
            3,
            r"audit (?:\w+ ){0,2}checklists?"
            r"|(?:depot|crew|site|workplace|yard|office|shop|warehouse) audits?",
        ),
        (2, r"insp(?:ection|n)?s?|inspected"),
        (1, r"checklists?|walk ?(?:through|around)s?"),
    ),
    "maintenance-record": (
        (3, r"preventa?t?ive maintenance"),
        (3, r"PMs?"),
        (
            3,
            r"(?:service|maintenance|repair)"
            r" (?:records?|logs?|reports?|history|schedules?|sheets?)",
        ),
        (3, r"(?:equipment|vehicle|fleet|machine|machinery|tool) maintenance"),
        (3, r"pre ?(?:use|trip|start|operational)(?: inspections?| checks?| checklists?)?"),
        (3, r"pre ?shift (?:inspections?|checks?|checklists?)"),
        (3, r"circle checks?|work orders?"),
        (3, r"calibration (?:records?|logs?|registers?|certificates?|schedules?)"),
        (
            3,
            r"(?:fire )?(?:equipment|extinguisher|plant) (?:registers?|service (?:records?|logs?))",
        ),
        (3, r"fault (?:reports?|logs?)"),
        (
            3,
            r"(?:equipment|vehicle|forklift|truck|crane|hoist|aerial lift|scissor lift|ladder"
            r"|harness|loader|excavator|skid ?steer|tool) (?:inspections?|checks?|checklists?"
            r"|logs?)",
        ),
        (2, r"maintenance|repairs?"),
        (1, r"servic(?:e|ing)"),
    ),
    "safety-meeting": (
        (3, r"tool ?box(?: (?:talk|meeting|topic)s?)?"),
        (3, r"TBTs?"),
        (3, r"tailgate (?:meeting|talk|topic)s?"),
        (
            3,
            r"(?:safety|crew|staff|tailgate|pre ?shift|pre ?job|morning|daily|weekly|monthly|site"
            r"|all hands|team) (?:safety )?(?:meeting|talk|huddle|briefing|topic)s?",
        ),
        (2, r"safety moments?"),
        (1, r"meetings?"),
    ),
    "committee-minutes": (
        (3, r"j?o?hsc"),
        (3, r"joint (?:occupational )?(?:health (?:and|&) )?safety (?:and health )?committee"),
        (3, r"(?:health (?:and|&) )?safety committee|joint committee"),
        (3, r"health (?:and|&) safety rep(?:resentative)?s?"),
        (3, r"HSRs?"),
        (2, r"committee"),
    ),
    "orientation-record": (
        (3, r"orientations?|on ?boarding"),
        (3, r"new (?:worker|hire|employee|staff)s?(?: orientations?)?"),
        (
            3,
            r"(?:company|site|general|new (?:worker|starter|employee|hire)|employee|staff|worker)"
            r" inductions?",
        ),
        # A machine's "induction" is training on it; a bare word only hints at orientation.
        (1, r"inductions?"),
    ),
    "training-record": (
        (
            3,
            r"trai?ning (?:records?|logs?|matri(?:x|ces)|registers?|attendance"
            r"|sign ?in(?: sheets?)?"
            r"|summar(?:y|ies)|plans?|history|tracker|schedule|needs)",
        ),
        (3, r"(?:course|class|session) attendance|skills? matri(?:x|ces)"),
        (3, r"(?:course |training )?transcripts?"),
        (3, r"competen(?:ce|cy|cies)(?: (?:assessments?|evaluations?|checklists?|records?))?"),
        (3, r"(?:machine|equipment|plant|tool) inductions?|training needs analys[ie]s"),
        (2, r"training|courses?|qualifications?"),
    ),
    "certificate": (
        (3, r"certificates?|certs?|(?:wallet|certification|completion) cards?|e ?cards?"),
        # The word as Indonesian, Spanish, French, Italian and German certificates print it.
        (3, r"sertifikat|certifica(?:do|to|t)|zertifikat"),
        (2, r"certifications?|tickets?|licen[cs]es?"),
        (1, r"cards?|first aid"),
        (1, r"CPR|SFA"),
    ),
    "emergency-response-plan": (
        (
            3,
            r"(?:site ?specific )?emergency"
            r" (?:response |action |preparedness |evacuation )?plans?",
        ),
        (3, r"emergency (?:procedures?|preparedness|response)"),
        (3, r"ERPs?"),
        (3, r"evacuation (?:plans?|procedures?|maps?|routes?)|fire (?:safety|evacuation) plans?"),
        (2, r"emergenc(?:y|ies)|muster points?"),
    ),
    "drill-record": (
        (3, r"(?:evacuation|emergency|mock|table ?top) (?:exercises?|drills?|scenarios?)"),
        (3, r"mock (?:emergency|evacuation|rescue)s?"),
        (3, r"(?:practice|trial) evacuations?|evacuation (?:reports?|records?|logs?)"),
        # A drill press or a drilling rig is equipment, not an emergency drill; so is a
        # wood, metal, pillar, bench, hand or power drill.
        (
            3,
            r"(?<!wood\s)(?<!metal\s)(?<!pillar\s)(?<!bench\s)(?<!hand\s)(?<!power\s)"
            r"drills?(?! (?:press|bits?|rigs?|pipe))",
        ),
        (2, r"exercises?"),
    ),
    "incident-report": (
        (
            3,
            r"(?:incident|accident|injury|illness|near ?miss|close call|property damage|spill"
            r"|first aid) (?:reports?|forms?|logs?|records?|registers?)",
        ),
        (3, r"near ?miss(?:es)?|close calls?"),
        (3, r"(?:employer|worker|first) reports? of (?:injury|incident|accident)"),
        (3, r"(?:wcb|workers'? compensation) (?:reports?|forms?|claims?)"),
        (2, r"incidents?|accidents?|injur(?:y|ies)"),
    ),
    "investigation": (
        (3, r"investigations?|root cause(?: analys[ie]s)?|incident analys[ie]s"),
        (3, r"RCAs?"),
        (2, r"(?:5|five) whys"),
    ),
    "statistics-review": (
        (3, r"statistics|stats"),
        (3, r"KPIs?|TRIF|TRIR|LTIF|LTIR"),
        (
            3,
            r"(?:annual|yearly|year ?end|program|system|hsms|management|safety program)"
            r" (?:(?:safety|h ?& ?s|hse|ohs|program) )?(?:reviews?|reports?|summar(?:y|ies)"
            r"|evaluations?)",
        ),
        (
            3,
            r"(?:injury|incident|accident|safety) (?:frequency|rates?|trends?|summar(?:y|ies)"
            r"|data|metrics)",
        ),
        (3, r"trend analys[ie]s|wcb (?:account )?statements?"),
        (
            3,
            r"(?:whs ?& ?e|whse|whs|ohs|hse|sheq|she|h ?& ?s|health (?:and|&) safety|safety)"
            r" performance(?: (?:reports?|reviews?|summar(?:y|ies)))?",
        ),
        (2, r"metrics|(?:objectives?|goals?) (?:and|&) targets?"),
        # OSHA's case counts: days away, restricted or transferred; days away from work.
        (2, r"DART|DAFW"),
        (2, r"total (?:recordable )?cases"),
    ),
    "contractor-visitor-record": (
        (
            3,
            r"(?:contractor|sub ?contractor|visitor|guest)s?(?: (?:orientations?|logs?"
            r"|sign ?in(?: sheets?)?|registers?|records?|pre ?qualifications?|evaluations?"
            r"|management|agreements?|lists?|forms?))?",
        ),
        (3, r"pre ?qual(?:ification)?s?|isnetworld|complyworks|avetta|cognibox"),
        (3, r"ISN"),
        (3, r"(?:wcb )?clearance (?:letters?|certificates?)"),
        (2, r"sign ?(?:in|out)(?: (?:sheets?|logs?|books?))?"),
    ),
}

# Phrases counted in the text near the top: (weight, phrases separated by commas). Words
# are matched whole; "a|b" is either word, a trailing "*" any ending ("injur*").
CONTENT_CUES: Mapping[str, tuple[tuple[int, str], ...]] = {
    "policy": (
        (3, "policy statement"),
        (2, "health and safety policy, safety policy, is committed to"),
        (1, "commitment, policy, president, owner, chief executive, ceo"),
    ),
    "responsibilities": (
        (2, "responsibility|responsibilities"),
        (1, "shall|must|will ensure, accountable|accountability, duties"),
    ),
    "formal-hazard-assessment": (
        (3, "formal hazard assessment, job hazard analysis"),
        (2, "hazard assessment|identification, risk rating|ranking|matrix|level"),
        (2, "control measure*, initial|inherent|residual|revised risk"),
        (1, "severity, probability, likelihood, consequence*"),
    ),
    "field-level-hazard-assessment": (
        (3, "flha, field level, fieldlevel"),
        (2, "pre job|task, prejob, pretask, tailgate hazard"),
        (1, "crew"),
    ),
    "safe-work-procedure": (
        (3, "safe work procedure*|practice*"),
        (2, "procedure*"),
        (1, "step"),
    ),
    "inspection": (
        (2, "inspected by, inspector, deficiency|deficiencies"),
        (1, "inspection*, housekeeping, satisfactory, unsatisfactory, acceptable"),
    ),
    "maintenance-record": (
        (3, "preventive|preventative maintenance"),
        (2, "hour meter, hourmeter, odometer, mileage, oil change, mechanic"),
        (1, "serial no|number, unit|asset no|number, serviced, maintenance, brakes"),
    ),
    "safety-meeting": (
        (3, "toolbox talk|meeting, tool box talk|meeting, safety meeting"),
        (2, "tailgate meeting|talk"),
        (1, "topic*, attendees, attendance, discussed, crew"),
    ),
    "committee-minutes": (
        (3, "jhsc, ohsc, johsc, hsc, co chair*, cochair*, quorum"),
        (2, "committee, worker|employer|management member*|representative*|co"),
        (2, "previous|last minutes, business arising"),
        (2, "HSR"),
        (1, "minutes, agenda, motion"),
    ),
    "orientation-record": (
        (3, "orientation"),
        (2, "new worker*|employee*|hire*, onboarding"),
        (1, "right to refuse|know|participate, first day"),
    ),
    "training-record": (
        (2, "trainer, instructor, facilitator, trainee*, participant*"),
        # A machine "induction" signs off a person's competence on it: training.
        (3, "competence|competency"),
        # A competency sign-off lists what the person must demonstrate on the machine.
        (1, "demonstrate|demonstrated|demonstrates"),
        (2, "assessor"),
        (1, "training, course, competent, hours"),
    ),
    "certificate": (
        (3, "certificate, certify|certifies that, successfully completed"),
        (3, "valid until|to|thru|through"),
        (2, "expires|expiry|expiration, awarded|issued to"),
        (1, "card"),
    ),
    "emergency-response-plan": (
        (3, "emergency response plan"),
        (2, "muster point|area|station, assembly point|area, evacuation route*"),
        (1, "emergency contact*, 911, evacuate, evacuation"),
        # A site's emergency map marks these and little else.
        (1, "fire extinguisher*, fire hose*, exit door*, emergency exit*, first aid box|kit"),
    ),
    "drill-record": (
        (3, "fire|evacuation|emergency|mock drill"),
        (2, "drill, tabletop, table top, evacuation time, time to evacuate|muster"),
        (2, "accounted for, head count, headcount"),
        (1, "debrief*, observer*"),
    ),
    "incident-report": (
        (2, "near miss, what happened, date|time of incident|injury|accident, body part"),
        (1, "incident, injur*, witness*, first aid given|treatment|provided"),
    ),
    "investigation": (
        (3, "root cause*"),
        (2, "investigation, contributing factor*, investigator, investigated by"),
        (2, "immediate|basic|underlying|direct|indirect cause*"),
        (1, "corrective action*, preventive action*"),
    ),
    "statistics-review": (
        (3, "trif, trir, ltif, ltir"),
        (2, "frequency, severity rate, lost time, losttime, man|person|worker|exposure hours"),
        (2, "hours worked, recordable, year over year, statistics"),
        (3, "DART|DAFW"),
        (1, "objective*, target*, trend*"),
    ),
    "contractor-visitor-record": (
        (3, "clearance letter, prequalification, pre qualification"),
        (2, "visitor*, contractor*, subcontractor*, sub contractor*"),
        (1, "sign in|out, signin, time in|out, escort*"),
    ),
}

# Where a name's main part ends and its topic or detail begins.
_TOPIC_BREAK = re.compile(
    r":|\s[-\u2013\u2014|]\s|\((?=\D)|\b(?:of|on|for|about|re)\b", re.IGNORECASE
)
_WORD_JOINERS = re.compile(r"[_+]+")
# The end of a certificate's statement whose next line is the course's name.
_COMPLETED_THE = re.compile(
    r"\b(?:completed|attended|passed|completion of|awarded)(?:\s+(?:the|a|an))?\s*:?$",
    re.IGNORECASE,
)
_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_PATH_SEPARATORS = re.compile(r"[/\\]")
_GENERIC_TITLES = re.compile(r"^(?:untitled|document\d*|microsoft word - .*|title)$", re.IGNORECASE)
_CUE_TEXT_CHARS = 80


class CueKind(StrEnum):
    """Where a cue was read, strongest first; the cue string starts with it."""

    HEADING = "heading"
    TITLE = "title"
    FILE_NAME = "file name"
    FOLDER = "folder"
    CONTENT = "content"


@dataclass(frozen=True)
class _Match:
    """A cue found in a name, and which part of the name (0 before any topic break) holds it."""

    found: FoundCue
    segment: int

    @property
    def doc_type(self) -> str:
        return self.found.cue.doc_type

    @property
    def weight(self) -> int:
        return self.found.cue.weight

    @property
    def rank(self) -> tuple[bool, bool, int, int, int]:
        """Greater for the cue more likely to name the record (see the module notes)."""
        found = self.found
        strong = self.weight >= STRONG_WEIGHT
        form = self.doc_type in RECORD_FORMS
        return (strong, form, -self.segment, found.end, found.end - found.start)


@dataclass(frozen=True)
class _NamedCue:
    """The deciding cue found in one name of the document."""

    kind: CueKind
    name: str
    match: _Match

    @property
    def description(self) -> str:
        if self.kind in (CueKind.HEADING, CueKind.TITLE):
            return f"{self.kind} '{_shortened(self.name)}'"
        if self.kind is CueKind.FOLDER:
            return f"{self.kind} '{_shortened(self.name)}' contains '{self.match.found.text}'"
        return f"{self.kind} contains '{self.match.found.text}'"


_NAME_TABLE = PatternTable(NAME_CUES)
_CONTENT_TABLE = PhraseTable(CONTENT_CUES)
_FIELD_TABLE = PhraseTable(phrase_tables())


@hookimpl(trylast=True)
def classify_document(document: DocumentText) -> Classification:
    """The built-in classifier decides for every document no other plugin claimed."""
    return classify(document.path, document.title, document.pages)


def classify(path: str, title: str | None, pages: Sequence[str]) -> Classification:
    """Decide the type of one document and say which cue decided it.

    A document whose names and text belong to another field (see ``look_alikes``), or
    whose type came from a file or folder name while its text says nothing of health and
    safety, is ``other``, with the type its names suggested as the closest candidate.
    """
    names = _document_names(path, title, pages)
    content = "\n".join(pages)[:CONTENT_CHARS]
    decision, named = _decide(names, content)
    own_names = "\n".join(name for kind, name in names if kind is not CueKind.FOLDER)
    in_text = _field_phrases(content)
    in_names = _field_phrases(own_names)
    further = _FurtherText(pages)
    other_field = look_alike(in_names, in_text)
    if other_field is not None and not _names_field(in_names, other_field.field):
        # Read on before calling it another field's: the top may be an outline of the work
        # and the next page its hazards. A name that says the field ("A Research on ...",
        # "Project Risk Register") is that field's whatever its subject.
        other_field = look_alike(in_names, [*in_text, *further.phrases()])
    if other_field is None and named is not None and named.kind is not CueKind.FOLDER:
        other_field = look_alike_named(_field_phrases(named.name), named.match.found.text)
    if other_field is not None:
        return Classification(UNCLASSIFIED, other_field.reason + _closest(decision))
    words = len(words_of(content)[0])
    # A file's name only names the course of a certificate whose artwork holds the rest.
    course_day = course_day_line(content, words)
    if course_day and (named is None or named.kind in (CueKind.FILE_NAME, CueKind.FOLDER)):
        over = f" (over {decision.cue})" if decision.doc_type != UNCLASSIFIED else ""
        cue = f"{CueKind.CONTENT} is a course's day only ('{_shortened(course_day)}'){over}"
        return Classification("certificate", cue)
    safe_text = any(field in (SAFETY, HARM) for field, _weight, _phrase in in_text)
    if decision.doc_type == "certificate":
        outside = course_outside_safety(words, [*in_text, *in_names])
        if outside is not None:
            return Classification(UNCLASSIFIED, outside + _closest(decision))
    from_a_name = decision.cue.startswith((CueKind.FILE_NAME, CueKind.FOLDER))
    # Minutes are a committee's or a crew's only when the meeting spoke of safety: a
    # school board's or a project team's "agenda" and "minutes" are another body's.
    weak = from_a_name or decision.doc_type in MEETING_TYPES
    reads_on = from_a_name and decision.doc_type not in MEETING_TYPES
    if reads_on and words >= MIN_WORDS_TO_CONTRADICT_A_NAME and not safe_text:
        # A name's type reads on; minutes do not (their agenda is at their top). Further
        # on, one stray word in a long text is not speaking of safety.
        said = {phrase for field, _weight, phrase in further.phrases() if field == SAFETY}
        safe_text = len(said) >= MIN_SAFETY_PHRASES_FURTHER
    if weak and words >= MIN_WORDS_TO_CONTRADICT_A_NAME and not safe_text:
        return Classification(
            UNCLASSIFIED,
            f"its text ({words} words) has no health and safety word" + _closest(decision),
        )
    return decision


def _field_phrases(text: str) -> list[Found]:
    """The phrases of other fields and of health and safety in ``text``."""
    return [(cue.doc_type, cue.weight, phrase) for cue, phrase in _FIELD_TABLE.find(text)]


def _names_field(in_names: list[Found], field: str) -> bool:
    """Does a phrase that belongs to ``field`` alone stand in the document's own names?"""
    return any(found == field and weight >= NAMING_PHRASE_WEIGHT for found, weight, _ in in_names)


class _FurtherText:
    """The fields' and health and safety's phrases in the text after what the content cues
    read (up to ``FURTHER_CHARS`` more), looked for only when a verdict of "not safety
    evidence" is about to be given."""

    def __init__(self, pages: Sequence[str]) -> None:
        self._pages = pages
        self._found: list[Found] | None = None

    def phrases(self) -> list[Found]:
        if self._found is None:
            further = "\n".join(self._pages)[CONTENT_CHARS : CONTENT_CHARS + FURTHER_CHARS]
            self._found = _field_phrases(further)
        return self._found


def _closest(decision: Classification) -> str:
    if decision.doc_type == UNCLASSIFIED:
        return ""
    return f"; closest: {decision.doc_type} ({decision.cue})"


def _decide(
    names: list[tuple[CueKind, str]], content: str
) -> tuple[Classification, _NamedCue | None]:
    """The type the document's names and text point to, by the order cues are trusted,
    and the name cue that decided it (``None`` when the text did)."""
    strong = _first_cue(names, strong=True)
    if strong is not None:
        return _refined(*strong, content), strong[0]
    from_content = _content_decision(content)
    if from_content is not None:
        return from_content, None
    weak = _first_cue(names, strong=False)
    return (_refined(*weak, content), weak[0]) if weak is not None else (NO_CUE, None)


def _document_names(
    path: str, title: str | None, pages: Sequence[str]
) -> list[tuple[CueKind, str]]:
    """The document's names in the order they are trusted."""
    *folders, file_name = _PATH_SEPARATORS.split(path)
    first_page = pages[0] if pages else ""
    names = [
        (CueKind.HEADING, line)
        for line in heading_lines(first_page)
        if not _names_a_course(first_page, line)
    ]
    if title and not _GENERIC_TITLES.match(title.strip()):
        names.append((CueKind.TITLE, title.strip()))
    names.append((CueKind.FILE_NAME, _readable_name(_EXTENSION.sub("", file_name))))
    names.extend((CueKind.FOLDER, _readable_name(folder)) for folder in reversed(folders))
    return names


def _names_a_course(page: str, line: str) -> bool:
    """Whether heading ``line`` is the course a certificate says was completed: "has
    successfully completed the / New Worker Safety Orientation" names the course, not the
    document."""
    at = page.find(line)
    before = page[:at].rstrip().rsplit("\n", 1)[-1] if at > 0 else ""
    return _COMPLETED_THE.search(before) is not None


def _readable_name(name: str) -> str:
    """A file or folder name with underscores and joined words split, so cues can match."""
    return _CAMEL_CASE.sub(" ", _WORD_JOINERS.sub(" ", name)).strip()


def _first_cue(
    names: list[tuple[CueKind, str]], *, strong: bool
) -> tuple[_NamedCue, list[tuple[CueKind, str]]] | None:
    """The first name's deciding cue of the asked strength, with the document's other names."""
    for position, (kind, name) in enumerate(names):
        cue = _best_cue_in(kind, name)
        if cue is not None and (cue.match.weight >= STRONG_WEIGHT) == strong:
            return cue, names[:position] + names[position + 1 :]
    return None


def _best_cue_in(kind: CueKind, name: str) -> _NamedCue | None:
    """The cue that decides ``name`` on its own, or ``None`` when it holds none."""
    matches = _matches_in(name)
    if not matches:
        return None
    doc_type = max(matches, key=lambda match: match.rank).doc_type
    specific = MORE_SPECIFIC.get(doc_type)
    if any(match.doc_type == specific and match.weight >= STRONG_WEIGHT for match in matches):
        doc_type = specific
    return _NamedCue(kind, name, _telling_match(matches, doc_type))


def _telling_match(matches: list[_Match], doc_type: str) -> _Match:
    """The heaviest, then first, of the matches for ``doc_type``: the one a cue shows."""
    return max(
        (match for match in matches if match.doc_type == doc_type),
        key=lambda match: (match.weight, -match.found.start),
    )


def _matches_in(name: str) -> list[_Match]:
    breaks = [match.start() for match in _TOPIC_BREAK.finditer(name)]
    return [
        _Match(found, sum(1 for position in breaks if position < found.start))
        for found in _NAME_TABLE.find(name)
    ]


def _refined(
    decided: _NamedCue, other_names: list[tuple[CueKind, str]], content: str
) -> Classification:
    """The decision, or the more specific type another cue points to (see the module notes)."""
    general = decided.match.doc_type
    specific = MORE_SPECIFIC.get(general)
    if specific is None:
        return Classification(general, decided.description)
    for kind, name in other_names:
        # Other heading lines are the record's body, not another name for it.
        if kind is CueKind.HEADING:
            continue
        matches = _matches_in(name)
        if any(match.doc_type == general for match in matches):
            continue
        if any(match.doc_type == specific for match in matches):
            cue = _NamedCue(kind, name, _telling_match(matches, specific))
            return Classification(specific, f"{cue.description} (over {decided.description})")
    # A folder holds many kinds of record, and a name that only suggests a type ("OSHA
    # Outreach Training") does not say which form it takes; the document's words can.
    if decided.kind is CueKind.FOLDER or decided.match.weight < NAMING_WEIGHT:
        scores, phrases = _content_scores(content)
        if scores[specific] >= MIN_CONTENT_SCORE and scores[specific] > scores[general]:
            content_cue = _content_description(phrases[specific])
            return Classification(specific, f"{content_cue} (over {decided.description})")
    return Classification(general, decided.description)


def _content_decision(content: str) -> Classification | None:
    scores, phrases = _content_scores(_TOOLS_NAMED_DRILL.sub(" ", content))
    if not scores:
        return None
    best_score = max(scores.values())
    if best_score < MIN_CONTENT_SCORE:
        return None
    tied = [doc_type for doc_type, score in scores.items() if score == best_score]
    doc_type = _most_specific(tied)
    return Classification(doc_type, _content_description(phrases[doc_type]))


def _most_specific(doc_types: list[str]) -> str:
    for doc_type in doc_types:
        if MORE_SPECIFIC.get(doc_type) in doc_types:
            return MORE_SPECIFIC[doc_type]
    return min(doc_types, key=DOCUMENT_TYPES.index)


def _content_scores(content: str) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Each type's score in ``content`` and the phrases that earned it, counted."""
    mentions: Counter[tuple[str, int, str]] = Counter()
    for cue, phrase in _CONTENT_TABLE.find(content):
        mentions[cue.doc_type, cue.weight, phrase] += 1
    scores: Counter[str] = Counter()
    phrases: dict[str, Counter[str]] = {}
    for (doc_type, weight, phrase), count in mentions.items():
        counted = min(count, MAX_MENTIONS_COUNTED)
        scores[doc_type] += weight * counted
        phrases.setdefault(doc_type, Counter())[phrase] += weight * counted
    return scores, phrases


def _content_description(phrases: Counter[str]) -> str:
    phrase, _score = phrases.most_common(1)[0]
    return f"{CueKind.CONTENT} mentions '{phrase}'"


def _shortened(text: str) -> str:
    if len(text) <= _CUE_TEXT_CHARS:
        return text
    return text[: _CUE_TEXT_CHARS - 1] + "…"
