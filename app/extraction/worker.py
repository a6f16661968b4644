"""One extraction worker process: a memory ceiling (RLIMIT_AS) per document, killed from outside on time-out.

Workers are plain `python -c "...worker.main(...)"` processes talking over two pipes, so they start the same way
from a CLI, a web server's thread or a test, and never re-import the caller's main module.
"""

from __future__ import annotations

import logging
import os
import resource
import signal
import subprocess
import warnings
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Literal

from app.extraction.limits import MB, ExtractionLimits
from app.extraction.types import ExtractedDocument
from app.piped_process import start_piped_process


@dataclass(frozen=True)
class DocumentInput:
    """One document to extract: its bytes and what the fetcher knew about it."""

    data: bytes
    content_type: str | None = None
    source_name: str | None = None


STARTUP_TIMEOUT_S = 60.0
READY: Literal["ready"] = "ready"
Task = tuple[DocumentInput, ExtractionLimits]
Reply = tuple[ExtractedDocument, bool]  # the result, and whether the worker is still fit for more work


def handle(task: Task) -> Reply:
    """Extract one document under its memory limit (soft RLIMIT_AS, lifted again afterwards)."""
    from app.extraction.core import extract  # imported once, by main() before the worker says it is ready

    document, limits = task
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    ceiling = limits.memory_limit_mb * MB
    resource.setrlimit(resource.RLIMIT_AS, (ceiling if hard == resource.RLIM_INFINITY else min(ceiling, hard), hard))
    try:
        result = extract(
            document.data, content_type=document.content_type, source_name=document.source_name, limits=limits
        )
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
    fit = not (result.error or "").startswith("ran out of memory")
    if not fit:
        result.error = f"exceeded memory limit of {limits.memory_limit_mb} MB"
    return result, fit


def serve(tasks: Connection, replies: Connection) -> None:
    """The worker's loop: say it is ready, then take a task and answer it; stop on None or a closed pipe."""
    replies.send(READY)
    while True:
        try:
            task: Task | None = tasks.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        reply = handle(task)
        replies.send(reply)
        if not reply[1]:
            return


class Worker:
    """The parent's handle on one worker process and its two pipes."""

    def __init__(self) -> None:
        started = start_piped_process(__name__)
        self.process, self.tasks, self.connection = started.process, started.tasks, started.replies
        self.ready = False  # set when the worker says it has imported the extractors

    def send(self, document: DocumentInput, limits: ExtractionLimits) -> bool:
        """Hand the worker one document; False if it is already gone."""
        try:
            self.tasks.send((document, limits))
            return True
        except OSError:
            return False

    def receive(self) -> Reply | Literal["ready"] | None:
        """The worker's next message (an answer, or 'ready' once started), or None if it died."""
        try:
            message: Reply | Literal["ready"] = self.connection.recv()
        except (EOFError, OSError):
            return None
        if message == READY:
            self.ready = True
        return message

    def death_reason(self, limits: ExtractionLimits) -> str:
        """Why the worker died mid-document, in words."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:  # it closed its pipe but lingers
            self.process.kill()
            code = self.process.wait()
        how = f"signal {signal.Signals(-code).name}" if code < 0 else f"exit code {code}"
        limit = f"{limits.memory_limit_mb} MB"
        return f"extraction worker crashed ({how}); the document may have exceeded the memory limit of {limit}"

    def stop(self, *, kill: bool = False) -> None:
        """Ask the worker to leave, or kill it; reap it either way."""
        if not kill:
            try:
                self.tasks.send(None)
                self.process.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                kill = True
        if kill and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.tasks.close()
        self.connection.close()


def main(arguments: list[str]) -> None:
    """Entry point of a worker process: the pipes' descriptors come as arguments."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.dup2(2, 1)  # stray prints from libraries go to stderr, never into the reply pipe
    logging.basicConfig(level=logging.ERROR)
    warnings.simplefilter("ignore")
    import app.extraction.core  # noqa: F401  (the extractors, loaded before the worker says it is ready)

    serve(Connection(int(arguments[0]), writable=False), Connection(int(arguments[1]), readable=False))
