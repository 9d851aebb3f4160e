"""Who holds which course, read from the shapes training records come in."""

from evidencekit.analyse.courses import courses_held
from evidencekit.models import CourseHeld

WORD_MATRIX = """Training Matrix
As of 2026/09/30.
Worker\tOrientation\tWHMIS\tFirst Aid\tPHSM
Dale Whitford\t2025/03/02\t-\t2024/06/10\tYes
Ana Lopez\t-\t2026/01/15\t\t-
Wage rates are kept in the payroll file."""

PDF_TRANSCRIPT = """Course Transcript
Participant: Priya Sandhu, Northridge Construction Ltd.. Issued 2025/04/11.
Course Completed
Principles of Health and Safety Management 2024/03/08
Leadership for Safety Excellence 2024/09/24
These courses meet the COR training requirement."""

PDF_CERTIFICATE = """Certificate of Completion
This certifies that Jordan Reimer has successfully completed Standard First Aid with CPR C.
Certificate no. Issued Expires
FFA-439149 February 8, 2025 February 8, 2028
Signed: Bill Tanaka, Instructor Date: February 8, 2025"""

WORD_RECORD = """Training Record: Fall Protection
Date: 2026/02/24    Provider: Parkland Safety Training
Trainee\tResult\tInitials
Evan Chu\tPass\tEC
Amir Haddad\tFail\tAH
Signed: Priya Sandhu"""

PDF_RECORD = """Training Record: Fall Protection
Date: 2026/02/24 Provider: Parkland Safety Training
Trainee Result Initials
Evan Chu Pass EC
Kelsey Wong Complete KW
Course outline and test papers are kept in the training binder."""

WORD_COURSE_LIST = """Employee\tCourse\tCompleted\tExpires
Linda Halvorsen\tCSTS-2020\t2025-05-14\t
Ryan Tsai\tStandard First Aid\t2025-04-26\t2028-04-26"""


def test_a_word_matrix_gives_each_dated_or_marked_cell_as_a_course_held() -> None:
    assert courses_held(WORD_MATRIX) == (
        CourseHeld("Dale Whitford", "Orientation", "2025-03-02"),
        CourseHeld("Dale Whitford", "First Aid", "2024-06-10"),
        CourseHeld("Dale Whitford", "PHSM"),
        CourseHeld("Ana Lopez", "WHMIS", "2026-01-15"),
    )


def test_a_pdf_transcript_names_its_participant_and_each_course_with_its_date() -> None:
    assert courses_held(PDF_TRANSCRIPT) == (
        CourseHeld("Priya Sandhu", "Principles of Health and Safety Management", "2024-03-08"),
        CourseHeld("Priya Sandhu", "Leadership for Safety Excellence", "2024-09-24"),
    )


def test_a_certificate_gives_its_holder_course_issue_and_expiry() -> None:
    assert courses_held(PDF_CERTIFICATE) == (
        CourseHeld("Jordan Reimer", "Standard First Aid", "2025-02-08", "2028-02-08"),
    )


def test_a_word_training_record_gives_its_course_to_each_trainee_who_passed() -> None:
    assert courses_held(WORD_RECORD) == (CourseHeld("Evan Chu", "Fall Protection", "2026-02-24"),)


def test_a_pdf_training_record_reads_names_before_the_result() -> None:
    assert [held.person for held in courses_held(PDF_RECORD)] == ["Evan Chu", "Kelsey Wong"]


def test_a_table_of_people_and_courses_keeps_each_row_and_expiry() -> None:
    assert courses_held(WORD_COURSE_LIST) == (
        CourseHeld("Linda Halvorsen", "CSTS-2020", "2025-05-14"),
        CourseHeld("Ryan Tsai", "Standard First Aid", "2025-04-26", "2028-04-26"),
    )


def test_prose_about_training_is_not_a_table() -> None:
    text = "Training and certificates are tracked in the training matrix.\nCourse 2026/01/01"
    assert courses_held(text) == ()


PDF_MATRIX = """Training Matrix
Worker H2S WHMIS SFA PHSM
Dale Whitford 2025/03/02 - Jun 10 2024 Yes
Ana Lopez - 2026-01-15 - -
Ground Dist. and Fall Protection are tracked elsewhere."""


def test_a_pdf_matrix_with_one_word_courses_is_read_cell_by_cell() -> None:
    assert courses_held(PDF_MATRIX) == (
        CourseHeld("Dale Whitford", "H2S", "2025-03-02"),
        CourseHeld("Dale Whitford", "SFA", "2024-06-10"),
        CourseHeld("Dale Whitford", "PHSM"),
        CourseHeld("Ana Lopez", "WHMIS", "2026-01-15"),
    )


def test_a_pdf_matrix_of_course_names_that_may_be_several_words_is_left_out() -> None:
    text = "Worker First Aid WHMIS\nDale Whitford 2025/03/02 - 2024/06/10"
    assert courses_held(text) == ()


def test_a_pdf_matrix_row_whose_cells_do_not_line_up_is_left_out() -> None:
    text = "Worker SFA WHMIS\nDale Whitford 2025/03/02 - 2024/06/10"
    assert courses_held(text) == ()
