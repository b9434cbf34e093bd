"""Liasse's composition root: settings, wiring, the CLI, the Celery app and create_app()."""

__all__: list[str] = []
