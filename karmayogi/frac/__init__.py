"""The competency model: roles, activities, competencies and proficiency levels (pure, no persistence)."""
