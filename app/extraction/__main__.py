"""`python -m app.extraction file FILE...` (the same as `mst extract file` once registered)."""

from app.extraction.cli import extract_app

extract_app(prog_name="python -m app.extraction")
