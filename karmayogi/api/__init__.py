"""The faces of the engine: the FastAPI app under /api/v1 and the `karmayogi` command."""
