"""Workflows that join learning records to the system of record: they sit above both the LRS (`lms/xapi`)
and enrolments, so that neither imports the other's way back up."""
