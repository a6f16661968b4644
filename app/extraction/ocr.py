"""OCR for scanned PDFs through ocrmypdf (and tesseract), used only when both are installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from app.extraction.limits import ExtractionFailed


def ocr_available() -> bool:
    """Whether ocrmypdf and tesseract are on the PATH."""
    return shutil.which("ocrmypdf") is not None and shutil.which("tesseract") is not None


def ocr_pdf(data: bytes, *, timeout_s: float) -> bytes:
    """The PDF with a recognised text layer added to its image-only pages."""
    with tempfile.TemporaryDirectory(prefix="mst-ocr-") as folder:
        source, target = Path(folder, "in.pdf"), Path(folder, "out.pdf")
        source.write_bytes(data)
        command = ["ocrmypdf", "--quiet", "--skip-text", "--output-type", "pdf", str(source), str(target)]
        try:
            completed = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise ExtractionFailed(f"OCR exceeded time limit of {timeout_s:g} s") from None
        if completed.returncode != 0 or not target.exists():
            detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
            raise ExtractionFailed(f"OCR failed: {detail[0]}")
        return target.read_bytes()
