"""The system of record: database, workflows and permissions."""
