"""Start a plain `python -c` worker process that talks to its parent over two pipes.

A worker started this way begins the same from a CLI, a job, a web server's thread or a test, and never re-imports
the caller's main module (no fork, no multiprocessing spawn). The extraction and compliance workers use it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

_PROJECT_ROOT = str(Path(__file__).resolve().parents[1])


@dataclass
class PipedProcess:
    """A started worker: its process, the pipe the parent writes tasks to, the pipe it reads replies from."""

    process: subprocess.Popen[bytes]
    tasks: Connection
    replies: Connection


def start_piped_process(module: str) -> PipedProcess:
    """Run `module.main([task_fd, reply_fd])` in a new interpreter, with the project importable."""
    task_read, task_write = os.pipe()
    reply_read, reply_write = os.pipe()
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [_PROJECT_ROOT, os.environ.get("PYTHONPATH")])),
    }
    entry = f"import sys; from {module} import main; main(sys.argv[1:])"
    try:
        process = subprocess.Popen(
            [sys.executable, "-c", entry, str(task_read), str(reply_write)],
            pass_fds=(task_read, reply_write),
            stdin=subprocess.DEVNULL,
            env=environment,
        )
    except BaseException:
        for descriptor in (task_write, reply_read):
            os.close(descriptor)
        raise
    finally:
        os.close(task_read)  # the child's ends: the parent keeps only its own
        os.close(reply_write)
    return PipedProcess(process, Connection(task_write, readable=False), Connection(reply_read, writable=False))
