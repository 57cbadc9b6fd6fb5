"""Use cases shared by the GUI and the CLI.  They return plain frozen dataclasses, never ORM objects."""
