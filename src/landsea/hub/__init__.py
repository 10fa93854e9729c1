"""The single-window hub: a FastAPI app over SQLAlchemy (SQLite or PostgreSQL); its modules are
its API for now (`landsea.hub.app.create_app`), so the package itself exports nothing yet."""

__all__: list[str] = []
