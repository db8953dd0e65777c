"""`crampcare serve`: the web app and REST API."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """Add the serve command to the main app."""
    app.command()(serve)


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; anything but loopback turns on accounts."),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="TCP port."),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Worker processes (one socket each)."),
    db: str | None = typer.Option(None, "--db", help="Diary database URL (default: SQLite in the user data dir)."),
) -> None:
    """Serve the web app and the REST API (/api/v1, docs at /docs).

    On 127.0.0.1 (the default) there is no sign-in: one local user. On any other
    host crampcare runs in server mode (accounts, secure cookies) and needs
    CRAMPCARE_SECRET_KEY set to a random string of at least 32 characters.

    Example: crampcare serve --port 8000
    """
    import os

    import uvicorn

    from crampcare.api.settings import DATABASE_ENV, HOST_ENV, SECRET_ENV, Settings, is_loopback, local_secret
    from crampcare.api.workers import bind, run

    # Workers are separate processes that rebuild the app from the environment: pass every setting through it.
    os.environ[HOST_ENV] = host
    if db is not None:  # an empty --db is refused by _open_database, not replaced by the default diary
        os.environ[DATABASE_ENV] = db
    if is_loopback(host) and not os.environ.get(SECRET_ENV):
        os.environ[SECRET_ENV] = local_secret()  # shared by all local workers, and kept across restarts
    settings = Settings.from_env(host=host, database_url=db)  # refuses an unsafe server mode before binding
    _open_database(settings.database_url)
    _check_knowledge()
    config = uvicorn.Config(
        "crampcare.api.app:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        proxy_headers=settings.server_mode,
        # A worker loads the knowledge base and the drug dictionary before it answers (api.app.warm_up): a few
        # seconds on a slow machine, more than uvicorn's 5 s default allows a replacement on SIGHUP.
        timeout_worker_healthcheck=30,
    )
    sockets = bind(config)  # before saying "serving on": a port in use is one line naming --port
    shown = f"[{host}]" if ":" in host else host
    typer.echo(
        f"crampcare: serving on http://{shown}:{port}/ ({'server' if settings.server_mode else 'local'} mode, "
        f"{workers} worker{'s' if workers > 1 else ''}); API docs at http://{shown}:{port}/docs"
    )
    run(config, sockets)


def _check_knowledge() -> None:
    """Load the knowledge base once here: a broken data file is one line, not a traceback in every worker."""
    from crampcare.knowledge.loader import knowledge

    knowledge()


def _open_database(url: str | None) -> None:
    """Create and migrate the database once, before workers race for it, so a bad URL fails here in one line."""
    from crampcare.diary.db import dispose_engines, engine_for

    engine_for(url)
    dispose_engines()  # do not hand open connections to forked workers
