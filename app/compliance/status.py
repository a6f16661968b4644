"""The status engine: one organisation's inputs -> its status for a statement year under a regime (pure)."""

from __future__ import annotations

from datetime import date

from app.compliance.checks import content_flags, group_flags, lateness, registry_flags
from app.compliance.inputs import EvidenceRef, Flag, StatementFacts, StatusInputs, StatusResult
from app.compliance.regimes import Regime
from app.compliance.text import long_date


def statement_year_of(statement: StatementFacts, regime: Regime) -> int | None:
    """The statement year a statement belongs to under the regime (its period end first, else as recorded)."""
    if statement.period_end is not None:
        return regime.statement_year_of(statement.period_end)
    return statement.statement_year


def _rank(statement: StatementFacts, organisation_id: int) -> tuple[bool, bool, bool, str]:
    """Sort key: a real statement text first, then the organisation's own, then the most recently found."""
    return (
        statement.has_text and statement.is_statement is not False,
        statement.publisher_id == organisation_id,
        statement.assessment is not None,
        statement.first_seen_at.isoformat(),
    )


def choose_statement(inputs: StatusInputs, year: int, regime: Regime) -> tuple[StatementFacts | None, list[Flag]]:
    """The statement that counts for the year, and flags for documents that were not statements."""
    of_year = [s for s in inputs.statements if statement_year_of(s, regime) == year]
    usable = [s for s in of_year if s.is_statement is not False]
    flags: list[Flag] = []
    rejected = [s for s in of_year if s.is_statement is False]
    if rejected and not usable:
        flags.append(
            Flag(
                "document_not_a_statement",
                "A document recorded for this year was read and is not a modern slavery statement.",
                None,
                tuple(EvidenceRef("statement", s.id, "document judged not a statement", url=s.url) for s in rejected),
            )
        )
    if not usable:
        return None, flags
    return max(usable, key=lambda s: _rank(s, inputs.organisation.id)), flags


def _period_end(inputs: StatusInputs, chosen: StatementFacts | None, year: int, regime: Regime) -> tuple[date, bool]:
    """The financial year end the year covers, and whether it had to be assumed."""
    org = inputs.organisation
    if org.fye_month and org.fye_day:
        return regime.period_end_for(year, org.fye_month, org.fye_day), False
    if chosen is not None and chosen.period_end is not None:
        return chosen.period_end, False
    return regime.period_end_for(year, 12, 31), True


def _statement_evidence(statement: StatementFacts) -> list[EvidenceRef]:
    """References to the statement, its version and its assessment."""
    refs = [
        EvidenceRef(
            "statement",
            statement.id,
            f"statement ({statement.source})",
            statement.first_seen_at.isoformat(),
            statement.url,
        )
    ]
    if statement.version_id is not None:
        refs.append(EvidenceRef("statement_version", statement.version_id, "text read"))
    if statement.assessment is not None:
        a = statement.assessment
        refs.append(EvidenceRef("assessment", a.id, f"assessment {a.ruleset_id} {a.ruleset_version}"))
    return refs


def timing(inputs: StatusInputs, year: int, regime: Regime) -> tuple[date, date] | None:
    """(period end, deadline) for the year, or None when the regime does not apply to the organisation."""
    org = inputs.organisation
    if org.jurisdiction != regime.jurisdiction or org.scope_status == "out_of_scope":
        return None
    chosen = None if org.fye_month and org.fye_day else choose_statement(inputs, year, regime)[0]
    period_end, _ = _period_end(inputs, chosen, year, regime)
    return period_end, regime.deadline_for(year, period_end)


def _scope_result(inputs: StatusInputs, year: int, regime: Regime) -> StatusResult | None:
    """out_of_scope for another jurisdiction or an out-of-scope organisation; else None."""
    org = inputs.organisation
    if org.jurisdiction != regime.jurisdiction:
        reason = (
            f"The {regime.code} regime applies to {regime.jurisdiction}; this organisation is in {org.jurisdiction}."
        )
        return StatusResult(org.id, year, regime.code, "out_of_scope", "law", [reason])
    if org.scope_status == "out_of_scope":
        reason = org.scope_reason or "The register places this organisation out of scope."
        ref = EvidenceRef("organisation", org.id, "register scope decision")
        basis = org.scope_basis or "law"
        return StatusResult(org.id, year, regime.code, "out_of_scope", basis, [reason], evidence=[ref])
    return None


def compute_status(inputs: StatusInputs, year: int, regime: Regime, today: date) -> StatusResult:
    """The primary status, flags, reasons and evidence for one organisation and statement year."""
    scoped = _scope_result(inputs, year, regime)
    if scoped is not None:
        return scoped
    org = inputs.organisation
    chosen, flags = choose_statement(inputs, year, regime)
    period_end, assumed = _period_end(inputs, chosen, year, regime)
    deadline = regime.deadline_for(year, period_end)
    result = StatusResult(org.id, year, regime.code, "not_due", regime.basis, [], flags, [], period_end, deadline)
    if assumed:
        flags.append(
            Flag(
                "year_end_assumed",
                "The financial year end is not known; 31 December was assumed.",
                None,
                (EvidenceRef("organisation", org.id, "register entry"),),
            )
        )
    if chosen is None:
        _no_statement(result, inputs, regime, today)
    else:
        _with_statement(result, inputs, chosen, regime)
    if org.scope_status != "in_scope":
        result.reasons.insert(
            0,
            "Whether this organisation must publish is not known: "
            + (org.scope_reason or "the register has no turnover for it."),
        )
        result.status, result.basis = "scope_unknown", org.scope_basis or "law"
    return result


def _no_statement(result: StatusResult, inputs: StatusInputs, regime: Regime, today: date) -> None:
    """not_due before the deadline, missing after it, with the searches made as evidence."""
    assert result.deadline is not None and result.period_end is not None
    searches = [f for f in inputs.fetches if f.kind == "discovery_check" or f.failed]
    searches = [f for f in searches if f.attempted_at.date() > result.period_end]
    result.evidence.extend(
        EvidenceRef(f.kind, f.id, f"search: {f.outcome}", f.attempted_at.isoformat(), f.url)
        for f in sorted(searches, key=lambda f: f.attempted_at, reverse=True)[:5]
    )
    due = f"due by {long_date(result.deadline)} ({regime.deadline_text()}, basis {regime.basis})"
    if today <= result.deadline:
        result.reasons.append(f"The statement for the year ending {long_date(result.period_end)} is {due}.")
        return
    searched = f"; searched {len(searches)} time(s)" if searches else "; no search has been recorded yet"
    result.status = "missing"
    result.reasons.append(
        f"No statement for the year ending {long_date(result.period_end)} has been found{searched}. It was {due}."
    )


def _with_statement(result: StatusResult, inputs: StatusInputs, chosen: StatementFacts, regime: Regime) -> None:
    """compliant, late or incomplete, with every flag the statement raises."""
    assert result.deadline is not None
    result.statement_id = chosen.id
    result.evidence.extend(_statement_evidence(chosen))
    if chosen.assessment is not None:
        result.assessment_id = chosen.assessment.id
        result.ruleset_versions.append(f"{chosen.assessment.ruleset_id}@{chosen.assessment.ruleset_version}")
    result.flags.extend(group_flags(inputs.organisation, chosen))
    result.flags.extend(registry_flags(chosen, inputs.fetches))
    late = lateness(chosen, inputs.fetches, result.deadline, regime)
    content = content_flags(chosen, regime)
    result.flags.extend([*late, *content])
    incomplete = [f for f in content if f.code == "incomplete"] + [
        f for f in result.flags if f.code == "registry_entry_without_statement"
    ]
    if late:
        result.status, result.basis = "late", regime.basis
        result.reasons.extend(f.reason for f in late)
    if incomplete:
        if not late:
            result.status, result.basis = "incomplete", incomplete[0].basis or "law"
        result.reasons.extend(f.reason for f in incomplete)
        if late and not any(f.code == "incomplete" for f in result.flags):
            result.flags.append(Flag("incomplete", incomplete[0].reason, incomplete[0].basis, incomplete[0].evidence))
    if not late and not incomplete:
        result.status, result.basis = "compliant", regime.basis
        result.reasons.append(
            f"A statement for this year was published by the deadline ({long_date(result.deadline)})"
            + (
                " and meets the minimum requirements checked."
                if chosen.assessment
                else "; its content has not been assessed yet."
            )
        )
