"""CLI commands for the diff feature (registered on the main group by toolkit.cli)."""

from __future__ import annotations

import click


def register(main: click.Group) -> None:
    """Add this feature's commands to main."""
