"""How the web front end's views answer: pages rendered from autoescaped templates, errors
turned into answers a user can act on, and the request's folder and audit date read."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from urllib.parse import parse_qsl

from jinja2 import ChoiceLoader, Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from evidencekit.errors import EvidenceKitError, StateBusyError, UsageError
from evidencekit.figures import percent
from evidencekit.report.evidence_map import grouped_by_document
from evidencekit.web.security import CSRF_FIELD
from evidencekit.web.settings import WebSettings

# Audits happen in this century; outside it the date is a typo (as the CLI says too).
EARLIEST_AUDIT_DATE = date(2000, 1, 1)
LATEST_AUDIT_DATE = date(2099, 12, 31)
View = Callable[[Request], Awaitable[Response]]


def guarded(endpoint: View) -> View:
    """The view, with evidencekit's errors turned into the answers a user can act on."""

    async def view(request: Request) -> Response:
        wants_json = request.url.path.startswith("/api/")
        try:
            return await endpoint(request)
        except LookupError as error:
            return problem(request, 404, str(error).strip("'\""), wants_json)
        except StateBusyError as error:
            return problem(request, 409, str(error), wants_json)
        except (UsageError, EvidenceKitError) as error:
            return problem(request, 400, str(error), wants_json)

    return view


def problem(request: Request, status: int, message: str, as_json: bool) -> Response:
    if as_json:
        return JSONResponse({"error": message}, status_code=status)
    return render(request, "problem.html.j2", {"status": status, "message": message}, status)


def settings_of(request: Request) -> WebSettings:
    return request.app.state.settings


def audit_date_of(request: Request) -> date:
    """``?audit_date=YYYY-MM-DD``, or today; refused when it cannot be meant."""
    given = request.query_params.get("audit_date")
    if not given:
        return settings_of(request).today()
    try:
        when = date.fromisoformat(given)
    except ValueError:
        raise UsageError(f"audit_date {given!r} is not a date (YYYY-MM-DD)") from None
    if not EARLIEST_AUDIT_DATE <= when <= LATEST_AUDIT_DATE:
        raise UsageError(f"audit_date {when} is not a plausible date")
    return when


async def posted_form(request: Request) -> dict[str, str]:
    """The fields of a page's form (URL-encoded: the pages post nothing else)."""
    if request.headers.get("content-type", "").split(";")[0] != "application/x-www-form-urlencoded":
        raise UsageError("expected a form (application/x-www-form-urlencoded)")
    body = (await request.body()).decode("utf-8", "replace")
    return dict(parse_qsl(body, keep_blank_values=True))


def render(request: Request, template: str, context: dict, status_code: int = 200) -> HTMLResponse:
    environment: Environment = request.app.state.templates
    page = environment.get_template(template).render(
        request=request,
        csrf_field=CSRF_FIELD,
        csrf_token=request.scope.get("state", {}).get("csrf_token", ""),
        **context,
    )
    return HTMLResponse(page, status_code=status_code)


def template_environment() -> Environment:
    """The pages' templates, and the reports' (their shared stylesheet), autoescaped: every
    text from documents, file names and profiles is escaped unless a filter here made it."""
    environment = Environment(
        loader=ChoiceLoader(
            [PackageLoader("evidencekit.web", "templates"), PackageLoader("evidencekit.report")]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["by_document"] = grouped_by_document
    environment.filters["marked"] = marked_snippet
    environment.filters["highlighted"] = highlighted_words
    # The reports' one rounding (down): 79.96% never shows as a passing "80%".
    environment.filters["pct"] = lambda value: "-" if value is None else percent(value)
    environment.filters["scan_time"] = scan_time
    return environment


def scan_time(stamp: str | None) -> str:
    """A stored scan time (ISO 8601) to the minute, as a reader writes it."""
    if not stamp:
        return "never"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    zone = " UTC" if moment.utcoffset() == timedelta(0) else moment.strftime(" %z")
    return moment.strftime("%Y-%m-%d %H:%M") + zone


def marked_snippet(snippet: str) -> Markup:
    """A search snippet with its ``**matched**`` words marked; everything else escaped."""
    parts = snippet.split("**")
    return Markup("").join(
        Markup("<mark>{}</mark>").format(part) if index % 2 else escape(part)
        for index, part in enumerate(parts)
    )


def highlighted_words(text: str, words: list[str]) -> Markup:
    """``text`` escaped, with each of ``words`` (whole words, any case) marked."""
    if not words:
        return escape(text)
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)
    pieces = pattern.split(text)
    return Markup("").join(
        Markup("<mark>{}</mark>").format(piece) if index % 2 else escape(piece)
        for index, piece in enumerate(pieces)
    )
