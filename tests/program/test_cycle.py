"""The program, the audit due and its dates, decided from a profile and the tools' data."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import yaml

from evidencekit.audit_tools.in_force import tools_in_force
from evidencekit.audit_tools.loading import bundled_mapping_files, load_audit_tool
from evidencekit.errors import UsageError
from evidencekit.hookspecs import hookimpl
from evidencekit.periods import add_months
from evidencekit.plugins import make_plugin_manager
from evidencekit.profile.model import CompanyProfile, ProfileError, profile_from_data
from evidencekit.program.cycle import (
    actions_to_close,
    choose_assessment,
    choose_program,
    documentation_window,
    due_audit,
    load_company_profile,
    missing_profile_answers,
    tool_for_headcount,
)
from evidencekit.program.tracker import TrackerRow
from evidencekit.workspace import open_workspace

TODAY = date(2026, 11, 16)
TOOLS = [load_audit_tool(path) for path in bundled_mapping_files()]
# The tools in force on TODAY: COR is the 2023 instrument, not the 2019 tool it replaced.
COR = next(tool for tool in tools_in_force(TOOLS, TODAY) if tool.program == "COR")
SECOR = next(tool for tool in TOOLS if tool.program == "SECOR")


def default() -> object:
    return COR


def profile(**data) -> CompanyProfile:
    return profile_from_data(data, today=TODAY)


def record(program: str, audit_type: str, day: str, **extra) -> dict:
    return {"program": program, "audit_type": audit_type, "date": day, **extra}


def test_every_bundled_tool_states_its_certificate_cycle() -> None:
    for tool in TOOLS:
        assert tool.cycle is not None, tool.id
        assert len(tool.cycle.after_certifying) < tool.cycle.validity_years
        assert all(tool.audit_type(name) for name in tool.cycle.after_certifying)


@pytest.mark.parametrize("tool", [COR, SECOR], ids=lambda tool: tool.id)
def test_the_headcount_picks_the_program_whose_range_serves_it(tool) -> None:
    headcount = tool.employees_max or tool.employees_min + 20
    choice = choose_program(TOOLS, profile(headcount=headcount), None, default)
    assert choice.tool is tool
    assert f"{tool.program} for {headcount} people" in choice.reason
    assert choice.warning is None


def test_a_secor_company_over_the_secor_maximum_is_warned_and_moved_to_cor() -> None:
    over = SECOR.employees_max + 2
    grown = profile(headcount=over, certificates=[record("SECOR", "certification", "2024-11-18")])
    choice = choose_program(TOOLS, grown, None, default)
    assert choice.tool.program == "COR"
    assert f"{over} people" in choice.warning
    assert f"more than the {SECOR.employees_max} SECOR serves" in choice.warning
    asked = choose_program(TOOLS, grown, SECOR.id, default)
    assert asked.tool is SECOR and f"--tool {SECOR.id} is a SECOR tool" in asked.warning


def test_no_tool_for_the_headcount_names_the_field() -> None:
    with pytest.raises(UsageError, match="profile headcount 0: no installed audit tool serves"):
        choose_program(TOOLS, profile(headcount=0), None, default)


def test_the_last_certificates_tool_is_preferred_when_it_still_fits() -> None:
    assert tool_for_headcount(TOOLS, 28, preferred=("no-such-tool", COR.id)) is COR
    assert tool_for_headcount(TOOLS, None) is None


def test_no_history_means_a_certification_audit() -> None:
    due = due_audit(COR, profile(headcount=28), TODAY)
    assert due.audit_type.name == "certification" and due.deadline is None
    assert "no certificate history" in due.reason


def test_the_year_after_a_certification_a_maintenance_audit_is_due_by_the_deadline() -> None:
    certified = date(TODAY.year - 1, 11, 17)
    due = due_audit(
        COR,
        profile(certificates=[record("COR", "certification", certified.isoformat())]),
        TODAY,
    )
    cycle = COR.cycle
    assert due.audit_type.name == cycle.after_certifying[0]
    assert due.audit_type.overall_pass_pct == COR.audit_type("maintenance").overall_pass_pct
    assert due.label == f"maintenance audit, year 1 of {len(cycle.after_certifying)}"
    # The sources disagree (31 December, or the certificate's anniversary): the earlier
    # date is due, and the reason says to confirm it.
    assert due.deadline == date(TODAY.year, 11, 17)
    assert f"{TODAY.year}-12-31 per Energy Safety Canada" in due.reason
    assert "shown as the safe one; confirm it with the certifying partner" in due.reason
    assert due.issued == certified
    assert due.expires == add_months(certified, 12 * cycle.validity_years)
    assert due.alternatives == cycle.alternatives_to("maintenance")
    assert due.due_in(TODAY.year) and not due.overdue


def test_after_the_yearly_audits_the_recertification_is_due_before_the_certificate_ends() -> None:
    history = [record("SECOR", "certification", "2023-11-20")]
    history += [record("SECOR", "maintenance", f"{year}-11-10") for year in (2024, 2025)]
    due = due_audit(SECOR, profile(certificates=history), TODAY)
    assert due.audit_type.name == "recertification"
    assert due.deadline < due.expires == add_months(date(2023, 11, 20), 36)


def test_a_missed_yearly_audit_is_overdue_and_a_lapsed_certificate_needs_certifying() -> None:
    history = [record("COR", "certification", "2024-06-01")]
    missed = due_audit(COR, profile(certificates=history), TODAY)
    assert missed.overdue and missed.label.endswith("year 1 of 2")
    assert "is not in the history" in missed.reason
    lapsed = due_audit(COR, profile(certificates=history), date(2027, 6, 1))
    assert lapsed.audit_type.name == "certification" and "ended on 2027-06-01" in lapsed.reason


def test_a_certificate_of_the_other_program_does_not_carry_over() -> None:
    secor = profile(headcount=12, certificates=[record("SECOR", "certification", "2024-11-18")])
    due = due_audit(COR, secor, TODAY)
    assert due.audit_type.name == "certification"
    assert "no COR certificate" in due.reason and "SECOR certificate does not carry" in due.reason


def test_the_documentation_window_ends_on_the_audit_day_else_the_deadline() -> None:
    kind = COR.audit_type("recertification")
    months = kind.documentation_window_months
    planned = documentation_window(kind, date(2027, 3, 1), date(2027, 11, 16))
    assert (planned.start, planned.end) == (add_months(date(2027, 3, 1), -months), date(2027, 3, 1))
    assert documentation_window(kind, None, date(2027, 11, 16)).basis == "the deadline"
    assert documentation_window(COR.audit_type("action-plan"), TODAY, None) is None


def test_check_without_a_profile_says_which_answers_need_one() -> None:
    choice = choose_assessment(TOOLS, default, CompanyProfile(), None, None, TODAY)
    assert (choice.tool, choice.audit_type) == (COR, "certification")
    assert any("a company profile" in notice for notice in choice.notices)
    asked = choose_assessment(TOOLS, default, CompanyProfile(), SECOR.id, "maintenance", TODAY)
    assert (asked.tool, asked.audit_type, asked.notices) == (SECOR, "maintenance", ())


def test_the_open_actions_come_most_severe_first_and_a_late_or_past_due_date_is_said() -> None:
    def row(
        finding_id: str,
        severity: str,
        due: str,
        status: str = "open",
        kind: str = "x",
        reappeared: bool = False,
    ):
        return TrackerRow(
            finding_id, kind, severity, "1", "", "f", "a", "", due, status, "", reappeared
        )

    rows = [
        row("minor-1", "minor", "2026-12-01"),
        row("major-late", "major", "2027-02-01"),
        row("closed", "critical", "", status="closed"),
        row("gone", "", "", kind=""),
        row("major-early", "major", "2026-10-01", status="in-progress"),
        row("found-again", "minor", "", status="closed", reappeared=True),
    ]
    actions = actions_to_close(rows, date(2026, 12, 31), as_of=date(2026, 11, 1))
    assert [a.row.finding_id for a in actions] == [
        "major-early",
        "major-late",
        "minor-1",
        "found-again",
    ]
    assert actions[0].concerns == ("past due: it was due 2026-10-01, before 2026-11-01",)
    assert actions[1].concerns == ("due after 2026-12-31, the day it must be closed by",)
    assert actions[3].concerns[0].startswith("closed in the tracker but found again")


def test_a_second_certification_inside_the_programs_validity_is_refused() -> None:
    history = [
        record("COR", "certification", "2022-11-21"),
        record("COR", "certification", "2024-11-20"),
    ]
    with pytest.raises(ProfileError, match=r"certificates\[1\].audit_type"):
        profile_from_data({"certificates": history}, today=TODAY, validity_years={"COR": 3})
    # One year of validity for the program: the certificate of 2022 has ended by 2024.
    profile_from_data({"certificates": history}, today=TODAY, validity_years={"COR": 1})


def test_the_profile_allows_the_interim_audits_the_tools_cycle_has(tmp_path: Path) -> None:
    # A COR cycle of three years with one maintenance year: a second one is refused by
    # the same data that makes due_audit ask for a recertification.
    short = replace(COR, cycle=replace(COR.cycle, after_certifying=("maintenance",)))
    history = [
        record("COR", "certification", "2023-10-01"),
        record("COR", "maintenance", "2024-10-01"),
        record("COR", "maintenance", "2025-10-01"),
    ]
    file = tmp_path / "profile.yaml"
    file.write_text(yaml.safe_dump({"certificates": history}), encoding="utf-8")
    with pytest.raises(ProfileError) as refused:
        load_company_profile(tmp_path, file, [short, SECOR], TODAY)
    assert "certificates[2].audit_type: maintenance audit number 2" in str(refused.value)
    assert "with 1 yearly audits in its COR cycle" in str(refused.value)
    # The bundled COR cycle has two maintenance years: the same history is valid.
    assert len(load_company_profile(tmp_path, file, TOOLS, TODAY).certificates) == 3


def test_the_missing_headcount_names_only_the_installed_programs() -> None:
    assert missing_profile_answers(CompanyProfile(), [COR])[0] == (
        f"headcount: COR for {COR.employees_min} or more people (the audit tool)"
    )


class EarlierNamedCorTool:
    """Another partner's COR tool whose id sorts before the bundled one's."""

    def __init__(self, folder: Path) -> None:
        source = Path(COR.file).read_text(encoding="utf-8")
        self.file = folder / "aaa-cor-2026.yaml"
        source = source.replace(f"\nid: {COR.id}\n", "\nid: aaa-cor-2026\n")
        # Another partner's: two versions of one partner's tool must differ in their dates.
        self.file.write_text(source.replace("\npartner: Alberta", "\npartner: Not Alberta"))

    @hookimpl
    def register_audit_tools(self, register):
        register(self.file)


def test_beside_a_plugins_tool_of_the_same_range_the_bundled_one_serves(tmp_path: Path) -> None:
    plugin_manager = make_plugin_manager(
        load_entrypoints=False, extra=[EarlierNamedCorTool(tmp_path)]
    )
    (tmp_path / "evidence").mkdir()
    with open_workspace(tmp_path / "evidence", tmp_path / "state", plugin_manager) as workspace:
        tools = workspace.audit_tools()
    assert "aaa-cor-2026" in {tool.id for tool in tools}
    assert tool_for_headcount(tools_in_force(tools, TODAY), 28).id == COR.id


def test_a_small_company_may_choose_cor_and_one_holding_a_cor_keeps_it() -> None:
    as_of = date(2026, 11, 16)
    plain = choose_program(TOOLS, profile(headcount=6, peak_headcount=6), None, default, as_of)
    assert plain.tool is SECOR
    chosen = choose_program(
        TOOLS, profile(headcount=6, peak_headcount=6, program="COR"), None, default, as_of
    )
    assert chosen.tool is COR and "the profile chooses COR" in chosen.reason
    holder = profile(
        headcount=6, peak_headcount=6, certificates=[record("COR", "certification", "2025-03-02")]
    )
    held = choose_program(TOOLS, holder, None, default, as_of)
    assert held.tool is COR and "the company holds a COR" in held.reason


def test_secors_limit_counts_the_peak_of_the_past_year_and_says_when_it_is_not_known() -> None:
    as_of = date(2026, 11, 16)
    today_only = choose_program(TOOLS, profile(headcount=8), None, default, as_of)
    assert today_only.tool is SECOR
    assert "the profile gives only today's headcount (add peak_headcount)" in today_only.reason
    peaked = choose_program(TOOLS, profile(headcount=8, peak_headcount=14), None, default, as_of)
    assert peaked.tool is COR and "peak_headcount" in peaked.reason


def test_a_headcount_above_a_stale_peak_is_the_peak() -> None:
    grown = choose_program(TOOLS, profile(headcount=12, peak_headcount=7), None, default)
    assert grown.tool is COR and "12 people on the WCB account (profile headcount)" in grown.reason


def test_the_cor_tool_in_force_on_the_audit_date_is_chosen() -> None:
    before = choose_program(TOOLS, profile(headcount=28), None, default, date(2022, 6, 1))
    after = choose_program(TOOLS, profile(headcount=28), None, default, date(2023, 6, 1))
    assert (before.tool.id, after.tool.id) == ("acsa-cor-2019", "acsa-cor-2023")
    assert "in force on 2023-06-01 (from 2023-01-01)" in after.reason
    asked = choose_program(
        TOOLS, profile(headcount=28), "acsa-cor-2019", default, date(2026, 11, 16)
    )
    assert asked.warning == (
        "acsa-cor-2019 is used for audits until 2022-12-31, not on 2026-11-16; "
        "on that day it is acsa-cor-2023"
    )
