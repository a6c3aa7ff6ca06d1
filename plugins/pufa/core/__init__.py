"""Domain logic of pufa. Nothing in this package imports MkDocs."""
