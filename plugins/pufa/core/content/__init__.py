"""The editors' content: reading, checking and the frozen catalog."""
