"""Per-document limits for extraction, and the error that carries a clear reason."""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class ExtractionLimits:
    """Caps that keep one hostile or broken document from hurting the process that reads it."""

    max_bytes: int = 50 * MB
    time_limit_s: float = 30.0
    memory_limit_mb: int = 1024
    max_pages: int = 2_000
    max_unzipped_bytes: int = 200 * MB
    max_text_chars: int = 20_000_000


DEFAULT_LIMITS = ExtractionLimits()


class ExtractionFailed(Exception):
    """A document cannot be read; the message says why in words a person understands."""


def megabytes(size: int) -> str:
    """A byte count as a short figure (e.g. '80 MB', '2.5 MB', '12 KB', '300 bytes')."""
    if size < 1024:
        return f"{size} bytes"
    if size < MB:
        return f"{size / 1024:.0f} KB"
    value = size / MB
    return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB".replace(".0 MB", " MB")


def check_size(size: int, limits: ExtractionLimits) -> None:
    """Refuse input over the size cap before any parsing starts."""
    if size > limits.max_bytes:
        raise ExtractionFailed(f"file is {megabytes(size)}, over the {megabytes(limits.max_bytes)} cap")
