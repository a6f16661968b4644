"""extract_safely and batches: size cap, time limit, memory limit, crashes, and worker reuse."""

from __future__ import annotations

from app.extraction import DocumentInput, ExtractionLimits, ExtractionPool, extract_batch, extract_safely
from app.extraction.limits import MB
from tests.extraction.conftest import make_bomb_pdf, make_pdf

SLOW_HTML = (
    "<html><body>"
    + "".join(f"<p>Paragraph {number} on supplier audits and forced labour.</p>" for number in range(20_000))
    + "</body></html>"
).encode()


def test_extract_safely_returns_the_same_result_as_in_process() -> None:
    pages = ["First page of the statement", "Second page of the statement"]
    result = extract_safely(make_pdf(pages), source_name="statement.pdf")
    assert (result.status, result.kind) == ("ok", "pdf")
    assert result.page_at(result.text.index("Second")) == 2


def test_input_over_the_size_cap_is_refused_before_any_work() -> None:
    result = extract_safely(b"a" * (80 * MB))
    assert (result.status, result.error) == ("error", "file is 80 MB, over the 50 MB cap")


def test_time_limit_kills_the_worker_and_the_pool_goes_on(pool: ExtractionPool) -> None:
    result = pool.extract(DocumentInput(SLOW_HTML), ExtractionLimits(time_limit_s=0.2))
    assert (result.status, result.error) == ("error", "exceeded time limit of 0.2 s")
    assert pool.extract(DocumentInput(b"still working")).text == "still working"


def test_python_memory_error_is_reported_as_the_memory_limit(pool: ExtractionPool) -> None:
    result = pool.extract(DocumentInput(b"word " * (6 * MB)), ExtractionLimits(memory_limit_mb=100))
    assert (result.status, result.error) == ("error", "exceeded memory limit of 100 MB")


def test_decompression_bomb_that_crashes_pdfium_is_contained(pool: ExtractionPool) -> None:
    result = pool.extract(DocumentInput(make_bomb_pdf(10)), ExtractionLimits(memory_limit_mb=120))
    assert result.status == "error"
    assert result.error is not None
    assert result.error.startswith("extraction worker crashed (signal")
    assert result.error.endswith("may have exceeded the memory limit of 120 MB")
    assert pool.extract(DocumentInput(b"after the crash")).text == "after the crash"


def test_workers_are_reused_between_documents() -> None:
    with ExtractionPool(workers=1) as pool:
        pool.extract(DocumentInput(b"one"))
        first = pool._idle[0].process.pid
        pool.extract(DocumentInput(b"two"))
        assert pool._idle[0].process.pid == first


def test_a_worker_that_died_while_idle_is_replaced(pool: ExtractionPool) -> None:
    pool.extract(DocumentInput(b"one"))
    for worker in pool._idle:
        worker.process.kill()
        worker.process.wait()
    assert pool.extract(DocumentInput(b"two")).text == "two"


def test_one_bad_document_never_stops_the_batch() -> None:
    documents = [
        DocumentInput(b"first good document"),
        DocumentInput(SLOW_HTML, "text/html", "slow.html"),
        DocumentInput(b"%PDF-1.7 broken\n%%EOF"),
        DocumentInput(b"x" * (3 * MB)),
        DocumentInput(make_pdf(["last good document"])),
    ]
    limits = ExtractionLimits(time_limit_s=0.3, max_bytes=2 * MB)
    results = list(extract_batch(documents, limits=limits, workers=2))
    assert [result.status for result in results] == ["ok", "error", "error", "error", "ok"]
    assert results[0].text == "first good document"
    assert results[1].error == "exceeded time limit of 0.3 s"
    assert results[2].error is not None and results[2].error.startswith("truncated or malformed PDF")
    assert results[3].error == "file is 3 MB, over the 2 MB cap"
    assert results[4].text == "last good document"


def test_batch_results_keep_input_order(pool: ExtractionPool) -> None:
    documents = [DocumentInput(f"document number {number}".encode()) for number in range(40)]
    results = list(pool.map(documents))
    assert [result.text for result in results] == [f"document number {number}" for number in range(40)]


def test_concurrent_callers_share_the_pool_without_extra_workers(pool: ExtractionPool) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=6) as threads:
        texts = list(threads.map(lambda n: pool.extract(DocumentInput(f"thread {n}".encode())).text, range(12)))
    assert texts == [f"thread {number}" for number in range(12)]
    assert len(pool._idle) <= pool.size
