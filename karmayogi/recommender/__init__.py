"""What to learn next: gap analysis, ranking, learning paths and their offline evaluation."""
