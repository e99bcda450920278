"""Briefing: a static site generator for a sourced news briefing."""

__version__ = "0.1.0"
