"""A corrected type as the user meets it: it teaches the documents filled in on the same
form, and the check reads the corrected document's content as its new type."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import json_output
from tests.documents import write_text

SIGN_OFF = (
    "Lathe Sign-Off\nOperator name: {name}\nSupervisor: Lee Chan\nDate: {day}\n"
    "Demonstrate the following procedures with the power isolated.\n"
    "Check the chuck guard. Check the emergency stop.\n"
)


def write_sign_off(folder: Path, name: str, day: str) -> str:
    path = f"Workshop/lathe-{name.split()[0].lower()}.txt"
    write_text(folder / path, SIGN_OFF.format(name=name, day=day))
    return path


def types(run_cli, folder: Path) -> dict[str, str]:
    rows = json_output(run_cli("documents", folder, "--json"))
    return {row["path"]: row["doc_type"] for row in rows}


def test_a_corrected_type_is_taken_by_documents_on_the_same_form(evidence: Path, run_cli) -> None:
    dana = write_sign_off(evidence, "Dana Roy", "2026-03-02")
    sam = write_sign_off(evidence, "Sam Oduya", "2026-03-09")
    write_text(evidence / "Workshop/lathe procedure.txt", "Lathe procedure\nStep 1: isolate.")
    run_cli("scan", evidence, "--quiet")
    read = types(run_cli, evidence)
    assert read[dana] == read[sam] != "training-record"

    corrected = run_cli("correct", evidence, dana, "--type", "training-record")
    assert corrected.exit_code == 0
    assert f"1 other document ({sam}) on the same form: this type too" in corrected.output
    run_cli("scan", evidence, "--quiet")
    kim = write_sign_off(evidence, "Kim Park", "2026-04-14")
    run_cli("scan", evidence, "--quiet")

    after = types(run_cli, evidence)
    assert after[dana] == after[sam] == after[kim] == "training-record"
    assert after["Workshop/lathe procedure.txt"] == read["Workshop/lathe procedure.txt"]
    evidence_map = run_cli("map", evidence).output
    assert f"type training-record (type from your correction of {dana} (same form: " in (
        evidence_map
    )
    assert "(corrected by the user (read as " in evidence_map


def test_a_documents_own_correction_wins_the_latest_teaches_and_a_reset_undoes_it(
    evidence: Path, run_cli
) -> None:
    dana = write_sign_off(evidence, "Dana Roy", "2026-03-02")
    sam = write_sign_off(evidence, "Sam Oduya", "2026-03-09")
    kim = write_sign_off(evidence, "Kim Park", "2026-04-14")
    run_cli("scan", evidence, "--quiet")
    read = types(run_cli, evidence)
    run_cli("correct", evidence, sam, "--type", "orientation-record")
    run_cli("correct", evidence, dana, "--type", "training-record")

    taught = types(run_cli, evidence)
    assert (taught[dana], taught[sam], taught[kim]) == (
        "training-record",
        "orientation-record",
        "training-record",
    )

    run_cli("correct", evidence, sam, "--reset")
    assert types(run_cli, evidence)[sam] == "training-record"
    reset = run_cli("correct", evidence, dana, "--reset")
    assert f"2 other documents ({kim}, {sam}) on the same form: no longer" in reset.output
    assert types(run_cli, evidence) == read


def test_a_corrected_type_re_derives_what_the_check_reads_in_the_document(
    evidence: Path, run_cli
) -> None:
    write_text(
        evidence / "house-rules.txt",
        "How we work here\nSite inspections are done every week by the supervisor.\n"
        "Signed March 4, 2026.\n",
    )
    write_text(
        evidence / "insp-0302.md",
        "# Site inspection\nDate: 2026-03-02\nInspected by: Lee\nHousekeeping satisfactory.\n",
    )
    check = ("check", evidence, "--audit-date", "2026-11-16", "--format", "md")
    promise = "house-rules.txt promises site inspection records every week"
    assert promise not in run_cli(*check).output

    run_cli("correct", evidence, "house-rules.txt", "--type", "policy")

    assert promise in run_cli(*check).output
    run_cli("correct", evidence, "house-rules.txt", "--reset")
    assert promise not in run_cli(*check).output
