"""Finding an organisation's statement from its homepage: polite, bounded, SSRF-safe; no database access."""
