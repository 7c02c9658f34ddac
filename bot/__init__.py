"""Jeugdbot: Dutch youth-care questions answered from the monitor marts and a knowledge base."""

__version__ = "0.1.0"
