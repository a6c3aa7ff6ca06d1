"""The responsibility report and legal reviews."""
