"""Jeugdbot: answers Dutch questions about youth care from the monitor marts and a curated knowledge base."""

__version__ = "0.1.0"
