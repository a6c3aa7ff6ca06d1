"""Pages and page parts made from core's data, for MkDocs to render."""
