"""Request dependencies: the database session, committed before the response is sent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker


def _session(request: Request) -> Iterator[Session]:
    """A session owned by the request: committed when the handler returns, rolled back on error."""
    factory: sessionmaker[Session] = request.app.state.sessionmaker
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# scope="function" runs the commit before the response goes out, so no client reads a success
# that was then rolled back (recent FastAPI otherwise runs it after sending).
DbSession = Annotated[Session, Depends(_session, scope="function")]
get_session = _session
