"""A worker process that computes chunks of statuses while the caller reads the next chunk and writes the last.

Like the extraction workers it is a plain `python -c "...worker.main(...)"` process talking over two pipes, so it
starts the same way from a CLI, a job, a web server's thread or a test, and never re-imports the caller's main
module. It only computes (no database): it sees exactly the inputs the caller's session sees.
"""

from __future__ import annotations

import gc
import subprocess
import time
import traceback
from multiprocessing.connection import Connection
from typing import Any

from app.compliance.compute import ChunkResult, compute_wire_chunk
from app.piped_process import start_piped_process


def serve(tasks: Connection, replies: Connection) -> None:
    """The worker's loop: take a chunk, answer with its result (or the error); stop on None or a closed pipe."""
    gc.disable()  # a chunk allocates many short-lived objects: collected once per chunk instead
    while True:
        try:
            task: tuple[Any, ...] | None = tasks.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        started = time.process_time()
        try:
            result = compute_wire_chunk(*task)
            result.cpu_seconds = time.process_time() - started
            replies.send(("ok", result))
        except Exception:  # the caller raises it: the worker stays up for the next run
            replies.send(("error", traceback.format_exc()))
        gc.collect(0)


def main(argv: list[str]) -> None:
    """Entry point: the task pipe's and the reply pipe's file descriptors."""
    serve(Connection(int(argv[0]), writable=False), Connection(int(argv[1]), readable=False))


class ChunkWorker:
    """The caller's handle on one worker: send a chunk, then take its result before sending the next."""

    def __init__(self) -> None:
        started = start_piped_process(__name__)
        self.process, self.tasks, self.replies = started.process, started.tasks, started.replies

    def send(self, task: tuple[Any, ...]) -> None:
        """Hand the worker a chunk (the arguments of compute_wire_chunk)."""
        try:
            self.tasks.send(task)
        except OSError as exc:
            raise RuntimeError(f"the compliance worker is gone ({self._exit()})") from exc

    def result(self) -> ChunkResult:
        """The result of the chunk sent last; the worker's error is raised here."""
        try:
            kind, value = self.replies.recv()
        except (EOFError, OSError) as exc:
            raise RuntimeError(f"the compliance worker died ({self._exit()})") from exc
        if kind == "error":
            raise RuntimeError(f"the compliance worker failed:\n{value}")
        assert isinstance(value, ChunkResult)
        return value

    def _exit(self) -> str:
        """How the process ended, in words."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return "still running"
        return f"exit code {code}" if code >= 0 else f"signal {-code}"

    def close(self) -> None:
        """Ask the worker to leave, or kill it; reap it either way."""
        try:
            self.tasks.send(None)
            self.process.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        self.tasks.close()
        self.replies.close()

    def __enter__(self) -> ChunkWorker:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
