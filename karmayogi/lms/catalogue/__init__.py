"""The marketplace's system of record: authoring, review and publication, tags, ratings and requests."""
