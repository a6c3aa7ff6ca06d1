"""Serving a built site: the nginx server block for its address path and CSP hashes."""
