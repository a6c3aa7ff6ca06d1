"""Statute texts, article citations and the corpus importer."""
