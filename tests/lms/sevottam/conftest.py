"""The Sevottam world (see `sevottam_world`), offered to every test here as the `offices` fixture."""

from sevottam_world import offices

__all__ = ["offices"]
