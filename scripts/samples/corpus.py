"""The mixed corpus for benchmarks: throwaway evidence from the sample builders and writers."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

from samples.content import (
    CONTENT,
    NORTHRIDGE,
    PRAIRIE_LINE,
    SAMPLE_COMPANIES,
    SECTION_FOLDERS,
    VOCABULARY,
    Company,
    people_on,
    pick_site,
    variant_company_from,
    weather_on,
)
from samples.document import (
    Block,
    Builder,
    DocumentBody,
    EvidenceDocument,
    Heading,
    PageBreak,
    Paragraph,
)
from samples.documents.field import (
    build_committee_minutes,
    build_drill_record,
    build_flha,
    build_maintenance_record,
    build_site_inspection,
    build_subcontractor_prequalification,
    build_toolbox_talk,
    build_visitor_log,
)
from samples.documents.incident_records import (
    build_incident_report,
    build_investigation,
    build_statistics_summary,
)
from samples.documents.program import (
    build_formal_hazard_assessment,
    build_harassment_policy,
    build_legislation_list,
    build_policy_statement,
    build_roles,
    build_safe_work_procedure,
)
from samples.documents.training import (
    build_first_aid_certificate,
    build_orientation,
    build_training_matrix,
    build_training_record,
)
from samples.file_names import messy_name
from samples.formats.text import plain_lines
from samples.writing import write_documents

# The extra companies only widen the benchmark corpus's spread of names and places.
MIXED_CORPUS_COMPANIES = (
    NORTHRIDGE,
    PRAIRIE_LINE,
    *(
        variant_company_from(raw, SAMPLE_COMPANIES[raw["based_on"]])
        for raw in CONTENT["extra_companies"]
    ),
)

# How often each kind turns up in a real share, used to draw the benchmark corpus. The
# manual and the emergency plan are left out: they are longer than the 1-3 pages wanted.
MIXED_CORPUS_BUILDERS: tuple[tuple[Builder, int], ...] = (
    (build_flha, 20),
    (build_toolbox_talk, 12),
    (build_site_inspection, 12),
    (build_maintenance_record, 6),
    (build_visitor_log, 6),
    (build_training_record, 6),
    (build_orientation, 5),
    (build_first_aid_certificate, 5),
    (build_committee_minutes, 4),
    (build_incident_report, 4),
    (build_investigation, 4),
    (build_safe_work_procedure, 4),
    (build_formal_hazard_assessment, 3),
    (build_drill_record, 3),
    (build_subcontractor_prequalification, 2),
    (build_statistics_summary, 2),
    (build_policy_statement, 2),
    (build_harassment_policy, 1),
    (build_roles, 1),
    (build_training_matrix, 1),
    (build_legislation_list, 1),
)
MIXED_FORMATS = ((".pdf", 45), (".docx", 45), (".txt", 4), (".md", 3), (".csv", 3))
MIXED_FIRST_DAY = date(2024, 1, 1)
MIXED_DAY_SPAN = 3 * 365

# Real vocabulary is skewed: a few nouns turn up everywhere, most rarely (Zipf's law).
NOUN_WEIGHTS = tuple(accumulate(1 / rank for rank in range(1, len(VOCABULARY["nouns"]) + 1)))


def filler_sentence(company: Company, day: date, rng: random.Random) -> str:
    hazard = rng.choice(company.pool.hazards)
    noun, noun2 = rng.choices(VOCABULARY["nouns"], cum_weights=NOUN_WEIGHTS, k=2)
    return rng.choice(VOCABULARY["filler_sentences"]).format(
        person=rng.choice(people_on(company, day)),
        supervisor=rng.choice(company.supervisors).name,
        site=pick_site(company, day, rng).name,
        hazard=hazard.name.lower(),
        control=hazard.control[0].lower() + hazard.control[1:],
        noun=noun,
        noun2=noun2,
        place=rng.choice(VOCABULARY["places"]),
        state=rng.choice(VOCABULARY["states"]),
        weather=weather_on(day, rng),
        rare=rng.choice(VOCABULARY["rare_words"]),
        code=f"{rng.choice(VOCABULARY['code_prefixes'])}-{rng.randrange(10**6):06d}",
        number=f"{rng.randrange(1, 1000) / 10:.1f}",
    )


def filler_paragraphs(company: Company, day: date, rng: random.Random, chars: int) -> list[Block]:
    paragraphs: list[Block] = []
    while chars > 0:
        sentences: list[str] = []
        target = min(chars, rng.randint(300, 700))
        while sum(len(s) + 1 for s in sentences) < target:
            sentences.append(filler_sentence(company, day, rng))
        text = " ".join(sentences)
        paragraphs.append(Paragraph(text))
        chars -= len(text)
    return paragraphs


def text_length(blocks: Sequence[Block]) -> int:
    return sum(len(line) + 1 for block in blocks for line in plain_lines(block, width=10_000))


def pad_to_pages(
    body: DocumentBody, pages: int, company: Company, rng: random.Random
) -> DocumentBody:
    """Bring a document to ``pages`` pages of about 1.5 to 3 KB of text each."""
    day = body.effective
    blocks = list(body.blocks)
    blocks += filler_paragraphs(company, day, rng, rng.randint(1500, 3000) - text_length(blocks))
    for _ in range(pages - 1):
        blocks += [PageBreak(), Heading(rng.choice(VOCABULARY["continuation_headings"]), 2)]
        blocks += filler_paragraphs(company, day, rng, rng.randint(1500, 3000))
    return replace(body, blocks=tuple(blocks))


def plan_mixed_document(seed: int, index: int) -> EvidenceDocument:
    # One generator per document: any document can be rebuilt alone, in any process.
    rng = random.Random(f"mixed-corpus:{seed}:{index}")
    company = rng.choice(MIXED_CORPUS_COMPANIES)
    builders, weights = zip(*MIXED_CORPUS_BUILDERS, strict=True)
    builder = rng.choices(builders, weights=weights)[0]
    day = MIXED_FIRST_DAY + timedelta(days=rng.randrange(MIXED_DAY_SPAN))
    body = pad_to_pages(builder(company, day, rng), rng.randint(1, 3), company, rng)
    suffixes, suffix_weights = zip(*MIXED_FORMATS, strict=True)
    suffix = rng.choices(suffixes, weights=suffix_weights)[0]
    folder = f"{company.slug}/{rng.choice(SECTION_FOLDERS[body.doc_type])}/{body.effective.year}"
    header = company.name if rng.random() < 0.7 else None
    return EvidenceDocument(f"{folder}/{messy_name(body, rng)}{suffix}", body, header)


def with_unique_paths(documents: Sequence[EvidenceDocument]) -> list[EvidenceDocument]:
    """Rename clashing paths the way a file manager does: "name (2).pdf".

    Compared case-insensitively, so the corpus also fits on Windows and macOS file systems.
    """
    seen: set[str] = set()
    unique = []
    for document in documents:
        stem, dot, suffix = document.path.rpartition(".")
        path, copy = document.path, 2
        while path.lower() in seen:
            path, copy = f"{stem} ({copy}){dot}{suffix}", copy + 1
        seen.add(path.lower())
        unique.append(replace(document, path=path))
    return unique


def generate_mixed_corpus(dest: Path, count: int, seed: int = 0) -> list[Path]:
    """Write ``count`` mixed evidence documents under ``dest`` and return their paths.

    About 45% PDF and 45% DOCX of 1 to 3 pages, 10% .txt/.md/.csv, in nested company
    folders with messy names. The same ``seed`` always gives the same documents.
    """
    documents = with_unique_paths([plan_mixed_document(seed, index) for index in range(count)])
    write_documents(dest, documents)
    return [dest / document.path for document in documents]
