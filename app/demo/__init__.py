"""The demo: a deterministic synthetic register, a database built from it, and `mst demo` to serve it."""
