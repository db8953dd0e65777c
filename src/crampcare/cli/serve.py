"""`crampcare serve`: the web app and REST API."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import typer

from crampcare.cli.help_i18n import TranslatedCommand
from crampcare.i18n import N_, _, ngettext

if TYPE_CHECKING:
    import uvicorn

    from crampcare.api.settings import Settings


def register(app: typer.Typer) -> None:
    """Add the serve command to the main app."""
    app.command(
        cls=TranslatedCommand,
        help=N_(
            "Serve the web app and the REST API (/api/v1, docs at /docs).\n"
            "\n"
            "On 127.0.0.1 (the default) there is no sign-in: one local user, and only the\n"
            "Host names 127.0.0.1, localhost and [::1] are answered. On any other host\n"
            '(also "", 0.0.0.0, ::) crampcare runs in server mode (accounts, secure\n'
            "cookies), needs CRAMPCARE_SECRET_KEY set to a random string of at least 32\n"
            "characters, and answers only its --allowed-host names (or the --host name).\n"
            "\n"
            "Example: crampcare serve --port 8000"
        ),
    )(serve)


def serve(
    host: str = typer.Option(
        "127.0.0.1", "--host", help=N_("Address to bind; anything but loopback turns on accounts.")
    ),
    port: int = typer.Option(8000, "--port", min=1, max=65535, help=N_("TCP port.")),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help=N_("Worker processes (one socket each).")),
    db: str | None = typer.Option(None, "--db", help=N_("Diary database URL (default: SQLite in the user data dir).")),
    server_mode: bool = typer.Option(
        False, "--server-mode", help=N_("Accounts and sign-in even on 127.0.0.1 (behind a proxy on this machine).")
    ),
    trusted_proxy: list[str] = typer.Option(
        [], "--trusted-proxy", help=N_("Proxy address whose X-Forwarded-For is believed (repeatable).")
    ),
    allowed_host: list[str] = typer.Option(
        [],
        "--allowed-host",
        help=N_("A host name clients use to reach a server (repeatable; CRAMPCARE_ALLOWED_HOSTS)."),
    ),
) -> None:
    import os

    from crampcare.api.settings import (
        ALLOWED_HOSTS_ENV,
        DATABASE_ENV,
        HOST_ENV,
        PROXIES_ENV,
        SECRET_ENV,
        SERVER_MODE_ENV,
        Settings,
        is_loopback,
        local_secret,
    )
    from crampcare.api.workers import bind, run

    # Workers are separate processes that rebuild the app from the environment: pass every setting through it.
    os.environ[HOST_ENV] = host
    if db is not None:  # an empty --db is refused by _open_database, not replaced by the default diary
        os.environ[DATABASE_ENV] = db
    if allowed_host:
        os.environ[ALLOWED_HOSTS_ENV] = ",".join(allowed_host)
    if trusted_proxy:
        os.environ[PROXIES_ENV] = ",".join(trusted_proxy)
    if server_mode:
        os.environ[SERVER_MODE_ENV] = "1"
    if is_loopback(host) and os.environ.get(SERVER_MODE_ENV) != "1" and not os.environ.get(SECRET_ENV):
        os.environ[SECRET_ENV] = local_secret()  # shared by all local workers, and kept across restarts
    settings = Settings.from_env(host=host, database_url=db)  # refuses an unsafe server mode before binding
    _open_database(settings.database_url)
    _check_knowledge()
    config = uvicorn_config(settings, port, workers)
    sockets = bind(config)  # before saying "serving on": a port in use is one line naming --port
    if not settings.server_mode:
        refuse_reachable(sockets)
    shown, bound = where(settings, host, sockets)
    typer.echo(
        _("crampcare: serving on %(url)s (%(bound)s%(mode)s, %(workers)s); API docs at %(docs)s")
        % {
            "url": f"http://{shown}:{port}/",
            "bound": bound,
            "mode": _("server mode") if settings.server_mode else _("local mode"),
            "workers": ngettext("%(num)s worker", "%(num)s workers", workers) % {"num": workers},
            "docs": f"http://{shown}:{port}/docs",
        }
    )
    run(config, sockets)


def where(settings: Settings, host: str, sockets: list[socket.socket]) -> tuple[str, str]:
    """The host to show in the address clients use, and what the sockets are bound to when that is every
    interface: `--host ""` used to print the unusable "http://:8000/"."""
    from crampcare.api.settings import is_wildcard

    if not is_wildcard(host):
        return (f"[{host}]" if ":" in host else host), ""
    names = sorted(settings.accepted_hosts)
    name = names[0] if names else "127.0.0.1"
    addresses = sorted({_socket_text(sock) for sock in sockets})
    return (f"[{name}]" if ":" in name else name), _("every interface: %(addresses)s; ") % {
        "addresses": ", ".join(addresses)
    }


def _socket_text(sock: socket.socket) -> str:
    address, port = sock.getsockname()[:2]
    return f"[{address}]:{port}" if ":" in str(address) else f"{address}:{port}"


def uvicorn_config(settings: Settings, port: int, workers: int) -> uvicorn.Config:
    """uvicorn's settings. X-Forwarded-For / -Proto are read only from the configured proxies: from anyone else
    they would let a client pick the address the sign-in limit counts against."""
    import uvicorn

    proxies = list(settings.trusted_proxies)
    return uvicorn.Config(
        "crampcare.api.app:app_from_env",
        factory=True,
        host=settings.host,
        port=port,
        workers=workers,
        log_level="warning",
        access_log=False,
        proxy_headers=bool(proxies),
        forwarded_allow_ips=proxies or None,
        # A worker loads the knowledge base and the drug dictionary before it answers (api.app.warm_up): a few
        # seconds on a slow machine, more than uvicorn's 5 s default allows a replacement on SIGHUP.
        timeout_worker_healthcheck=30,
    )


def refuse_reachable(sockets: list[socket.socket]) -> None:
    """Local mode has no sign-in: refuse (closing them) sockets that other machines could reach.

    The mode follows from the --host text; this checks what was actually bound, so that no spelling of
    "every interface" can ever serve a diary without sign-in.
    """
    import ipaddress

    from crampcare.errors import InputError

    for sock in sockets:
        address = str(sock.getsockname()[0]).split("%")[0]
        if not ipaddress.ip_address(address).is_loopback:
            for each in sockets:
                each.close()
            raise InputError(
                _(
                    "local mode (no sign-in) may only listen on a loopback address, but the socket is bound to "
                    "%(address)s"
                )
                % {"address": address},
                field="--host",
                valid=_("127.0.0.1, ::1 or localhost; any other address needs server mode and CRAMPCARE_SECRET_KEY"),
            )


def _check_knowledge() -> None:
    """Load the knowledge base once here: a broken data file is one line, not a traceback in every worker."""
    from crampcare.knowledge.loader import knowledge

    knowledge()


def _open_database(url: str | None) -> None:
    """Create and migrate the database once, before workers race for it, so a bad URL fails here in one line."""
    from crampcare.diary.db import dispose_engines, engine_for

    engine_for(url)
    dispose_engines()  # do not hand open connections to forked workers
