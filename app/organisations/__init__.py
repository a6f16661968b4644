"""The register of organisations: import, scope, matching, groups."""
