"""Tell a document's kind from its bytes; the declared content type is only a hint for plain text."""

from __future__ import annotations

import io
import re
import zipfile

from app.extraction.types import DocumentKind

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title)\b", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(html|head|body|div|p|table|title|meta|h[1-6]|br|span|a\s)\b", re.I)
_BINARY_MAGIC = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"\xd0\xcf\x11\xe0",  # OLE: legacy .doc/.xls or an encrypted Office file
    b"\x1f\x8b",
    b"Rar!",
    b"7z\xbc\xaf",
    b"%!PS",
    b"{\\rtf",
)
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


def sniff_kind(data: bytes, content_type: str | None = None) -> DocumentKind:
    """The kind of document these bytes hold: pdf, docx, html, text or unknown."""
    head = data[:2048]
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx" if _is_docx(data) else "unknown"
    if head.startswith(_BINARY_MAGIC):
        return "unknown"
    sample = _ascii_view(head)
    if _HTML_START.match(sample) or len(_HTML_TAGS.findall(sample)) >= 3:
        return "html"
    hint = (content_type or "").split(";")[0].strip().lower()
    if hint in {"text/html", "application/xhtml+xml"} and _HTML_TAGS.search(sample):
        return "html"
    return "text" if _looks_like_text(head) else "unknown"


def _is_docx(data: bytes) -> bool:
    """A zip whose directory names a Word main document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return b"word/" in data[:100_000]  # a damaged Word package: let the DOCX reader say what is wrong


def _ascii_view(head: bytes) -> bytes:
    """The first bytes with any BOM dropped and UTF-16 nulls removed, for tag matching."""
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    return head.replace(b"\x00", b"") if head.count(b"\x00") * 4 > len(head) else head


def _looks_like_text(head: bytes) -> bool:
    """Few control bytes (or a UTF-16 pattern of nulls): readable text rather than binary."""
    if not head:
        return True
    if head.startswith(_BOMS):
        return True
    if b"\x00" in head:
        even, odd = head[0::2].count(0), head[1::2].count(0)
        return max(even, odd) > len(head) * 0.3 and min(even, odd) < len(head) * 0.05
    control = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13, 27))
    return control <= len(head) * 0.02
