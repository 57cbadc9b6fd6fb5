"""Value types and rules of the archive domain.  Standard library only."""
