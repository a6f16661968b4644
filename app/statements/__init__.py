"""Statements, their versions and the content-addressed archive of everything fetched for them."""
