"""Several rows in one INSERT statement, built once per table, column set and row count.

An executemany is one statement per row on the wire, and SQLAlchemy does not cache the compiled form of
`insert().values([...])`, so it would be compiled again for every request. A textual statement with typed
parameters is cached like any other and still binds every value through its column's type.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import Table, TextClause, bindparam, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session


@lru_cache(maxsize=64)
def _statement(table: Table, columns: tuple[str, ...], count: int) -> TextClause:
    """INSERT INTO table (columns) VALUES (...), (...) with one named, typed parameter per cell."""
    cells = [table.c[name] for name in columns]  # only the table's own columns: a KeyError otherwise
    names = ", ".join(f'"{column.name}"' for column in cells)
    rows = ", ".join("(" + ", ".join(f":{column.name}_{i}" for column in cells) + ")" for i in range(count))
    # Identifiers come from the Table; every value is a bound parameter.
    return text(f'INSERT INTO "{table.name}" ({names}) VALUES {rows}').bindparams(  # noqa: S608
        *(bindparam(f"{column.name}_{i}", type_=column.type) for i in range(count) for column in cells)
    )


def insert_many(db: Connection | Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Write `rows`, which all name the same columns, in one statement."""
    if not rows:
        return
    columns = tuple(rows[0])
    params = {f"{name}_{i}": row[name] for i, row in enumerate(rows) for name in columns}
    db.execute(_statement(table, columns, len(rows)), params)
