"""Sync with the central database: schema, blob store, push, pull."""
