"""roleadvisor: find the AI role that fits, see what its interviews test, and plan the prep."""

__version__ = "0.1.0"
