"""Several uvicorn worker processes, each accepting on its own listening socket (SO_REUSEPORT).

uvicorn's own multi-worker mode shares one listening socket. asyncio accepts
every pending connection in one go when it wakes, so when a client opens its
keep-alive connections at once (a browser, a proxy's pool, a load generator),
the first worker to wake takes all of them and the others idle: measured here,
one of two workers did 100 % of the work. With one SO_REUSEPORT socket per
worker, Linux spreads new connections over the workers by a hash of the
connection instead.

The supervisor is uvicorn's (`Multiprocess`: health checks, restarts, signals);
only the choice of socket per worker slot changes. A single worker gets one
ordinary socket. Either way the sockets are bound (`bind`) before `serve` says
it is serving, so a port in use is reported first.
"""

from __future__ import annotations

import errno
import socket
from typing import TYPE_CHECKING

from uvicorn import Server
from uvicorn.supervisors.multiprocess import Multiprocess, Process

from crampcare.errors import InputError
from crampcare.i18n import N_, _

if TYPE_CHECKING:
    from uvicorn import Config


def listening_socket(host: str, port: int, backlog: int, reuse_port: bool = True) -> socket.socket:
    """A TCP listening socket with TCP_NODELAY and, unless told otherwise, SO_REUSEPORT (several may share a port).

    TCP_NODELAY: uvicorn's sockets are created with protocol 0, so asyncio does not set it on accepted
    connections; Nagle's algorithm and delayed ACKs then hold every response back ~40 ms. Linux copies the
    option from the listening socket to the connections it accepts.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.listen(backlog)
    sock.set_inheritable(True)
    return sock


def worker_sockets(host: str, port: int, count: int, backlog: int) -> list[socket.socket]:
    """One listening socket per worker on the same address; closes those already made if one fails.

    The port must be free first: SO_REUSEPORT would otherwise let this server join another crampcare server
    already listening there (same user), and the kernel would split requests between the two, e.g. between
    two different diaries. A socket without SO_REUSEPORT cannot bind while anything listens on the port.
    """
    listening_socket(host, port, 1, reuse_port=False).close()
    if count == 1:
        return [listening_socket(host, port, backlog, reuse_port=False)]
    made: list[socket.socket] = []
    try:
        for _ in range(count):
            made.append(listening_socket(host, port, backlog))
    except OSError:
        for sock in made:
            sock.close()
        raise
    return made


class ReusePortWorkers(Multiprocess):
    """uvicorn's supervisor, but worker slot i always serves socket i (`sockets` has one per worker)."""

    def _new(self, slot: int) -> Process:
        process = Process(self.config, [self.sockets[slot]])
        process.start()
        return process

    def init_processes(self) -> None:
        self.processes = [self._new(slot) for slot in range(self.processes_num)]

    def keep_subprocess_alive(self) -> None:
        if self.should_exit.is_set():
            return
        for slot, process in enumerate(self.processes):
            if process.is_alive(timeout=self.config.timeout_worker_healthcheck):
                continue
            process.kill()
            process.join()
            if self._startup_failed(process) or self.should_exit.is_set():
                return
            self.processes[slot] = self._new(slot)

    def _startup_failed(self, process: Process) -> bool:
        # As uvicorn does: a worker that died before serving would fail the same way on every restart.
        from uvicorn.config import STARTUP_FAILURE

        if process.exitcode == STARTUP_FAILURE:
            self.should_exit.set()
            return True
        return False

    def restart_all(self) -> None:
        """On SIGHUP: as uvicorn does, bring each replacement into service before retiring the old worker."""
        for slot, old in enumerate(self.processes):
            if self.should_exit.is_set():
                return
            new = self._new(slot)  # the same socket: old and new both accept until the old one stops
            if not new.wait_until_ready(self.config.timeout_worker_healthcheck, self.should_exit):
                new.kill()
                new.join()
                return  # keep the old worker; uvicorn logs and aborts the restart the same way
            old.terminate()
            old.join()
            self.processes[slot] = new


# The system's own words for the usual reasons (as Linux says them), so that they can be said in Russian too.
SOCKET_ERRORS = {
    errno.EADDRINUSE: N_("Address already in use"),
    errno.EADDRNOTAVAIL: N_("Cannot assign requested address"),
    errno.EACCES: N_("Permission denied"),
}


def bind(config: Config) -> list[socket.socket]:
    """The listening sockets for `config` (one per worker), made before the server says it is serving.

    An address that cannot be bound is an InputError naming the option to change (--port when it is in use).
    """
    try:
        return worker_sockets(config.host, config.port, config.workers, config.backlog)
    except OSError as exc:
        in_use = exc.errno == errno.EADDRINUSE
        known = SOCKET_ERRORS.get(exc.errno or 0)
        raise InputError(
            _("cannot listen on %(address)s: %(reason)s")
            % {"address": f"{config.host}:{config.port}", "reason": _(known) if known else exc.strerror or exc},
            field="--port" if in_use else "--host",
            valid=_("a free port, e.g. 8001") if in_use else _("an address of this machine, e.g. 127.0.0.1"),
        ) from None


def run(config: Config, sockets: list[socket.socket]) -> None:
    """Serve `config` on `sockets` (from `bind`): one process, or one worker process per socket."""
    if len(sockets) == 1:
        Server(config).run(sockets=sockets)
    else:
        ReusePortWorkers(config, sockets=sockets).run()
