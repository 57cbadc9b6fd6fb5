"""Alembic environment of the central database (its own version table)."""

from alembic import context

from archivist_desktop.sync.schema import central_metadata

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=central_metadata,
    render_as_batch=True,
    version_table="central_schema_version",
)
with context.begin_transaction():
    context.run_migrations()
