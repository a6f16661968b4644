"""Whatever bytes come in, extract() answers with a result and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extraction import extract
from tests.extraction.conftest import make_docx, make_pdf

PDF = make_pdf(["A statement page with some text", "Another page"])
DOCX = make_docx()
HTML = b"<html><head><title>T</title></head><body><p>Body text of a statement page.</p></body></html>"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data: bytes) -> None:
    result = extract(data)
    assert result.status in ("ok", "needs_ocr", "error")
    assert (result.error is not None) == (result.status != "ok")


@settings(max_examples=60, deadline=None)
@given(st.sampled_from([PDF, DOCX, HTML]), st.floats(min_value=0.0, max_value=1.0), st.binary(max_size=64))
def test_cut_or_corrupted_documents_never_raise(document: bytes, where: float, junk: bytes) -> None:
    cut = int(len(document) * where)
    for data in (document[:cut], document[:cut] + junk + document[cut + len(junk) :]):
        result = extract(data)
        assert result.status in ("ok", "needs_ocr", "error")
        if result.status == "ok":
            assert result.text
