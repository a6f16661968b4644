"""`mst score PATH_OR_URL`: detect, extract facts and score one statement without a database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer

from app.scoring.engine import Assessment, assess
from app.scoring.rulesets import RulesetError, get_ruleset, load_rulesets
from app.scoring.types import LegalForm

MAX_DOWNLOAD_BYTES = 50 * 1024 * 1024
LEGAL_FORMS = ["company", "llp", "limited_partnership", "partnership", "charity", "public_body", "other"]


def fetch(source: str) -> tuple[bytes, str | None]:
    """The bytes of a local file or an http(s) URL, and the content type the server gave."""
    if source.startswith(("http://", "https://")):
        import httpx

        from app.config import get_settings

        headers = {"User-Agent": get_settings().user_agent}
        with (
            httpx.Client(follow_redirects=True, timeout=30.0, headers=headers) as client,
            client.stream("GET", source) as reply,
        ):
            reply.raise_for_status()
            chunks, size = [], 0
            for chunk in reply.iter_bytes():
                size += len(chunk)
                if size > MAX_DOWNLOAD_BYTES:
                    raise ValueError(f"{source} is larger than {MAX_DOWNLOAD_BYTES // (1024 * 1024)} MB")
                chunks.append(chunk)
            return b"".join(chunks), reply.headers.get("content-type")
    return Path(source).read_bytes(), None


def error_report(message: str, ruleset: str | None) -> dict[str, Any]:
    """The JSON object for a source that could not be read."""
    return {
        "is_statement": False,
        "confidence": 0.0,
        "ruleset": ruleset,
        "ruleset_version": None,
        "score": 0,
        "facts": None,
        "rules": [],
        "status": "error",
        "error": message,
    }


def render_table(assessment: Assessment) -> str:
    """A readable summary: detection, facts, and one line per rule with its first evidence."""
    facts = assessment.facts
    signatory = f"{facts.signatory.name} ({facts.signatory.role})" if facts.signatory else "-"
    met = {True: "yes", False: "no", None: "not yet known"}[assessment.minimum_requirements_met]
    unknown = (
        f" (unknown: {', '.join(assessment.minimum_requirements_unknown)})"
        if assessment.minimum_requirements_unknown
        else ""
    )
    lines = [
        f"Statement:     {'yes' if assessment.detection.is_statement else 'no'} "
        f"(confidence {assessment.detection.confidence:.2f}; {'; '.join(assessment.detection.reasons[:2])})",
        f"Ruleset:       {assessment.ruleset_id} {assessment.ruleset_version} ({assessment.legal_form})",
        f"Score:         {assessment.score}/100   minimum requirements met: {met}{unknown}",
        f"Period end:    {facts.period_end or '-'}    "
        f"approved by: {facts.approved_by or '-'} on {facts.approval_date or '-'}",
        f"Signatory:     {signatory}    jurisdiction: {facts.jurisdiction}",
        f"Company nos.:  {', '.join(facts.company_numbers) or '-'}",
        "",
        f"{'rule':<26}{'verdict':<10}{'basis':<10}explanation",
        "-" * 100,
    ]
    for rule in assessment.rules:
        lines.append(f"{rule.id:<26}{rule.verdict:<10}{rule.basis:<10}{rule.explanation}")
        if rule.evidence:
            first = rule.evidence[0]
            page = f"p.{first.page} " if first.page else ""
            lines.append(f"{'':<46}└ {page}[{first.start}:{first.end}] {first.text[:90]}")
    if assessment.error:
        lines.append(f"Error: {assessment.error}")
    return "\n".join(lines)


def score(
    source: str = typer.Argument(..., help="A file (PDF, HTML, DOCX, text) or an http(s) URL."),
    ruleset: str | None = typer.Option(
        None, "--ruleset", help="Ruleset id (default: by the statement's jurisdiction)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a table."),
    legal_form: str = typer.Option("company", "--legal-form", help=f"One of: {', '.join(LEGAL_FORMS)}."),
    homepage_link: bool | None = typer.Option(None, "--homepage-link/--no-homepage-link", help="If known."),
) -> None:
    """Detect, extract facts and score one statement (no database needed)."""
    from app.extraction import extract

    if legal_form not in LEGAL_FORMS:
        raise typer.BadParameter(f"must be one of {', '.join(LEGAL_FORMS)}", param_hint="--legal-form")
    try:
        chosen = get_ruleset(ruleset) if ruleset else None
    except RulesetError as exc:
        raise typer.BadParameter(str(exc), param_hint="--ruleset") from exc
    try:
        data, content_type = fetch(source)
    except Exception as exc:  # unreadable input is reported, never a traceback
        report = error_report(f"cannot read {source}: {exc}", ruleset)
        typer.echo(json.dumps(report) if as_json else f"Error: {report['error']}", err=not as_json)
        raise typer.Exit(1) from exc
    document = extract(data, content_type=content_type, source_name=source)
    discovery = {} if homepage_link is None else {"homepage_link": homepage_link}
    form: LegalForm = legal_form  # type: ignore[assignment]  # checked against LEGAL_FORMS above
    assessment = assess(document, chosen, discovery, legal_form=form)
    typer.echo(json.dumps(assessment.to_dict(), ensure_ascii=False) if as_json else render_table(assessment))
    if assessment.status != "ok":
        raise typer.Exit(1)


def rulesets() -> None:
    """List the rulesets (validating every file) with their versions and rule counts."""
    for ruleset in load_rulesets().values():
        typer.echo(
            f"{ruleset.id:<14}{ruleset.version:<12}{ruleset.jurisdiction:<4}"
            f"{len(ruleset.rules):>3} rules  {ruleset.title}"
        )


def rescore() -> None:
    """Score stored statements not yet assessed with the current ruleset versions (job scoring.rescore_statements)."""
    from app.scoring.tasks import rescore_statements_job

    result = rescore_statements_job()
    for ruleset_id in sorted(set(result.scored) | set(result.skipped_current)):
        typer.echo(
            f"{ruleset_id}: scored {result.scored.get(ruleset_id, 0)}, "
            f"already current {result.skipped_current.get(ruleset_id, 0)}"
        )
    for failure in result.failed:
        typer.echo(f"failed: {failure}", err=True)
    if result.failed:
        raise typer.Exit(1)
