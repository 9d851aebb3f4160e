"""The pages of the company's year: the certificate plan, the program's training, the
Action Plan and the interview preparation, each the result of the use case its command
(``plan``, ``training``, ``actionplan``, ``prep``) shows, rendered to read and to print."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from evidencekit.errors import UsageError
from evidencekit.profile.model import ProfileError
from evidencekit.report.actionplan import rows_by_objective, summary_lines
from evidencekit.report.plan import plan_page_context
from evidencekit.report.prep import prep_page_context
from evidencekit.report.training import CELL_LABELS
from evidencekit.web import folder_access
from evidencekit.web.pages import folder_page, folder_session
from evidencekit.web.rendering import audit_date_of, settings_of

#: Years an Action Plan page may be asked for, around today's: further is a typo.
PLAN_YEARS_AROUND = 5
#: Course records listed on the training page before "show all": a shared drive's
#: training records can name thousands of courses.
COURSES_SHOWN = 100


def routes() -> list[Route]:
    return [
        Route("/folders/{folder}/plan", certificate_plan),
        Route("/folders/{folder}/training", training),
        Route("/folders/{folder}/action-plan", action_plan),
        Route("/folders/{folder}/prep", interview_prep),
    ]


async def certificate_plan(request: Request) -> Response:
    """The plan as of today; ``?audit_date=`` is the planned audit day (else the deadline)."""
    today = settings_of(request).today()
    planned = audit_date_of(request) if request.query_params.get("audit_date") else None
    if planned is not None and planned < today:
        raise UsageError(f"the planned audit day {planned} is before today ({today})")
    try:
        plan = await folder_session(request).run(
            lambda s: folder_access.certificate_plan(s, today, planned)
        )
    except (UsageError, ProfileError) as error:
        # Without a profile there is no certificate to plan: say what to fill in, and where.
        return folder_page(request, "needs_profile.html.j2", doing="Certificate plan", why=error)
    return folder_page(request, "certificate_plan.html.j2", **plan_page_context(plan))


async def training(request: Request) -> Response:
    when = audit_date_of(request)
    today = settings_of(request).today()
    result = await folder_session(request).run(lambda s: folder_access.training(s, when, today))
    ids = await folder_session(request).run(lambda s: s.file_ids())
    return folder_page(
        request,
        "training.html.j2",
        result=result,
        audit_date=when,
        document_link=_document_link(request, ids),
        shown=None if request.query_params.get("all") == "1" else COURSES_SHOWN,
        cell_labels=CELL_LABELS,
        all_query=_with_all(request),
    )


async def action_plan(request: Request) -> Response:
    today = settings_of(request).today()
    given = request.query_params.get("year", "")
    year = int(given) if given.isdigit() else today.year
    if abs(year - today.year) > PLAN_YEARS_AROUND:
        raise UsageError(f"no Action Plan for {year}: give a year near {today.year}")
    plan = await folder_session(request).run(lambda s: folder_access.action_plan(s, today, year))
    return folder_page(
        request,
        "action_plan.html.j2",
        plan=plan,
        today=today,
        summary=summary_lines(plan)[:2],
        objectives=rows_by_objective(plan),
    )


async def interview_prep(request: Request) -> Response:
    session = folder_session(request)
    try:
        prepared = await session.run(folder_access.interview_prep)
    except ProfileError as error:
        return folder_page(
            request, "needs_profile.html.j2", doing="Interview preparation", why=error
        )
    ids = await session.run(lambda s: s.file_ids())
    context = prep_page_context(prepared.preparation, _document_link(request, ids))
    return folder_page(request, "interview_prep.html.j2", notices=prepared.notices, **context)


def _with_all(request: Request) -> str:
    """This page's query asking for every row."""
    return "?" + urlencode({**request.query_params, "all": "1"})


def _document_link(request: Request, ids: dict[str, int]) -> Callable[[str], str]:
    """The document page of a catalogued path (the page's own address when it is not
    catalogued: a link never carries a path)."""
    base = f"/folders/{request.path_params['folder']}/documents"

    def link(path: str) -> str:
        file_id = ids.get(path)
        return f"{base}/{file_id}" if file_id is not None else "#"

    return link
