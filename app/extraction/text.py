"""Plain text: BOM, declared charset, UTF-8, then charset-normalizer's best guess."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from app.extraction.normalise import clean_text
from app.extraction.types import ExtractedDocument

_BOM_CODECS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# WHATWG: labels that browsers read as windows-1252.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "l1"}


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, if any."""
    for part in (content_type or "").split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None


def known_codec(label: str | None) -> str | None:
    """The Python codec for a charset label, with browser aliases; None if unknown."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode text bytes: a BOM wins, then the declared charset, then strict UTF-8, then detection."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    declared_codec = known_codec(declared)
    if declared_codec:
        return data.decode(declared_codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return data.decode(guess_encoding(data), errors="replace")


def guess_encoding(data: bytes) -> str:
    """charset-normalizer's guess, preferring windows-1252 (the usual legacy encoding of UK documents) on a tie."""
    matches = from_bytes(data[:200_000])
    best = matches.best()
    if best is None:
        return "cp1252"
    tied = {match.encoding for match in matches if match.chaos <= best.chaos + 0.01}
    return "cp1252" if "cp1252" in tied else best.encoding


def extract_text(data: bytes, content_type: str | None = None) -> ExtractedDocument:
    """Clean text from a plain-text document."""
    text = clean_text(decode_bytes(data, charset_from_content_type(content_type)))
    return ExtractedDocument(status="ok", kind="text", text=text)
