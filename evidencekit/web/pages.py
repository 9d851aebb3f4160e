"""The web front end's pages: each parses its request, makes one ``folder_access`` call on
the folder's thread, and renders a template (forms post back and are redirected)."""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse
from starlette.routing import Route

from evidencekit.errors import EvidenceKitError
from evidencekit.models import DOCUMENT_TYPES, Severity
from evidencekit.report.tracker import tracker_csv, tracker_xlsx
from evidencekit.web import folder_access
from evidencekit.web.folder_session import FolderSession, answered_from_previous
from evidencekit.web.rendering import audit_date_of, posted_form, render, settings_of

SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(Severity)}
#: Findings the dashboard lists first (the rest are in the tracker).
FIRST_FINDINGS = 10
SEARCH_PER_PAGE = 10
#: Documents shown per requirement on the evidence map before "show all".
LINKS_SHOWN = 100
#: How long one stream of change events lasts before the browser reconnects.
EVENT_STREAM_SECONDS = 300
#: How the mapper names a link made by a search of the index.
SEARCH_RULE = "search "


def routes() -> list[Route]:
    return [
        Route("/", client_list),
        Route("/clients", add_client, methods=["POST"]),
        Route("/clients/{folder}/remove", remove_client, methods=["POST"]),
        Route("/style.css", stylesheet),
        Route("/live.js", live_script),
        Route("/folders/{folder}", dashboard),
        Route("/folders/{folder}/scan", scan, methods=["POST"]),
        Route("/folders/{folder}/events", changes),
        Route("/folders/{folder}/map", evidence_map),
        Route("/folders/{folder}/map/decide", decide_link, methods=["POST"]),
        Route("/folders/{folder}/documents", documents),
        Route("/folders/{folder}/documents/{document:int}", document),
        Route("/folders/{folder}/documents/{document:int}/original", original_file),
        Route(
            "/folders/{folder}/documents/{document:int}/reading", correct_reading, methods=["POST"]
        ),
        Route("/folders/{folder}/search", search),
        Route("/folders/{folder}/profile", profile),
        Route("/folders/{folder}/profile/accept", accept_profile_suggestion, methods=["POST"]),
        Route("/folders/{folder}/profile/set", set_profile_value, methods=["POST"]),
        Route("/folders/{folder}/tracker", tracker),
        Route("/folders/{folder}/tracker/save", save_tracker_row, methods=["POST"]),
        Route("/folders/{folder}/tracker.{kind:str}", tracker_download),
    ]


async def stylesheet(request: Request) -> Response:
    response = render(request, "web.css.j2", {})
    response.headers["content-type"] = "text/css; charset=utf-8"
    return response


async def live_script(request: Request) -> Response:
    script = resources.files("evidencekit.web").joinpath("static/live.js").read_bytes()
    return Response(script, media_type="text/javascript; charset=utf-8")


async def changes(request: Request) -> Response:
    """Server-sent events: ``changed`` each time the folder's state changes, whoever
    changed it, and, for a page answered while its result was being worked out again
    (``?updating=1``), when that is done. The stream ends after a while; the browser
    opens it again by itself."""
    session = folder_session(request)
    stopping = settings_of(request).stopping
    page_updating = request.query_params.get("updating") == "1"

    async def events() -> AsyncIterator[str]:
        seen = session.state_signature()
        yield "retry: 2000\n\n"
        for tick in range(EVENT_STREAM_SECONDS):
            if page_updating and not session.updating:
                yield "event: changed\ndata: {}\n\n"
                return
            await asyncio.sleep(1)
            if stopping.is_set() or await request.is_disconnected():
                return
            now = session.state_signature()
            if now != seen:
                seen = now
                yield "event: changed\ndata: {}\n\n"
            elif tick % 15 == 14:
                yield ": still here\n\n"  # keeps proxies from closing a quiet stream

    return StreamingResponse(events(), media_type="text/event-stream")


async def client_list(request: Request) -> Response:
    settings = settings_of(request)
    today = settings.today()
    summaries = []
    for client in settings.clients.folders():
        try:
            summary = await settings.session(client.id).run(
                lambda s: folder_access.client_summary(s, today)
            )
        except EvidenceKitError as error:
            # One folder that cannot be opened must not hide the others.
            summary = folder_access.unavailable(client, str(error))
        summaries.append(summary)
    return render(request, "clients.html.j2", {"summaries": summaries, "today": today})


async def add_client(request: Request) -> Response:
    form = await posted_form(request)
    settings_of(request).clients.add(Path(form.get("path", "").strip()))
    return RedirectResponse("/", status_code=303)


async def remove_client(request: Request) -> Response:
    settings_of(request).clients.remove(request.path_params["folder"])
    return RedirectResponse("/", status_code=303)


async def scan(request: Request) -> Response:
    jobs = settings_of(request).jobs
    await folder_session(request).run(lambda s: folder_access.scan(s, jobs))
    return RedirectResponse(f"/folders/{request.path_params['folder']}", status_code=303)


async def dashboard(request: Request) -> Response:
    when = audit_date_of(request)
    session = folder_session(request)
    assessment = await session.run(lambda s: s.assessment(when))
    readiness = assessment.readiness
    findings = sorted(readiness.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 99))
    return folder_page(
        request,
        "dashboard.html.j2",
        assessment=assessment,
        readiness=readiness,
        first_findings=findings[:FIRST_FINDINGS],
        severities=Counter(str(finding.severity) for finding in readiness.findings),
    )


async def evidence_map(request: Request) -> Response:
    when = audit_date_of(request)
    session = folder_session(request)
    # One run: a page right after a change waits once for what is being worked out again.
    assessment, ids = await session.run(lambda s: (s.assessment(when), s.file_ids()))
    readiness = assessment.readiness
    # One element a page: a large folder links thousands of documents in all.
    elements = [element.element for element in readiness.elements]
    chosen = request.query_params.get("element") or (elements[0].id if elements else "")
    if elements and chosen not in {element.id for element in elements}:
        raise LookupError(f"{readiness.tool.id} has no element {chosen}")
    shown_all = request.query_params.get("all") == "1"
    return folder_page(
        request,
        "evidence_map.html.j2",
        readiness=readiness,
        elements=elements,
        element_id=chosen,
        requirements=[
            item
            for item in readiness.evidence_map.requirements
            if item.requirement.element_id == chosen
        ],
        links_shown=None if shown_all else LINKS_SHOWN,
        file_ids=ids,
    )


async def decide_link(request: Request) -> Response:
    when = audit_date_of(request)
    form = await posted_form(request)
    decision, document, requirement = (
        form.get(name, "") for name in ("decision", "document", "requirement")
    )
    await folder_session(request).run(
        lambda s: folder_access.decide_link(s, when, decision, document, requirement)
    )
    return RedirectResponse(
        f"/folders/{request.path_params['folder']}/map?{_map_query(request, form)}#{requirement}",
        status_code=303,
    )


async def documents(request: Request) -> Response:
    params = request.query_params
    page = int(params.get("page", "1")) if params.get("page", "1").isdigit() else 1
    status, doc_type, text = params.get("status"), params.get("type"), params.get("q")
    listing = await folder_session(request).run(
        lambda s: folder_access.document_page(s, page, status, doc_type, text)
    )
    filters = {key: value for key, value in (("status", status), ("type", doc_type), ("q", text))}
    return folder_page(
        request,
        "documents.html.j2",
        listing=listing,
        filters={key: value for key, value in filters.items() if value},
        page_query=lambda number: (
            "?" + urlencode({**{k: v for k, v in filters.items() if v}, "page": number})
        ),
    )


async def document(request: Request) -> Response:
    when = audit_date_of(request)
    file_id = request.path_params["document"]
    detail = await folder_session(request).run(
        lambda s: folder_access.document_detail(s, file_id, when)
    )
    words = sorted({word for link in detail.links for word in _words_of(link.rule)})
    return folder_page(
        request, "document.html.j2", detail=detail, words=words, doc_types=DOCUMENT_TYPES
    )


async def correct_reading(request: Request) -> Response:
    file_id = request.path_params["document"]
    form = await posted_form(request)
    await folder_session(request).run(
        lambda s: folder_access.correct_reading(
            s, file_id, form.get("type", ""), form.get("date", ""), "reset" in form
        )
    )
    return RedirectResponse(
        f"/folders/{request.path_params['folder']}/documents/{file_id}", status_code=303
    )


async def original_file(request: Request) -> Response:
    file_id = request.path_params["document"]
    path = await folder_session(request).run(
        lambda s: folder_access.original_file(s.workspace, file_id)
    )
    # Always a download, never rendered here: an HTML file in the evidence must not run
    # as a page of this server; the sandbox says so again to a browser that renders it.
    response = FileResponse(path, filename=path.name, content_disposition_type="attachment")
    response.headers["content-security-policy"] = "sandbox; default-src 'none'"
    return response


async def search(request: Request) -> Response:
    query = request.query_params.get("q", "").strip()
    given = request.query_params.get("page", "1")
    page = int(given) if given.isdigit() and int(given) > 0 else 1
    hits = []
    if query:
        # Snippets cost most of a search: only the hits up to this page's are asked for.
        limit = page * SEARCH_PER_PAGE + 1
        hits = await folder_session(request).run(lambda s: folder_access.search(s, query, limit))
    shown = hits[(page - 1) * SEARCH_PER_PAGE : page * SEARCH_PER_PAGE]
    return folder_page(
        request,
        "search.html.j2",
        query=query,
        hits=shown,
        page=page,
        first_rank=(page - 1) * SEARCH_PER_PAGE + 1,
        more=len(hits) > page * SEARCH_PER_PAGE,
        page_query=lambda number: "?" + urlencode({"q": query, "page": number}),
    )


async def profile(request: Request) -> Response:
    view = await folder_session(request).run(folder_access.profile_view)
    said = request.query_params.get("said", "")
    return folder_page(request, "profile.html.j2", view=view, said=said)


async def accept_profile_suggestion(request: Request) -> Response:
    form = await posted_form(request)
    fields = [form.get("field", "")]
    taken = await folder_session(request).run(
        lambda s: folder_access.accept_profile_suggestions(s, fields)
    )
    said = (
        "Accepted " + ", ".join(f"{name} ({count})" for name, count in taken.items())
        if taken
        else "Nothing to accept: the profile already says what the evidence says."
    )
    return _back_to_profile(request, said)


async def set_profile_value(request: Request) -> Response:
    form = await posted_form(request)
    key, value = form.get("key", "").strip(), form.get("value", "")
    await folder_session(request).run(lambda s: folder_access.set_profile_value(s, key, value))
    return _back_to_profile(request, f"Saved {key}.")


def _back_to_profile(request: Request, said: str) -> Response:
    query = urlencode({"said": said})
    return RedirectResponse(
        f"/folders/{request.path_params['folder']}/profile?{query}", status_code=303
    )


async def tracker(request: Request) -> Response:
    when = audit_date_of(request)
    rows = await folder_session(request).run(lambda s: folder_access.tracker(s, when))
    saved = request.query_params.get("saved")
    return folder_page(request, "tracker.html.j2", rows=rows, saved=saved)


async def save_tracker_row(request: Request) -> Response:
    when = audit_date_of(request)
    form = await posted_form(request)
    finding_id = form.get("finding_id", "")
    values = {name: form.get(name, "") for name in ("owner", "due", "status", "note")}
    await folder_session(request).run(
        lambda s: folder_access.save_tracker_row(s, when, finding_id, values)
    )
    query = urlencode({"saved": finding_id})
    return RedirectResponse(
        f"/folders/{request.path_params['folder']}/tracker?{query}", status_code=303
    )


async def tracker_download(request: Request) -> Response:
    kind = request.path_params["kind"]
    if kind not in ("csv", "xlsx"):
        raise LookupError(f"no tracker download as {kind}")
    when = audit_date_of(request)
    rows = await folder_session(request).run(lambda s: folder_access.tracker(s, when))
    name = f"tracker-{request.path_params['folder']}.{kind}"
    disposition = {"content-disposition": f'attachment; filename="{name}"'}
    if kind == "csv":
        # With a byte order mark, Excel opens the file as UTF-8 rather than guessing.
        body = tracker_csv(rows).encode("utf-8-sig")
        return Response(body, media_type="text/csv; charset=utf-8", headers=disposition)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(tracker_xlsx(rows), media_type=xlsx, headers=disposition)


def folder_session(request: Request) -> FolderSession:
    return settings_of(request).session(request.path_params["folder"])


def folder_page(request: Request, template: str, **context: object) -> Response:
    session = folder_session(request)
    return render(
        request,
        template,
        {
            "client": session.client,
            "folder_url": f"/folders/{session.client.id}",
            "profile_url": f"/folders/{session.client.id}/profile",
            # Answered from what was worked out before the last change, for now.
            "updating": answered_from_previous(),
            "date_query": _date_query(request),
            **context,
        },
    )


def _date_query(request: Request) -> str:
    given = request.query_params.get("audit_date")
    return f"?{urlencode({'audit_date': given})}" if given else ""


def _map_query(request: Request, form: dict[str, str]) -> str:
    """Back to the evidence map's element (and date) the decision was made on."""
    query = {"element": form.get("element", "")}
    if request.query_params.get("audit_date"):
        query["audit_date"] = request.query_params["audit_date"]
    return urlencode(query)


def _words_of(rule: str) -> list[str]:
    """The words of the search that made a link (``search harness OR "fall arrest"``)."""
    if not rule.startswith(SEARCH_RULE):
        return []
    return [
        word
        for word in re.findall(r"\w{3,}", rule.removeprefix(SEARCH_RULE))
        if word.upper() not in ("AND", "OR", "NOT")
    ]
