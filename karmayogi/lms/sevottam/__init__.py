"""Sevottam: citizen's charters, grievance redressal in working days, service-delivery performance,
assessment and rating, and the link from service failures to competencies."""
