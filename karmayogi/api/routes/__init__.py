"""Route modules of /api/v1, one per area; each route parses, calls `require`, then one lms service."""
