"""A small pool of reusable extraction workers: time limits, crash recovery, and batches that never stop early."""

from __future__ import annotations

import atexit
import threading
from collections.abc import Iterable, Iterator

from app.extraction.batch import BatchRun
from app.extraction.limits import DEFAULT_LIMITS, ExtractionLimits
from app.extraction.types import ExtractedDocument
from app.extraction.worker import DocumentInput, Worker


class ExtractionPool:
    """Worker processes reused across documents; a worker that times out or crashes is replaced."""

    def __init__(self, workers: int = 2, limits: ExtractionLimits | None = None) -> None:
        self.size = max(1, workers)
        self.limits = limits or DEFAULT_LIMITS
        self._idle: list[Worker] = []
        self._lock = threading.Lock()
        self._single_slots = threading.BoundedSemaphore(self.size)  # many threads, at most `size` workers

    def extract(self, document: DocumentInput, limits: ExtractionLimits | None = None) -> ExtractedDocument:
        """Extract one document in a worker (thread-safe: callers beyond the pool's size wait their turn)."""
        with self._single_slots:
            return next(self.map([document], limits, workers=1))

    def map(
        self, documents: Iterable[DocumentInput], limits: ExtractionLimits | None = None, *, workers: int | None = None
    ) -> Iterator[ExtractedDocument]:
        """Extract documents on up to `size` workers at once, yielding results in input order."""
        run = BatchRun(self, documents, limits or self.limits, workers or self.size)
        try:
            yield from run.results()
        finally:
            run.abort()

    def take(self) -> Worker:
        """An idle live worker, or a new one."""
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.process.poll() is None:
                    return worker
                worker.stop(kill=True)
        return Worker()

    def give_back(self, worker: Worker) -> None:
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
