"""pufa: MkDocs plugins and tools for public legal-education (普法) sites."""
