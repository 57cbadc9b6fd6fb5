"""The local archive store: SQLAlchemy models, sessions, page files, audit chain, migrations."""
