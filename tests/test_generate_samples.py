"""The sample evidence generator: reproducible samples, complete truth files, corpora."""

from __future__ import annotations

import importlib
import importlib.util
import re
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("fpdf")
yaml = pytest.importorskip("yaml")
PdfReader = pytest.importorskip("pypdf").PdfReader

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "scripts" / "generate_samples.py"
COMMITTED = REPO / "sample_evidence"
COMPANIES = ("northridge-construction", "prairie-line-electric-secor")


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    # scripts/ is not a package; load the script by path, as the benchmarks do. Loading it
    # makes the samples package beside it importable.
    spec = importlib.util.spec_from_file_location("generate_samples", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def elements(generator: ModuleType) -> ModuleType:
    return importlib.import_module("samples.elements")


@pytest.fixture(scope="module")
def corpus(generator: ModuleType) -> ModuleType:
    return importlib.import_module("samples.corpus")


@pytest.fixture(scope="module")
def generated(generator: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("samples")
    assert generator.main(["--out", str(out)]) == 0
    return out


def load_truth(out: Path, company: str) -> dict:
    return yaml.safe_load((out / "truth" / f"{company}.yaml").read_text(encoding="utf-8"))


def files_under(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize("company", COMPANIES)
def test_a_fresh_run_reproduces_the_committed_samples(generated: Path, company: str) -> None:
    stale = "sample_evidence/ is stale: run python scripts/generate_samples.py"
    assert load_truth(generated, company) == load_truth(COMMITTED, company), stale
    assert files_under(generated / company) == files_under(COMMITTED / company), stale
    # Every file byte for byte, the password-protected PDF too: a second run of the
    # generator leaves git with nothing to commit.
    for entry in load_truth(generated, company)["documents"]:
        fresh, committed = generated / company / entry["path"], COMMITTED / company / entry["path"]
        assert fresh.read_bytes() == committed.read_bytes(), f"{entry['path']}: {stale}"
    assert (generated / "README.md").read_text() == (COMMITTED / "README.md").read_text(), stale


@pytest.mark.parametrize("company", COMPANIES)
def test_truth_lists_every_file_and_only_junk_is_left_out(generated: Path, company: str) -> None:
    out = generated
    truth = load_truth(out, company)
    documents = {entry["path"] for entry in truth["documents"]}
    junk = set(truth["junk"])
    assert files_under(out / company) == documents | junk
    assert not documents & junk
    assert all((out / company / path).stat().st_size < 100 for path in junk)


@pytest.mark.parametrize("company", COMPANIES)
def test_truth_entries_are_well_formed(elements: ModuleType, generated: Path, company: str) -> None:
    truth = load_truth(generated, company)
    for entry in truth["documents"]:
        assert entry["type"] in elements.ELEMENTS_BY_TYPE
        assert all(1 <= element <= 10 for element in entry["elements"])
        date.fromisoformat(entry["date"])
        assert entry["status"] in {"ok", "needs-ocr", "encrypted", "unsupported"}
    for gap in truth["gaps"]:
        assert gap["summary"]
        assert 1 <= int(gap["element"]) <= 10
        assert set(gap["paths"]) <= {entry["path"] for entry in truth["documents"]}


def test_readme_and_company_folders_hold_no_stray_files(generated: Path) -> None:
    out = generated
    assert {path.name for path in out.iterdir()} == {"README.md", "truth", *COMPANIES}
    assert not any(
        path.name.lower().startswith("readme") for c in COMPANIES for path in (out / c).rglob("*")
    )


def test_scanned_and_encrypted_pdfs_are_what_the_truth_says(generated: Path) -> None:
    out = generated
    company = "northridge-construction"
    statuses = {e["path"]: e["status"] for e in load_truth(out, company)["documents"]}
    scanned = [path for path, status in statuses.items() if status == "needs-ocr"]
    encrypted = [path for path, status in statuses.items() if status == "encrypted"]
    assert scanned and encrypted
    assert all(pdf_text(out / company / path).strip() == "" for path in scanned)
    assert all(PdfReader(out / company / path).is_encrypted for path in encrypted)


def test_mixed_corpus_writes_the_count_asked_for(corpus: ModuleType, tmp_path: Path) -> None:
    paths = corpus.generate_mixed_corpus(tmp_path, 30, seed=3)
    assert len(paths) == len(set(paths)) == 30
    assert all(path.is_file() and path.stat().st_size > 0 for path in paths)
    assert {path.suffix for path in paths} >= {".pdf", ".docx"}
    assert len(files_under(tmp_path)) == 30


def test_mixed_corpus_is_the_same_for_the_same_seed(corpus: ModuleType, tmp_path: Path) -> None:
    first = corpus.generate_mixed_corpus(tmp_path / "a", 5, seed=7)
    second = corpus.generate_mixed_corpus(tmp_path / "b", 5, seed=7)
    assert [p.relative_to(tmp_path / "a") for p in first] == [
        p.relative_to(tmp_path / "b") for p in second
    ]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


@pytest.fixture(scope="module")
def plan_files(generator: ModuleType) -> ModuleType:
    return importlib.import_module("samples.plan_files")


def write_plan(folder: Path, steps: list[dict], **sections: list) -> Path:
    path = folder / "acme.yaml"
    plan = {
        "company": "northridge",
        "period": {"start": date(2026, 1, 1), "end": date(2026, 3, 31)},
        "audit_expected": date(2026, 11, 16),
        "steps": steps,
        **sections,
    }
    path.write_text(yaml.safe_dump(plan, allow_unicode=True), encoding="utf-8")
    return path


DRILL = {"kind": "drill-record", "date": date(2026, 2, 4), "folder": "Drills", "format": "pdf"}
SERIES = {
    "kind": "drill-record",
    "monthly": {"weekday": "Monday"},
    "folder": "Drills",
    "format": "pdf",
}


def test_a_plan_file_becomes_the_documents_and_gaps_it_describes(
    plan_files: ModuleType, tmp_path: Path
) -> None:
    gap = {
        "id": "drills-overdue",
        "element": 8,
        "summary": "The last drill was on {drill.date}; the next was due {drill.date:+183 days}.",
        "documents": ["drill"],
    }
    steps = [{**DRILL, "name": "Drill Feb", "key": "drill"}, {**DRILL, "date": date(2026, 3, 4)}]
    sample = plan_files.read_plan(write_plan(tmp_path, steps, gaps=[gap]))
    assert sample.documents[0].path == "Drills/Drill Feb.pdf"
    assert [doc.body.effective for doc in sample.documents] == [date(2026, 2, 4), date(2026, 3, 4)]
    assert (
        sample.gaps[0].summary == "The last drill was on 2026-02-04; the next was due 2026-08-06."
    )
    assert sample.gaps[0].paths == ("Drills/Drill Feb.pdf",)


def test_a_monthly_series_writes_one_document_a_month_but_the_skipped(
    plan_files: ModuleType, tmp_path: Path
) -> None:
    series = {**SERIES, "monthly": {"weekday": "Monday", "skip": ["2026-02"]}}
    sample = plan_files.read_plan(write_plan(tmp_path, [series]))
    days = [doc.body.effective for doc in sample.documents]
    assert [(day.month, day.weekday()) for day in days] == [(1, 0), (3, 0)]


def test_every_kind_a_plan_may_ask_for_builds_from_a_date_alone(
    plan_files: ModuleType, tmp_path: Path
) -> None:
    kinds = sorted(importlib.import_module("samples.plan_kinds").KINDS)
    steps = [{**DRILL, "kind": kind, "folder": kind} for kind in kinds]
    sample = plan_files.read_plan(write_plan(tmp_path, steps))
    assert [doc.path.split("/")[0] for doc in sample.documents] == kinds


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ({**DRILL, "scenario": "Flood"}, "(drill-record): no drill scenario 'Flood'; known: "),
        ({**DRILL, "scenaro": "Flood"}, "(drill-record): a document: unknown fields ['scenaro']"),
        ({**DRILL, "kind": "drill"}, "(drill): unknown kind 'drill'"),
        ({**DRILL, "date": {"closed": "ice", "action": 1}}, "no incident 'ice' defined before"),
        ({**DRILL, "format": "odt"}, "format must be one of"),
        (
            {**SERIES, "months": {"2027-01": {"name": "Drill Jan"}}},
            "months ['2027-01'] are not months of the series",
        ),
    ],
)
def test_a_plan_mistake_is_reported_with_its_file_and_step(
    plan_files: ModuleType, tmp_path: Path, step: dict, message: str
) -> None:
    with pytest.raises(plan_files.PlanError, match=r"^acme\.yaml, step 1 .*" + re.escape(message)):
        plan_files.read_plan(write_plan(tmp_path, [step]))


def test_a_text_naming_no_key_is_reported(plan_files: ModuleType, tmp_path: Path) -> None:
    with pytest.raises(plan_files.PlanError, match=r"^acme\.yaml: cannot fill 'drill'"):
        plan_files.read_plan(write_plan(tmp_path, [DRILL], traps=["`{drill.path}` is fine."]))
