"""The findings a statement raises: lateness, content, group coverage and registry discrepancies (pure)."""

from __future__ import annotations

from datetime import date

from app.compliance.inputs import EvidenceRef, FetchFacts, Flag, OrganisationFacts, StatementFacts
from app.compliance.regimes import Regime
from app.compliance.text import long_date, plural

AREA_RULES = ("structure", "policies", "due_diligence", "risk", "effectiveness", "training")
HOMEPAGE_RULE_MARK = "homepage"


def _days(later: date, earlier: date) -> int:
    """Whole days between two dates."""
    return (later - earlier).days


def _fetch_ref(fetch: FetchFacts, label: str) -> EvidenceRef:
    """Evidence for one fetch attempt."""
    return EvidenceRef(fetch.kind, fetch.id, label, fetch.attempted_at.isoformat(), fetch.url)


def lateness(statement: StatementFacts, fetches: tuple[FetchFacts, ...], deadline: date, regime: Regime) -> list[Flag]:
    """A `late` flag when a dated record shows publication after the deadline (never a guess)."""
    where = f"against {regime.deadline_text()} (basis {regime.basis})"
    ref = EvidenceRef("statement", statement.id, "statement", statement.first_seen_at.isoformat(), statement.url)
    if statement.submitted_on and statement.submitted_on > deadline:
        days = _days(statement.submitted_on, deadline)
        return [
            Flag(
                "late",
                f"Submitted to the registry on {long_date(statement.submitted_on)}, "
                f"{plural(days, 'day')} after the deadline of {long_date(deadline)} {where}.",
                regime.basis,
                (ref,),
            )
        ]
    if statement.approved_on and statement.approved_on > deadline:
        days = _days(statement.approved_on, deadline)
        return [
            Flag(
                "late",
                f"Approved on {long_date(statement.approved_on)}, {plural(days, 'day')} after the "
                f"deadline of {long_date(deadline)} {where}; it cannot have been published earlier.",
                regime.basis,
                (ref,),
            )
        ]
    found = statement.first_seen_at.date()
    misses = [f for f in fetches if f.failed and deadline < f.attempted_at.date() < found]
    if misses:
        miss = max(misses, key=lambda f: f.attempted_at)
        return [
            Flag(
                "late",
                f"On {long_date(miss.attempted_at.date())}, after the deadline of {long_date(deadline)}, "
                f"a search found no statement ({miss.outcome}); it was first found on {long_date(found)} {where}.",
                regime.basis,
                (_fetch_ref(miss, f"search: {miss.outcome}"), ref),
            )
        ]
    return []


def content_flags(statement: StatementFacts, regime: Regime) -> list[Flag]:
    """`incomplete` for failed minimum rules, `homepage_link_missing`, or `not_assessed`."""
    flags: list[Flag] = []
    link_rule_failed = False
    assessment = statement.assessment
    if assessment is None and statement.has_text:
        flags.append(Flag("not_assessed", "The statement's content has not been assessed yet.", None))
    if assessment is not None:
        label = f"assessment {assessment.ruleset_id} {assessment.ruleset_version}"
        ref = EvidenceRef("assessment", assessment.id, label)
        failed = [r for r in assessment.rules if r.verdict == "fail" and r.basis in regime.minimum_bases]
        link_rule_failed = any(HOMEPAGE_RULE_MARK in r.id for r in failed)
        failed = [r for r in failed if HOMEPAGE_RULE_MARK not in r.id]
        if failed:
            items = "; ".join(f"{r.description or r.id} ({r.basis})" for r in failed)
            basis = "law" if any(r.basis == "law" for r in failed) else failed[0].basis
            flags.append(Flag("incomplete", f"The statement fails a minimum requirement: {items}.", basis, (ref,)))
        elif assessment.minimum_requirements_met is False and "law" in regime.minimum_bases:
            flags.append(
                Flag("incomplete", "The assessment found the legal minimum requirements are not met.", "law", (ref,))
            )
    if statement.homepage_link is False or link_rule_failed:
        flags.append(
            Flag(
                "homepage_link_missing",
                "No link to the statement was found in a prominent place on the organisation's homepage (s54(7)).",
                "law",
                (_link_ref(statement),),
            )
        )
    return flags


def _link_ref(statement: StatementFacts) -> EvidenceRef:
    """Evidence for the homepage-link fact: the discovery check, else the version that recorded it."""
    if statement.homepage_check_id is not None:
        return EvidenceRef("discovery_check", statement.homepage_check_id, "homepage-link check")
    return EvidenceRef("statement_version", statement.version_id, "homepage-link fact")


def group_flags(organisation: OrganisationFacts, statement: StatementFacts) -> list[Flag]:
    """`covered_by_group_statement` when another organisation's statement names this one."""
    if statement.publisher_id == organisation.id or statement.coverage_source == "publisher":
        return []
    who = f"organisation {statement.publisher_id}" if statement.publisher_id else "another organisation"
    how = {
        "named_in_text": "names it in its text",
        "registry": "lists it on the registry",
        "manual": "was linked to it by a reviewer",
    }.get(statement.coverage_source, "covers it")
    return [
        Flag(
            "covered_by_group_statement",
            f"Covered by a group statement published by {who}, which {how}.",
            "guidance",
            (EvidenceRef("statement", statement.id, "group statement", url=statement.url),),
        )
    ]


def registry_flags(statement: StatementFacts, fetches: tuple[FetchFacts, ...]) -> list[Flag]:
    """Registry declarations the text contradicts, a broken declared URL, or a registry entry with no statement."""
    flags: list[Flag] = []
    on_url = sorted((f for f in fetches if statement.url and f.url == statement.url), key=lambda f: f.attempted_at)
    if statement.source == "registry" and on_url and on_url[-1].failed:
        last = on_url[-1]
        flags.append(
            Flag(
                "registry_url_broken",
                f"The URL declared on the registry failed when fetched on "
                f"{long_date(last.attempted_at.date())} ({last.status_code or last.outcome}).",
                "registry",
                (_fetch_ref(last, "declared URL fetched"),),
            )
        )
    if statement.source == "registry" and not statement.has_text:
        flags.append(
            Flag(
                "registry_entry_without_statement",
                "The registry entry leads to no findable statement, so "
                "publication on the website (s54(7)) cannot be shown.",
                "law",
                tuple(_fetch_ref(f, "declared URL fetched") for f in on_url[-3:]),
            )
        )
    if statement.assessment is not None and statement.declared_areas:
        verdicts = {r.id: r.verdict for r in statement.assessment.rules}
        gaps = [area for area, said in statement.declared_areas if said and verdicts.get(area) == "fail"]
        if gaps:
            flags.append(
                Flag(
                    "registry_declaration_mismatch",
                    f"Declared on the registry as covered, but not found in the statement's text: {', '.join(gaps)}.",
                    "registry",
                    (EvidenceRef("assessment", statement.assessment.id, "area verdicts"),),
                )
            )
    return flags
