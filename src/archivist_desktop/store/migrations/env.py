"""Alembic environment: runs on the connection handed in by ``store.db.upgrade``."""

from alembic import context
from sqlalchemy import create_engine

from archivist_desktop.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # command-line use: alembic -x url=sqlite:///path revision ...
        url = context.get_x_argument(as_dictionary=True).get("url", "sqlite://")
        with create_engine(url).connect() as conn:
            context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
            with context.begin_transaction():
                context.run_migrations()
            conn.commit()
        return
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run()
