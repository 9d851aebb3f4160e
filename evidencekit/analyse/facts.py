"""The analysis stage: each document's type, effective date, expiry and the content gap
rules read (promised schedule, incident numbers, corrective actions, courses held), kept
in the catalog.

Facts are derived from a file's text and path. The extraction worker that read a file
analyses it there and then (``analyse_extraction``); what it could not (a moved or copied
file, a classifier plugin a worker cannot load) is analysed here when next asked. The
catalog drops a file's facts when its text or path changes, and all of them when the
analysis itself changes (a new version of these rules, or other classifier plugins or
versions of them), so they are computed once per change.

A type the user corrected is part of the analysis (``Teaching``): the corrected document,
and every document of the folder filled in on the same form (``headings.form_of``) that
the user did not correct themselves, is analysed as that type, so its date and content
facts (schedules, courses, incident dates) are those of the corrected reading. Facts
derived with a correction that no longer applies, or without one that now does (a similar
document scanned after the correction), are dropped and derived again here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import pluggy

from evidencekit.analyse.content import read_content
from evidencekit.analyse.dates import (
    DateSource,
    FoundDate,
    dates_in_text,
    effective_date,
    expiry_date,
)
from evidencekit.analyse.signature import analysis_signature, keep_facts_of
from evidencekit.builtins.headings import form_of
from evidencekit.document_models import (
    UNCLASSIFIED,
    Classification,
    DocumentFacts,
    DocumentStatus,
    DocumentText,
    Extraction,
    PlacedDate,
)
from evidencekit.plugins import plugin_that_raised
from evidencekit.store.catalog import Catalog

#: Types whose revision in force is their date: the version of the document a worker uses.
DATED_BY_REVISION = frozenset(
    {
        "policy",
        "responsibilities",
        "safe-work-procedure",
        "emergency-response-plan",
        "formal-hazard-assessment",
    }
)
NO_DECISION = Classification(doc_type=UNCLASSIFIED, cue="no classifier decided")
#: How the cue of a document begins when a classifier plugin raised on it.
CLASSIFIER_FAILED = "classifier plugin"


def bring_facts_up_to_date(
    catalog: Catalog, plugin_manager: pluggy.PluginManager, in_workers: InWorkers | None = None
) -> None:
    """Analyse the documents without facts (new, changed, or analysed by other rules or
    taught by corrections since); the others keep theirs. Many of them (every document,
    after an analysis upgrade) go to ``in_workers`` when given (worker processes:
    ``extract.pool.analyse_in_workers``)."""
    signature = analysis_signature(plugin_manager)
    with catalog.transaction():
        keep_facts_of(catalog, signature)
        teaching = teaching_of(catalog)
        forget_facts_taught_otherwise(catalog, teaching)

        def keep(file_id: int, facts: DocumentFacts) -> None:
            if facts.type_cue.startswith(CLASSIFIER_FAILED):
                # Not to be kept as the answer: the next run (the plugin fixed) asks again.
                catalog.set_meta("facts_signature", f"{signature}:incomplete")
            catalog.save_facts(file_id, facts)

        inputs = _analysis_inputs(catalog, teaching)
        if in_workers is not None and (
            catalog.count_texts_without_facts() >= ANALYSED_IN_WORKERS_FROM
        ):
            in_workers(inputs, keep)
        else:
            for file_id, work in inputs:
                keep(file_id, document_facts(plugin_manager, *work))


#: What ``document_facts`` takes besides the plugins: a text, its file's metadata dates,
#: the dates its extractor placed, and what the user's corrections teach.
AnalysisInput = tuple[DocumentText, str | None, str | None, tuple[PlacedDate, ...], "Teaching"]
#: Analyses ``(file_id, AnalysisInput)`` pairs elsewhere and hands each one's facts to
#: the callback, here.
InWorkers = Callable[
    [Iterator[tuple[int, AnalysisInput]], Callable[[int, DocumentFacts], None]], None
]
#: From this many documents to analyse, worker processes analyse them: one process takes
#: minutes after an analysis upgrade on a large drive, and starting workers about a second.
ANALYSED_IN_WORKERS_FROM = 500


def _analysis_inputs(catalog: Catalog, teaching: Teaching) -> Iterator[tuple[int, AnalysisInput]]:
    for file_id, text in catalog.texts_without_facts():
        created, modified = catalog.metadata_dates(file_id)
        yield file_id, (text, created, modified, catalog.placed_dates(file_id), teaching)


@dataclass(frozen=True)
class Teaching:
    """The types the user corrected, and what they teach: ``by_path`` the corrected
    documents' own types; ``by_form`` form -> (type, the corrected document on it), the
    latest correction of a form winning."""

    by_path: dict[str, str] = field(default_factory=dict)
    by_form: dict[str, tuple[str, str]] = field(default_factory=dict)

    def type_for(self, path: str, form: str | None) -> tuple[str, str] | None:
        """``(type, the corrected document it comes from)`` for the document at ``path``
        on ``form``, or ``None`` when no correction applies to it. The user's own
        correction of a document is never overridden by that of a similar one."""
        if path in self.by_path:
            return self.by_path[path], path
        return self.by_form.get(form) if form is not None else None


def teaching_of(catalog: Catalog) -> Teaching:
    """What the user's type corrections teach the folder's documents."""
    corrections = catalog.type_corrections()
    if not corrections:
        return Teaching()
    corrected = dict(corrections)
    forms = {
        path: form
        for _file_id, path, form, _type, _taught_by in catalog.taught_facts((), corrected)
        if path in corrected
    }
    by_form: dict[str, tuple[str, str]] = {}
    for path, doc_type in corrections:
        # A corrected document not analysed yet (moved since) is read for its form.
        form = forms[path] if path in forms else _form_of_text(catalog, path)
        if form is not None:
            by_form[form] = (doc_type, path)
    return Teaching(corrected, by_form)


def _form_of_text(catalog: Catalog, path: str) -> str | None:
    text = catalog.document_text(path)
    return form_of(text.pages[0]) if text is not None and text.pages else None


def forget_facts_taught_otherwise(catalog: Catalog, teaching: Teaching) -> None:
    """Drop the facts derived with a corrected type that no longer applies to them, or
    without one that now does: the analysis derives them again."""
    stale = []
    touched = catalog.taught_facts(teaching.by_form, teaching.by_path)
    for file_id, path, form, doc_type, taught_by in touched:
        wanted = teaching.type_for(path, form)
        if wanted != ((doc_type, taught_by) if taught_by is not None else None):
            stale.append(file_id)
    catalog.forget_facts(stale)


def analyse_extraction(
    plugin_manager: pluggy.PluginManager, path: str, extraction: Extraction
) -> DocumentFacts | None:
    """The facts of the file at ``path`` just extracted, or ``None`` when they are not to be
    kept (a classifier plugin raised: the next run asks it again)."""
    text = DocumentText(path=path, title=extraction.title, pages=extraction.pages)
    facts = document_facts(
        plugin_manager, text, extraction.created, extraction.modified, extraction.dates
    )
    return None if facts.type_cue.startswith(CLASSIFIER_FAILED) else facts


def document_facts(
    plugin_manager: pluggy.PluginManager,
    text: DocumentText,
    created: str | None,
    modified: str | None,
    placed: Sequence[PlacedDate] = (),
    teaching: Teaching | None = None,
) -> DocumentFacts:
    """Classify one document and find its effective date and expiry.

    ``placed`` are the dates its extractor placed in the file: a date read from the text
    that one of them reads as is said to come from that place. A type the user corrected
    (``teaching``) for it or for a document on the same form is its type.
    """
    form = form_of(text.pages[0]) if text.pages else None
    read = _classification(plugin_manager, text)
    taught = teaching.type_for(text.path, form) if teaching is not None else None
    classification = _taught(read, text.path, form, taught) if taught is not None else read
    found = effective_date(
        text.pages,
        text.path,
        created,
        modified,
        dated_by_revision=classification.doc_type in DATED_BY_REVISION,
    )
    expiry = expiry_date(text.pages)
    return DocumentFacts(
        path=text.path,
        # The status is the catalog's to report; facts only carry the derived fields.
        status=DocumentStatus.OK,
        title=text.title,
        doc_type=classification.doc_type,
        type_cue=classification.cue,
        date=found.value.isoformat() if found else None,
        date_source=_date_source(found, placed) if found else None,
        date_text=found.matched if found else None,
        date_ambiguous=found.ambiguous if found else False,
        expiry=expiry.value.isoformat() if expiry else None,
        content=read_content(text.pages, classification.doc_type),
        form=form,
        taught_by=taught[1] if taught is not None else None,
    )


def _taught(
    read: Classification, path: str, form: str | None, taught: tuple[str, str]
) -> Classification:
    """The corrected type, with what evidencekit had read beside it."""
    doc_type, teacher = taught
    as_read = f"read as {read.doc_type}: {read.cue}"
    if teacher == path:
        return Classification(doc_type, f"corrected by the user ({as_read})")
    return Classification(
        doc_type, f"type from your correction of {teacher} (same form: '{form}'; {as_read})"
    )


def _date_source(found: FoundDate, placed: Sequence[PlacedDate]) -> str:
    """``content``, or ``content, sheet 'Matrix' cell C4`` when an extractor placed it."""
    if found.source is DateSource.CONTENT:
        for date in placed:
            if any(read.value == found.value for read in dates_in_text(date.text)):
                return f"{found.source}, {date.place}"
    return str(found.source)


def _classification(plugin_manager: pluggy.PluginManager, text: DocumentText) -> Classification:
    """The first classifier's decision. One that raises is named in the cue and the next
    classifiers decide without it: one plugin's bug must not stop the check."""
    hook = plugin_manager.hook.classify_document
    removed: list[object] = []
    failures: list[str] = []
    while True:
        try:
            classification = hook(document=text) or NO_DECISION
            break
        except Exception as error:
            plugin = plugin_that_raised(hook, error)
            failures.append(
                f"{CLASSIFIER_FAILED} {plugin or '(unknown)'} failed on it: "
                f"{type(error).__name__}: {error}"
            )
            if plugin is None:
                classification = NO_DECISION
                break
            removed.append(plugin_manager.get_plugin(plugin))
            hook = plugin_manager.subset_hook_caller("classify_document", remove_plugins=removed)
    if not failures:
        return classification
    return Classification(classification.doc_type, "; ".join([*failures, classification.cue]))
