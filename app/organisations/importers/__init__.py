"""Readers for organisation files: the UK registry list, Companies House bulk data, a generic CSV."""
