"""Rendering: fonts by role, safe HTML → PDF, and the formal notice with its attachment table."""
