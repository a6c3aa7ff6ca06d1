"""The Chinese search: text folding, dictionary and the sharded index."""
