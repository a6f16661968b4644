"""HTML pages for the public, regulators, enforcement teams, organisations and administrators."""
