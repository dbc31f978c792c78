"""The xAPI Learning Record Store."""
