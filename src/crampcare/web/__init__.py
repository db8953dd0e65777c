"""Server-rendered web pages (Jinja2; htmx only enhances, every flow works without JavaScript)."""

from __future__ import annotations

from fastapi import FastAPI

from crampcare.web.render import STATIC_DIR, render_error
from crampcare.web.static_files import static_app


def install(app: FastAPI) -> None:
    """Mount the static files and page routers, and let the error handlers render HTML pages."""
    from crampcare.web import (
        auth_pages,
        diary_pages,
        episode_edit,
        experiment_pages,
        knowledge_pages,
        offline,
        pages,
        settings_pages,
    )

    app.mount("/static", static_app(STATIC_DIR), name="static")
    app.include_router(pages.router, include_in_schema=False)
    app.include_router(knowledge_pages.router, include_in_schema=False)
    app.include_router(offline.router, include_in_schema=False)
    app.include_router(settings_pages.router, include_in_schema=False)
    app.include_router(auth_pages.router, include_in_schema=False)
    app.include_router(diary_pages.router, include_in_schema=False)
    app.include_router(episode_edit.router, include_in_schema=False)
    app.include_router(experiment_pages.router, include_in_schema=False)
    app.state.html_error_renderer = render_error
