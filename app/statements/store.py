"""The archive's bytes: one file per sha256 under MST_DATA_DIR/archive, written once, never overwritten."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from app.config import get_settings


def sha256_of(data: bytes) -> str:
    """The hex sha256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


class ContentStore:
    """Bytes by their sha256 in a two-level folder tree."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root or get_settings().data_dir / "archive"

    def path_of(self, sha256: str) -> Path:
        """Where the bytes of `sha256` live."""
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store `data` (once); return its sha256."""
        digest = sha256_of(data)
        target = self.path_of(digest)
        if target.exists():
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            handle.write(data)
            temporary = Path(handle.name)
        try:
            os.link(temporary, target)  # fails if another writer got there first: the bytes are the same
        except FileExistsError:
            pass
        finally:
            temporary.unlink()
        return digest

    def get(self, sha256: str) -> bytes:
        """The stored bytes of `sha256` (FileNotFoundError when absent)."""
        return self.path_of(sha256).read_bytes()

    def has(self, sha256: str) -> bool:
        """Whether the bytes are stored."""
        return self.path_of(sha256).exists()
