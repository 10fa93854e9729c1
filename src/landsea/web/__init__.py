"""(6) Web: the dashboard's room, reserved (ARCHITECTURE.md). It holds no code yet, so it exports
nothing; the hub serves the API the dashboard will read."""

__all__: list[str] = []
