"""The dashboard: static assets served beside the hub (built from the npm registry at install).

It has no Python API of its own yet; the hub serves its pages.
"""

from __future__ import annotations

__all__: list[str] = []
