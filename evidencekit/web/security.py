"""The web front end's security model: the access token, its cookie, the CSRF token and
the headers every response carries.

Every request needs the token: ``Authorization: Bearer TOKEN`` (the API's way), or the
cookie that opening the printed link (``?token=TOKEN``) sets. A request without it gets
401, one with a wrong token 403. A state-changing request that authenticates with the
cookie must also carry the CSRF token (a form field or the ``X-CSRF-Token`` header): a
cookie is sent by the browser whoever asks, a bearer header is not.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import URL
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_VARIABLE = "EVIDENCEKIT_TOKEN"
COOKIE_NAME = "evidencekit_token"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
FORM_TYPE = "application/x-www-form-urlencoded"
#: The pages' forms are a few fields; a larger body is not one of them.
MAX_FORM_BYTES = 64 * 1024
#: No script, style, font or frame from anywhere but this server; no inline script or
#: style; forms post only back here; no page of another site may frame these pages.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cache-control": "no-store",
}


@dataclass(frozen=True)
class AccessToken:
    """The server's secret and the CSRF token derived from it."""

    value: str

    @classmethod
    def generate(cls) -> AccessToken:
        return cls(secrets.token_urlsafe(24))

    def matches(self, offered: str | None) -> bool:
        return offered is not None and hmac.compare_digest(offered.encode(), self.value.encode())

    @property
    def csrf(self) -> str:
        """A second secret the pages embed in their forms; derived, so nothing is stored."""
        return hmac.new(self.value.encode(), b"csrf", hashlib.sha256).hexdigest()

    def csrf_matches(self, offered: str | None) -> bool:
        return offered is not None and hmac.compare_digest(offered.encode(), self.csrf.encode())


class TokenGate:
    """ASGI middleware: lets through only requests that carry the token (and, for a
    cookie's state-changing request, the CSRF token); adds the security headers to every
    response, refusals included. No view needs to check anything itself."""

    def __init__(self, app: ASGIApp, token: AccessToken) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                # A view may set a stricter header of its own (the original file's sandbox).
                given = {name.decode("latin-1").lower() for name, _ in headers}
                headers += [
                    (name.encode(), value.encode())
                    for name, value in SECURITY_HEADERS.items()
                    if name not in given
                ]
                message = {**message, "headers": headers}
            await send(message)

        request = Request(scope)
        refusal = self._refusal(request)
        if refusal is None and self._needs_csrf(request):
            receive, refusal = await self._csrf_checked(request, receive)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        scope.setdefault("state", {})["csrf_token"] = self.token.csrf
        await self.app(scope, receive, send_with_headers)

    def _refusal(self, request: Request) -> Response | None:
        link_token = request.query_params.get("token")
        if link_token is not None and request.method == "GET":
            return self._cookie_from_link(request, link_token)
        bearer = _bearer_token(request)
        if bearer is not None:
            return None if self.token.matches(bearer) else _forbidden()
        cookie = request.cookies.get(COOKIE_NAME)
        if cookie is None:
            return _unauthorised()
        return None if self.token.matches(cookie) else _forbidden()

    def _needs_csrf(self, request: Request) -> bool:
        return request.method not in SAFE_METHODS and _bearer_token(request) is None

    async def _csrf_checked(
        self, request: Request, receive: Receive
    ) -> tuple[Receive, Response | None]:
        """Check the CSRF header, or the form field of a posted form; the body read for
        that is handed on to the view unchanged."""
        if self.token.csrf_matches(request.headers.get(CSRF_HEADER)):
            return receive, None
        if request.headers.get("content-type", "").split(";")[0] != FORM_TYPE:
            return receive, _csrf_refusal()
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_FORM_BYTES:
                return receive, PlainTextResponse("A form this large is not expected.", 413)
            if not message.get("more_body"):
                break
        offered = dict(parse_qsl(body.decode("utf-8", "replace"))).get(CSRF_FIELD)
        if not self.token.csrf_matches(offered):
            return receive, _csrf_refusal()
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        return replay, None

    def _cookie_from_link(self, request: Request, offered: str) -> Response:
        if not self.token.matches(offered):
            return _forbidden()
        # The token leaves the address bar (and the history) at once; the cookie carries it.
        response = RedirectResponse(_without_token(request.url), status_code=303)
        response.set_cookie(
            COOKIE_NAME,
            self.token.value,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response


def _bearer_token(request: Request) -> str | None:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials else None


def _without_token(url: URL) -> str:
    query = [(key, value) for key, value in parse_qsl(url.query) if key != "token"]
    return url.path + (f"?{urlencode(query)}" if query else "")


def _unauthorised() -> Response:
    return PlainTextResponse(
        "Unauthorised: open the link `evidencekit serve` printed (it carries the token), "
        "or send Authorization: Bearer TOKEN.",
        401,
        headers={"www-authenticate": "Bearer"},
    )


def _forbidden() -> Response:
    return PlainTextResponse("Forbidden: the token is wrong.", 403)


def _csrf_refusal() -> Response:
    return PlainTextResponse(
        "Forbidden: a change made with the cookie needs the page's CSRF token "
        "(reload the page and try again).",
        403,
    )
