"""APScheduler 3 in exactly one process: jobs run only while this process holds the database lease."""

from __future__ import annotations

import logging
import os
import socket
import threading
import uuid
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler

from app.db import session_scope
from app.jobs import lease
from app.jobs.context import JobContext
from app.jobs.runner import run_job
from app.jobs.sources import all_sources

logger = logging.getLogger(__name__)


class LeaderScheduler:
    """Schedules every source's job; a heartbeat keeps (or takes over) the lease, and only the leader runs jobs."""

    def __init__(self, context: JobContext, lease_seconds: float = 60.0, holder: str | None = None) -> None:
        self.context = context
        self.lease_seconds = lease_seconds
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.scheduler = BackgroundScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})
        self._leader = threading.Event()

    @property
    def is_leader(self) -> bool:
        """Whether this process currently holds the lease."""
        return self._leader.is_set()

    def heartbeat(self) -> bool:
        """Take or renew the lease; a standby becomes leader once the old holder's lease runs out."""
        try:
            with session_scope(self.context.sessions) as session:
                held = lease.acquire(session, self.holder, self.lease_seconds)
        except Exception:  # the database is away: stop leading rather than risk two leaders
            logger.exception("scheduler heartbeat failed")
            held = False
        if held != self.is_leader:
            logger.info("scheduler %s is now %s", self.holder, "the leader" if held else "standing by")
        self._leader.set() if held else self._leader.clear()
        return held

    def _run(self, name: str) -> None:
        """Run a scheduled job if, and only if, we lead."""
        if not self.heartbeat():
            return
        try:
            run_job(name, self.context, trigger="schedule")
        except Exception:
            logger.exception("scheduled job %s failed", name)

    def start(self) -> None:
        """Start the heartbeat and every job's trigger."""
        self.heartbeat()
        self.scheduler.add_job(self.heartbeat, "interval", seconds=max(self.lease_seconds / 3, 1), id="lease.heartbeat")
        for name, source in all_sources().items():
            trigger: dict[str, Any] = dict(source.schedule)
            kind = trigger.pop("trigger")
            self.scheduler.add_job(self._run, kind, args=[name], id=name, name=source.title, **trigger)
        self.scheduler.start()

    def shutdown(self) -> None:
        """Stop scheduling and hand the lease back so a standby can take over at once."""
        self.scheduler.shutdown(wait=False)
        if self.is_leader:
            with session_scope(self.context.sessions) as session:
                lease.release(session, self.holder)
            self._leader.clear()
