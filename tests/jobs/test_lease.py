"""The scheduler lease: one holder; a standby takes over when the lease expires or is released."""

from __future__ import annotations

import time

from app.jobs import lease
from app.jobs.scheduler import LeaderScheduler


def test_one_holder_at_a_time(db_session) -> None:
    assert lease.acquire(db_session, "a", ttl_seconds=60)
    assert not lease.acquire(db_session, "b", ttl_seconds=60)
    assert lease.acquire(db_session, "a", ttl_seconds=60)  # renewal
    assert lease.holder_of(db_session) == "a"


def test_expired_lease_is_taken_over(db_session) -> None:
    assert lease.acquire(db_session, "a", ttl_seconds=0.2)
    time.sleep(0.3)
    assert lease.acquire(db_session, "b", ttl_seconds=60) and lease.holder_of(db_session) == "b"
    assert not lease.acquire(db_session, "a", ttl_seconds=60)


def test_released_lease_is_free_at_once(db_session) -> None:
    lease.acquire(db_session, "a", ttl_seconds=60)
    lease.release(db_session, "a")
    assert lease.holder_of(db_session) is None and lease.acquire(db_session, "b", ttl_seconds=60)


def test_second_scheduler_stands_by_and_takes_over(context) -> None:
    first, second = LeaderScheduler(context, 30, "first"), LeaderScheduler(context, 30, "second")
    assert first.heartbeat() and not second.heartbeat()
    first.scheduler.start(paused=True)
    first.shutdown()  # hands the lease back
    assert second.heartbeat() and second.is_leader


def test_scheduler_registers_every_source_job(context) -> None:
    leader = LeaderScheduler(context, 30, "only")
    leader.start()
    try:
        ids = {job.id for job in leader.scheduler.get_jobs()}
        assert {"discovery.crawl_due", "registry.import_statements", "lease.heartbeat"} <= ids
        assert leader.is_leader
    finally:
        leader.shutdown()
