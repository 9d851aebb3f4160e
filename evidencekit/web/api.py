"""The JSON API (documented in ``docs/web.md``): the folders, a folder's readiness exactly
as ``check --format json`` gives it, its documents a page at a time, and link decisions."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from evidencekit.errors import UsageError
from evidencekit.models import DocumentRecord
from evidencekit.web import folder_access
from evidencekit.web.folder_session import FolderSession
from evidencekit.web.rendering import audit_date_of, settings_of

#: The most documents one page of ``/documents`` returns.
MAX_PER_PAGE = 500


def routes() -> list[Route]:
    return [
        Route("/api/folders", folders),
        Route("/api/folders/{folder}/readiness", readiness),
        Route("/api/folders/{folder}/documents", documents),
        Route("/api/folders/{folder}/links", decide_link, methods=["POST"]),
    ]


async def folders(request: Request) -> Response:
    listed = settings_of(request).clients.folders()
    return JSONResponse(
        [{"id": client.id, "name": client.name, "path": str(client.path)} for client in listed]
    )


async def readiness(request: Request) -> Response:
    when = audit_date_of(request)
    text = await _session(request).run(lambda s: folder_access.readiness_json(s, when), exact=True)
    return Response(text, media_type="application/json")


async def documents(request: Request) -> Response:
    page = _positive(request, "page", 1)
    per_page = min(_positive(request, "per_page", folder_access.DOCUMENTS_PER_PAGE), MAX_PER_PAGE)
    params = request.query_params
    listing = await _session(request).run(
        lambda s: folder_access.document_page(
            s, page, params.get("status"), params.get("type"), params.get("q"), per_page
        ),
        exact=True,
    )
    return JSONResponse(
        {
            "page": listing.page,
            "pages": listing.pages,
            "total": listing.total,
            "documents": [_document(file_id, record) for file_id, record in listing.documents],
        }
    )


async def decide_link(request: Request) -> Response:
    when = audit_date_of(request)
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise UsageError("the body must be JSON") from None
    if not isinstance(body, dict) or not all(
        isinstance(body.get(key), str) for key in ("document", "requirement", "decision")
    ):
        raise UsageError('send {"document": PATH, "requirement": ID, "decision": DECISION}')
    done = await _session(request).run(
        lambda s: folder_access.decide_link(
            s, when, body["decision"], body["document"], body["requirement"]
        )
    )
    return JSONResponse({"done": done})


def _session(request: Request) -> FolderSession:
    return settings_of(request).session(request.path_params["folder"])


def _positive(request: Request, name: str, default: int) -> int:
    given = request.query_params.get(name)
    if given is None:
        return default
    if not given.isdigit() or int(given) < 1:
        raise UsageError(f"{name} must be a whole number from 1")
    return int(given)


def _document(file_id: int, record: DocumentRecord) -> dict:
    return {
        "id": file_id,
        "path": record.path,
        "status": str(record.status),
        "reason": record.reason,
        "type": record.doc_type,
        "date": record.date,
        "date_source": record.date_source,
        "title": record.title,
        "pages": record.pages,
        "size": record.size,
        "modified": record.modified.isoformat(),
    }
