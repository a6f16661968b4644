"""Modern slavery statement compliance tracker."""

__version__ = "0.1.0"
