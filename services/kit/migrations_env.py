"""The body of every service's Alembic env.py: online migrations, batch mode on SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy import MetaData

from services.kit.db import make_engine


def run_migrations(metadata: MetaData) -> None:
    """Run migrations against the URL the caller put in the Alembic config."""
    url = str(context.config.attributes.get("url") or context.config.get_main_option("sqlalchemy.url"))
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()
