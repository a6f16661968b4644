"""The word index behind name search: every word of an organisation's names, for word-prefix look-ups."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, delete, event, inspect, select
from sqlalchemy.orm import Session

from app.db import bulk_insert_tuples
from app.models.organisations import Organisation, OrganisationAlias, OrganisationSearchToken
from app.organisations.normalise import LEGAL_TOKENS, name_key

_TOKEN_LENGTH = 120  # OrganisationSearchToken.token's length


def tokens(names: Iterable[str]) -> set[str]:
    """The distinct words of the names' normalised keys, without legal-form words every name has."""
    return key_tokens([name_key(name) for name in names])


def key_tokens(keys: list[str]) -> set[str]:
    """The distinct words of normalised name keys, without legal-form words, each cut to the column's length."""
    if len(keys) == 1 and len(keys[0]) <= _TOKEN_LENGTH:  # the usual case: one name, no word too long
        words = set(keys[0].split())
        words -= LEGAL_TOKENS
        return words
    return {word[:_TOKEN_LENGTH] for key in keys for word in key.split() if word not in LEGAL_TOKENS}


def token_rows(organisation_id: int, names: Iterable[str]) -> list[tuple[str, int]]:
    """(token, organisation_id) rows for the token table."""
    return [(token, organisation_id) for token in tokens(names)]


def insert_rows(session: Session, rows: list[tuple[str, int]], *, ordered: bool = True) -> None:
    """Insert token rows at driver speed, in key order unless `ordered` is False (no index to grow)."""
    if ordered:
        rows.sort()
    bulk_insert_tuples(session.connection(), "organisation_search_tokens", ("token", "organisation_id"), rows)


def reindex(session: Session, organisation_ids: Iterable[int]) -> None:
    """Rebuild the words of the given organisations from their current names and aliases."""
    session.flush()  # the after-flush hook below reindexes what the ORM changed
    _rebuild(session, organisation_ids)


def _rebuild(session: Session, organisation_ids: Iterable[int]) -> None:
    """Replace the token rows of the given organisations (no flush: safe inside flush events)."""
    ids = list(set(organisation_ids))
    if not ids:
        return
    names: dict[int, list[str]] = {i: [] for i in ids}
    for org_id, name in session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(ids))):
        names[org_id].append(name)
    alias_query = select(OrganisationAlias.organisation_id, OrganisationAlias.name).where(
        OrganisationAlias.organisation_id.in_(ids)
    )
    for org_id, alias in session.execute(alias_query):
        names[org_id].append(alias)
    connection = session.connection()
    connection.execute(delete(OrganisationSearchToken).where(OrganisationSearchToken.organisation_id.in_(ids)))
    rows = sorted(row for org_id, org_names in names.items() for row in token_rows(org_id, org_names))
    bulk_insert_tuples(connection, "organisation_search_tokens", ("token", "organisation_id"), rows)


@event.listens_for(Session, "after_flush")
def _reindex_changed_names(session: Session, _context: object) -> None:
    """Keep the word index in step with every ORM change to a name or an alias, whoever makes it."""
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Organisation) and (obj in session.new or inspect(obj).attrs.name.history.has_changes()):
            ids.add(obj.id)
        elif isinstance(obj, OrganisationAlias) and obj.organisation_id is not None:
            ids.add(obj.organisation_id)
    for obj in session.deleted:
        if isinstance(obj, OrganisationAlias) and obj.organisation_id is not None:
            ids.add(obj.organisation_id)
    deleted = {obj.id for obj in session.deleted if isinstance(obj, Organisation)}
    _rebuild(session, ids - deleted)


def _next_prefix(word: str) -> str:
    """The smallest string greater than every string starting with `word`."""
    return word[:-1] + chr(ord(word[-1]) + 1)


def word_matches(query: str) -> list[Select[int]]:
    """One id query per query word: organisations with a name word starting with it."""
    return [
        select(OrganisationSearchToken.organisation_id).where(
            OrganisationSearchToken.token >= word, OrganisationSearchToken.token < _next_prefix(word)
        )
        for word in sorted(set(name_key(query).split()) - LEGAL_TOKENS, key=len, reverse=True)[:8]
    ]
