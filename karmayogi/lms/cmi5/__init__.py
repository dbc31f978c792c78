"""cmi5: course packages, launching their AUs, and the LMS side of the statement rules."""
