"""Forced-labour screening: the US Withhold Release Orders register, supplier lists and statement texts."""
