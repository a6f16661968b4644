"""Import an organisation file: read it whole, validate it, match it, then store it or nothing."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models.base import utcnow
from app.models.organisations import ImportRun
from app.organisations.import_apply import apply_plan
from app.organisations.import_plan import ImportPlan, build_plan
from app.organisations.importers.csvfile import CsvRow, ImportFileError, decode, read_rows
from app.organisations.importers.formats import FORMATS, FileFormat, detect_format
from app.organisations.importers.records import ImportProblem, OrganisationRecord


@dataclass
class ImportReport:
    """What an import found and did (or, on a dry run or a rejected file, would have done)."""

    file: str
    format: str | None = None
    encoding: str | None = None
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    review: int = 0
    scope_changed: int = 0
    compliance: str = "not run"
    problems: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False
    stored: bool = False
    reviews: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when the file had no problems."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "file": self.file,
            "format": self.format,
            "encoding": self.encoding,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "review": self.review,
            "scope_changed": self.scope_changed,
            "compliance": self.compliance,
            "dry_run": self.dry_run,
            "stored": self.stored,
            "problems": [p.to_dict() for p in self.problems],
            "reviews": self.reviews,
        }


def _choose_format(header: list[str], requested: str | None, file_name: str) -> FileFormat:
    """The requested format, checked against the header, or the detected one."""
    if requested is not None:
        if requested not in FORMATS:
            raise ImportFileError(
                [ImportProblem(file_name, None, None, f"unknown format {requested!r}; use one of {', '.join(FORMATS)}")]
            )
        chosen = FORMATS[requested]
    else:
        detected = detect_format(header)
        if detected is None:
            raise ImportFileError(
                [
                    ImportProblem(
                        file_name,
                        1,
                        None,
                        "cannot tell the format from the header; pass --format "
                        f"({', '.join(FORMATS)}); columns found: {', '.join(header)}",
                    )
                ]
            )
        chosen = detected
    missing = [column for column in chosen.required if column not in header]
    if missing:
        raise ImportFileError(
            [
                ImportProblem(
                    file_name,
                    1,
                    ", ".join(missing),
                    f"missing required column(s) for the {chosen.name} format; columns found: {', '.join(header)}",
                )
            ]
        )
    return chosen


def _duplicates(records: list[OrganisationRecord], file_name: str) -> list[ImportProblem]:
    """The same company number, or the same name without a number, twice in one file."""
    from app.organisations.normalise import name_key

    problems: list[ImportProblem] = []
    seen: dict[tuple[str, str], int] = {}
    for record in records:
        key = (record.jurisdiction, record.company_number) if record.company_number else ("name", name_key(record.name))
        field_name = "company_number" if record.company_number else "name"
        if key in seen:
            problems.append(ImportProblem(file_name, record.line, field_name, f"duplicate of line {seen[key]}", key[1]))
        else:
            seen[key] = record.line
    return problems


def read_file(
    data: bytes, file_name: str, file_format: str | None, encoding: str | None
) -> tuple[FileFormat, str, list[OrganisationRecord], list[ImportProblem]]:
    """Decode and parse every row; return the format, encoding, good records and all problems."""
    decoded = decode(data, file_name, encoding)
    header, rows = read_rows(decoded.text, file_name)
    chosen = _choose_format(header, file_format, file_name)
    records: list[OrganisationRecord] = []
    problems: list[ImportProblem] = []
    for row in rows:
        parsed = chosen.parse(row, file_name) if isinstance(row, CsvRow) else [row]
        if isinstance(parsed, OrganisationRecord):
            records.append(parsed)
        else:
            problems.extend(parsed)
    if not records and not problems:
        problems.append(ImportProblem(file_name, None, None, "file has a header but no data rows"))
    problems.extend(_duplicates(records, file_name))
    return chosen, decoded.encoding, records, problems


COMPLIANCE_INLINE_LIMIT = 5000  # above this an import leaves statuses to the compliance.recompute_statuses job


def _recompute_compliance(session: Session, written: set[int]) -> str:
    """Statuses follow the register: recompute the written organisations now, or leave a large batch to the job."""
    if not written:
        return "nothing to recompute"
    if len(written) > COMPLIANCE_INLINE_LIMIT:
        return (
            f"{len(written):,} organisations changed: statuses are left to the compliance.recompute_statuses job "
            "(or run `mst compliance recompute`)"
        )
    from app.compliance.recompute import recompute_for_organisations
    from app.organisations.scoping import group_member_ids

    recompute_for_organisations(session, group_member_ids(session, written))
    return f"statuses recomputed for {len(written):,} organisations and their groups"


# The organisation columns that queries filter, join or sort on: what the planner needs to know right away.
# (Statistics on every column, free text included, take four times as long; autovacuum gathers them later.)
_PLANNED_COLUMNS = (
    "id, name_key, jurisdiction, legal_form, company_number, sector, scope_status, turnover_amount, parent_id, "
    "updated_at"
)


def refresh_statistics(session: Session) -> None:
    """Let the query planner see a large import at once (PostgreSQL would otherwise wait for autovacuum)."""
    postgres = session.get_bind().dialect.name == "postgresql"
    session.execute(text(f"ANALYZE organisations ({_PLANNED_COLUMNS})" if postgres else "ANALYZE organisations"))
    for table in ("organisation_search_tokens", "organisation_aliases"):
        session.execute(text(f"ANALYZE {table}"))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while an import builds its objects.

    A large file makes millions of objects that live until the end; the collector would rescan them over and
    over (about a fifth of a 100,000-row import's time). What the import leaves behind is freed when it is done.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_organisations(
    session: Session,
    data: bytes,
    file_name: str,
    *,
    file_format: str | None = None,
    dry_run: bool = False,
    partial: bool = False,
    encoding: str | None = None,
    source: str | None = None,
) -> ImportReport:
    """Import a file. By default a file with any problem stores nothing; `partial` stores the good rows."""
    with _collector_paused():
        return _import(session, data, file_name, file_format, dry_run, partial, encoding, source)


def _import(
    session: Session,
    data: bytes,
    file_name: str,
    file_format: str | None,
    dry_run: bool,
    partial: bool,
    encoding: str | None,
    source: str | None,
) -> ImportReport:
    """import_organisations' work."""
    report = ImportReport(file=file_name, dry_run=dry_run)
    try:
        chosen, report.encoding, records, report.problems = read_file(data, file_name, file_format, encoding)
    except ImportFileError as exc:
        report.problems = exc.problems
        return report
    report.format, report.rows = chosen.name, len(records) + len(report.problems)
    plan: ImportPlan = build_plan(session, records, file_name, source or chosen.name)
    report.problems.extend(plan.problems)
    report.created, report.updated, report.unchanged = len(plan.new), len(plan.updates), plan.unchanged
    report.review, report.reviews = len(plan.reviews), [r.summary() for r in plan.reviews]
    if dry_run or (report.problems and not partial):
        return report
    report.scope_changed, written = apply_plan(session, plan)
    report.compliance = _recompute_compliance(session, written)
    if report.created + report.updated >= 5000:
        refresh_statistics(session)
    session.add(
        ImportRun(
            file_name=file_name,
            file_sha256=hashlib.sha256(data).hexdigest(),
            format=chosen.name,
            dry_run=False,
            status="partial" if report.problems else "stored",
            counts={
                "rows": report.rows,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "review": report.review,
            },
            errors=[p.to_dict() for p in report.problems[:1000]],
            finished_at=utcnow(),
        )
    )
    session.flush()
    report.stored = True
    return report
