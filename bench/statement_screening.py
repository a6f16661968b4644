"""Time screening stored statement versions against the shipped orders register (SQLite in a temporary folder).

Run: /work/venv/bin/python bench/statement_screening.py [--versions 300]"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy.orm import sessionmaker

from app.db import make_engine
from app.migrate import upgrade
from app.models import Statement, StatementVersion
from app.screening.seed import seed_orders
from app.screening.statement_flags import load_register, screen_statements, screen_version

FIXTURE = Path(__file__).resolve().parent.parent / "tests/scoring/fixtures/positives/company_statement.txt"
RISKS = "We source tomatoes from Xinjiang and gloves from Top Glove. Hoshine Silicon Industry is not a supplier."


def main() -> None:
    """Seed the register, add versions (a real statement's text with three order mentions), time the job."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--versions", type=int, default=300)
    args = parser.parse_args()
    base = FIXTURE.read_text()
    text = (base + "\n" + RISKS + "\n") * 4
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.sqlite3")
        upgrade(engine)
        sessions = sessionmaker(bind=engine, expire_on_commit=False)
        with sessions.begin() as session:
            seed_orders(session)
            for i in range(args.versions):
                statement = Statement(source="upload", source_key=str(i))
                session.add(statement)
                session.add(StatementVersion(statement=statement, version_no=1, extraction_status="ok", text=text))
        with sessions.begin() as session:
            started = time.perf_counter()
            for _ in range(20):
                register = load_register(session)
            load_ms = (time.perf_counter() - started) / 20 * 1000
            version = session.get(StatementVersion, 1)
            assert version is not None
            started = time.perf_counter()
            for _ in range(20):
                screen_version(session, version)
            hook_ms = (time.perf_counter() - started) / 20 * 1000
        with sessions.begin() as session:
            started = time.perf_counter()
            run = screen_statements(session)
            elapsed = time.perf_counter() - started
        print(f"orders in register: {len(register.orders)}; text: {len(text):,} characters")
        print(f"load_register: {load_ms:.1f} ms; screen_version with its own register load (the scoring hook): "
              f"{hook_ms:.1f} ms")
        print(f"job over {run.screened} versions ({run.flags} flags): {elapsed:.2f} s, "
              f"{elapsed / max(run.screened, 1) * 1000:.1f} ms per version")


if __name__ == "__main__":
    main()
