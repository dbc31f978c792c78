"""The catalogue and text understanding: course model, encoders, vector index, competency linking."""
