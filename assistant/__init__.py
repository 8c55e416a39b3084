"""Tailor: a privacy-aware patient assistant for personalised medicine."""

__version__ = "0.1.0"
