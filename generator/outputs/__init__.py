"""What a build publishes: the page planner and one module per kind of output."""
