"""Scheduled work: one scheduler under a database lease, idempotent jobs, the crawl cadence."""
