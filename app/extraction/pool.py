"""A small pool of reusable extraction workers: time limits, crash recovery, and batches that never stop early."""

from __future__ import annotations

import atexit
import threading
import time
from collections.abc import Iterable, Iterator
from multiprocessing.connection import wait

from app.extraction.limits import DEFAULT_LIMITS, ExtractionFailed, ExtractionLimits, check_size
from app.extraction.types import ExtractedDocument
from app.extraction.worker import DocumentInput, Worker


class ExtractionPool:
    """Worker processes reused across documents; a worker that times out or crashes is replaced."""

    def __init__(self, workers: int = 2, limits: ExtractionLimits | None = None) -> None:
        self.size = max(1, workers)
        self.limits = limits or DEFAULT_LIMITS
        self._idle: list[Worker] = []
        self._lock = threading.Lock()

    def extract(self, document: DocumentInput, limits: ExtractionLimits | None = None) -> ExtractedDocument:
        """Extract one document in a worker (thread-safe; documents queue for the pool's workers)."""
        return next(self.map([document], limits))

    def map(
        self, documents: Iterable[DocumentInput], limits: ExtractionLimits | None = None
    ) -> Iterator[ExtractedDocument]:
        """Extract documents on up to `size` workers at once, yielding results in input order."""
        limits = limits or self.limits
        pending = iter(enumerate(documents))
        busy: dict[Worker, tuple[int, float]] = {}  # worker -> (document index, deadline)
        done: dict[int, ExtractedDocument] = {}
        next_index, exhausted = 0, False
        try:
            while not exhausted or busy:
                while not exhausted and len(busy) < self.size:
                    item = next(pending, None)
                    if item is None:
                        exhausted = True
                        break
                    index, document = item
                    refusal = _refusal(document, limits)
                    if refusal is not None:
                        done[index] = refusal
                        continue
                    worker = self._take()
                    if not worker.send(document, limits):
                        worker.stop(kill=True)
                        worker = Worker()
                        worker.send(document, limits)
                    busy[worker] = (index, time.monotonic() + limits.time_limit_s)
                if busy:
                    self._collect(busy, done, limits)
                while next_index in done:
                    yield done.pop(next_index)
                    next_index += 1
        finally:
            for worker in busy:
                worker.stop(kill=True)

    def _collect(
        self, busy: dict[Worker, tuple[int, float]], done: dict[int, ExtractedDocument], limits: ExtractionLimits
    ) -> None:
        """Wait for the first answer or deadline; record results and replace workers that died or overran."""
        soonest = min(deadline for _, deadline in busy.values())
        ready = wait([worker.connection for worker in busy], timeout=max(0.0, soonest - time.monotonic()))
        now = time.monotonic()
        for worker, (index, deadline) in list(busy.items()):
            if worker.connection in ready:
                reply = worker.receive()
                if reply is None:
                    done[index] = ExtractedDocument(status="error", kind="unknown", error=worker.death_reason(limits))
                    worker.stop(kill=True)
                else:
                    done[index], fit = reply
                    self._give_back(worker) if fit else worker.stop(kill=True)
            elif now >= deadline:
                done[index] = ExtractedDocument(
                    status="error", kind="unknown", error=f"exceeded time limit of {limits.time_limit_s:g} s"
                )
                worker.stop(kill=True)
            else:
                continue
            del busy[worker]

    def _take(self) -> Worker:
        """An idle worker, or a new one."""
        with self._lock:
            if self._idle:
                return self._idle.pop()
        return Worker()

    def _give_back(self, worker: Worker) -> None:
        """Keep a healthy worker for the next document, up to the pool's size."""
        with self._lock:
            if len(self._idle) < self.size:
                self._idle.append(worker)
                return
        worker.stop()

    def close(self) -> None:
        """Stop every idle worker."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.stop()

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _refusal(document: DocumentInput, limits: ExtractionLimits) -> ExtractedDocument | None:
    """An error result for input refused before any worker sees it (over the size cap)."""
    try:
        check_size(len(document.data), limits)
    except ExtractionFailed as failure:
        return ExtractedDocument(status="error", kind="unknown", error=str(failure))
    return None


_shared_pool: ExtractionPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> ExtractionPool:
    """The process-wide pool behind extract_safely (started on first use, stopped at exit)."""
    global _shared_pool
    with _shared_lock:
        if _shared_pool is None:
            _shared_pool = ExtractionPool(workers=2)
            atexit.register(_shared_pool.close)
        return _shared_pool


def extract_safely(
    data: bytes,
    *,
    content_type: str | None = None,
    source_name: str | None = None,
    limits: ExtractionLimits | None = None,
) -> ExtractedDocument:
    """extract() in a reusable worker process under size, time and memory limits; never raises for bad input."""
    return shared_pool().extract(DocumentInput(data, content_type, source_name), limits or DEFAULT_LIMITS)


def extract_batch(
    documents: Iterable[DocumentInput], *, limits: ExtractionLimits | None = None, workers: int = 2
) -> Iterator[ExtractedDocument]:
    """Extract many documents on a small pool, in input order; one bad document never stops the batch."""
    with ExtractionPool(workers=workers, limits=limits) as pool:
        yield from pool.map(documents)
