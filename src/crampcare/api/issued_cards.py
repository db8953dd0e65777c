"""The cards CDS calls hand out, stored by a writer thread just after the call answers.

Feedback names a card by its uuid alone; the stored row gives its kind, so a clinic can count overrides per
kind. A call used to answer only after its INSERT: at 10 concurrent clients on this 2-core machine the INSERT
(a fraction of a millisecond alone) waited for a PostgreSQL backend to get a core, and patient-view's 99th
percentile was 48-90 ms against 7 ms without it (issue 14; storing the waiting calls together in one INSERT
brought it only to 44-50 ms). The row is bookkeeping, not part of the advice, so a call now hands its cards to
this process's writer and answers; the writer stores whatever has queued in one INSERT, milliseconds later.

What this gives up, and how it is bounded:
- feedback that reaches this process first waits for the writer (`flush`), so it finds this process's cards;
  feedback reaching another worker within those milliseconds counts under "unknown card" (kept, not dropped,
  as for any card the database never issued);
- a write that fails is logged with its cards' uuids (each call's cards are then tried alone, so one bad call
  does not lose the others'); the call has answered already, so feedback on those cards counts as "unknown card";
- the server's shutdown waits for the queue (`flush_all`, for at most SHUTDOWN_WAIT_SECONDS), and a full queue
  (a database that stalls) makes calls wait for room rather than grow the memory without bound.
"""

from __future__ import annotations

import logging
import queue
import threading

from crampcare.errors import StorageError
from crampcare.fhir.feedback import record_issued, record_issued_together

Cards = list[tuple[str, str]]
Call = tuple[str, Cards]  # (service, cards)
MAX_WAITING_CALLS = 10_000
CALLS_PER_WRITE = 256  # a write's Python work holds the interpreter lock while the server answers: keep it short
IDLE_SECONDS = 30.0  # a writer with nothing to do ends (a test run opens many databases); the next call starts one
SHUTDOWN_WAIT_SECONDS = 10.0

log = logging.getLogger("crampcare.cds")


class _Writer:
    """One process's writer for one database: a thread that stores what has queued, one INSERT at a time."""

    def __init__(self, db_url: str | None) -> None:
        self.db_url = db_url
        self.queue: queue.Queue[Call] = queue.Queue(maxsize=MAX_WAITING_CALLS)
        threading.Thread(target=self._run, name="crampcare-cds-cards", daemon=True).start()

    def flush(self, timeout: float | None) -> bool:
        done = self.queue.all_tasks_done
        with done:
            return done.wait_for(lambda: self.queue.unfinished_tasks == 0, timeout)

    def _run(self) -> None:
        while True:
            try:
                batch = [self.queue.get(timeout=IDLE_SECONDS)]
            except queue.Empty:
                with _lock:  # calls queue under this lock, so none can arrive between the check and the end
                    if self.queue.empty():
                        del _writers[self.db_url]
                        return
                continue
            while len(batch) < CALLS_PER_WRITE:
                try:
                    batch.append(self.queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._write(batch)
            except Exception:  # an unforeseen failure: the thread must live on for the next calls
                log.exception("cards of %d calls not stored", len(batch))
            finally:
                for _ in batch:
                    self.queue.task_done()

    def _write(self, batch: list[Call]) -> None:
        try:
            record_issued_together(self.db_url, batch)
            return
        except StorageError as exc:
            if len(batch) == 1:
                _failed(batch[0], exc)
                return
        for call in batch:  # one call's bad card must not lose the others'
            try:
                record_issued(self.db_url, *call)
            except StorageError as exc:
                _failed(call, exc)


def _failed(call: Call, error: Exception) -> None:
    service, cards = call
    log.error("cards of %s not stored (%s): %s", service, error, ", ".join(uuid for uuid, _ in cards))


_writers: dict[str | None, _Writer] = {}
_lock = threading.Lock()


def submit(db_url: str | None, service: str, cards: Cards) -> None:
    """Queue one call's cards, each (uuid, kind), for this process's writer; returns at once (unless it is full)."""
    if not cards:
        return
    call = (service, list(cards))
    with _lock:
        writer = _writers.get(db_url)
        if writer is None:
            writer = _writers[db_url] = _Writer(db_url)
        try:
            writer.queue.put_nowait(call)
            return
        except queue.Full:
            pass
    writer.queue.put(call)  # the database stalls: wait for room (the writer lives on while its queue is not empty)


def flush(db_url: str | None, timeout: float | None = None) -> bool:
    """Wait until every call queued for this database before is stored (or its failure logged); False if
    `timeout` ran out first."""
    with _lock:
        writer = _writers.get(db_url)
    return writer is None or writer.flush(timeout)


def flush_all(timeout: float = SHUTDOWN_WAIT_SECONDS) -> None:
    """At a server's shutdown: every writer's queue stored, but a database that does not answer cannot hold the
    process for longer than `timeout` (what is left is logged)."""
    with _lock:
        writers = list(_writers.values())
    for writer in writers:
        if not writer.flush(timeout):
            log.error("cards of %d calls not stored: the database did not answer", writer.queue.unfinished_tasks)
