"""Accounts, roles, sessions, API tokens, sign-in rate limits and the audit log."""
