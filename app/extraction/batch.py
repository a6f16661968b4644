"""One run of documents through a pool: dispatch, per-document deadlines, retries after a worker dies."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait
from typing import TYPE_CHECKING

from app.extraction.limits import ExtractionFailed, ExtractionLimits, check_size
from app.extraction.types import ExtractedDocument
from app.extraction.worker import READY, STARTUP_TIMEOUT_S, DocumentInput, Worker

if TYPE_CHECKING:
    from app.extraction.pool import ExtractionPool

# A worker gets a second document while busy only if it is small enough to wait in the pipe's buffer
# (so sending never blocks the parent); this hides the round trip for small documents.
QUEUED_MAX_BYTES = 32 * 1024

Item = tuple[int, DocumentInput]


class BatchRun:
    """Feeds documents to workers and collects their results in input order."""

    def __init__(self, pool: ExtractionPool, documents: Iterable[DocumentInput], limits: ExtractionLimits, size: int):
        self.pool, self.limits, self.size = pool, limits, size
        self.source = iter(enumerate(documents))
        self.waiting: deque[Item] = deque()  # documents read ahead or handed back by a failed worker
        self.assigned: dict[Worker, deque[Item]] = {}  # the head of each queue is in progress
        self.deadlines: dict[Worker, float] = {}
        self.done: dict[int, ExtractedDocument] = {}

    def results(self) -> Iterator[ExtractedDocument]:
        """Results in input order, as soon as each is ready."""
        next_index = 0
        while True:
            self._dispatch()
            if not self.assigned:
                break
            self._collect()
            while next_index in self.done:
                yield self.done.pop(next_index)
                next_index += 1
        while next_index in self.done:
            yield self.done.pop(next_index)
            next_index += 1

    def abort(self) -> None:
        """Kill workers still busy (the caller stopped reading results)."""
        for worker in self.assigned:
            worker.stop(kill=True)
        self.assigned.clear()

    def _peek(self) -> Item | None:
        """The next document to send, refusing those over the size cap on the way."""
        while not self.waiting:
            item = next(self.source, None)
            if item is None:
                return None
            try:
                check_size(len(item[1].data), self.limits)
                self.waiting.append(item)
            except ExtractionFailed as failure:
                self.done[item[0]] = ExtractedDocument(status="error", kind="unknown", error=str(failure))
        return self.waiting[0]

    def _dispatch(self) -> None:
        """Give idle slots a document, and queue one small document behind each busy worker."""
        while len(self.assigned) < self.size and self._peek() is not None:
            self._send(self.pool.take(), self.waiting.popleft())
        for worker, queue in list(self.assigned.items()):
            item = self._peek()
            if item is None:
                return
            if len(queue) == 1 and len(item[1].data) <= QUEUED_MAX_BYTES and worker.send(item[1], self.limits):
                queue.append(self.waiting.popleft())  # a failed send means a dead worker: _collect will see it

    def _send(self, worker: Worker, item: Item) -> None:
        """Send one document to an idle worker (replacing it if found dead) and start its clock."""
        while not worker.send(item[1], self.limits):
            worker.stop(kill=True)
            worker = self.pool.take()
        self.assigned[worker] = deque([item])
        startup = 0.0 if worker.ready else STARTUP_TIMEOUT_S
        self.deadlines[worker] = time.monotonic() + startup + self.limits.time_limit_s

    def _collect(self) -> None:
        """Wait for the first message or deadline; record results and replace workers that died or overran."""
        soonest = min(self.deadlines.values())
        ready = wait([worker.connection for worker in self.assigned], timeout=max(0.0, soonest - time.monotonic()))
        for worker in list(self.assigned):
            now = time.monotonic()
            if worker.connection in ready:
                self._receive(worker, now)
            elif now >= self.deadlines[worker]:
                reason = f"exceeded time limit of {self.limits.time_limit_s:g} s"
                if not worker.ready:
                    reason = f"extraction worker did not start within {STARTUP_TIMEOUT_S:g} s"
                self._fail(worker, reason)

    def _receive(self, worker: Worker, now: float) -> None:
        """Handle one message from a worker: ready, a result, or its death."""
        reply = worker.receive()
        if reply == READY:  # the clock starts once the worker can work
            self.deadlines[worker] = now + self.limits.time_limit_s
        elif reply is None:
            self._fail(worker, worker.death_reason(self.limits))
        else:
            result, fit = reply
            queue = self.assigned[worker]
            self.done[queue.popleft()[0]] = result
            if not fit:
                self._fail(worker, None)
            elif queue:
                self.deadlines[worker] = now + self.limits.time_limit_s
            else:
                del self.assigned[worker], self.deadlines[worker]
                self.pool.give_back(worker)

    def _fail(self, worker: Worker, reason: str | None) -> None:
        """Kill a worker; its current document gets `reason`, documents queued behind it go back in line."""
        queue = self.assigned.pop(worker)
        del self.deadlines[worker]
        if reason is not None:
            self.done[queue.popleft()[0]] = ExtractedDocument(status="error", kind="unknown", error=reason)
        for item in reversed(queue):
            self.waiting.appendleft(item)
        worker.stop(kill=True)
