"""The web application: its routes behind the token gate.

``create_app`` builds the ASGI app a server runs (and the tests drive). The views in
``pages`` and ``api`` parse a request, make one call of ``folder_access`` on the folder's
thread, and render; ``security.TokenGate`` stands in front of all of them.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.routing import Route

from evidencekit.web import api, pages, program_pages
from evidencekit.web.rendering import guarded, template_environment
from evidencekit.web.security import TokenGate
from evidencekit.web.settings import WebSettings


def create_app(settings: WebSettings) -> Starlette:
    """The ASGI application over ``settings``' folders, every route behind the token."""
    routes = [
        Route(route.path, guarded(route.endpoint), methods=route.methods)
        for route in [*pages.routes(), *program_pages.routes(), *api.routes()]
    ]

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        settings.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.settings = settings
    app.state.templates = template_environment()
    app.add_middleware(TokenGate, token=settings.token)
    return app
