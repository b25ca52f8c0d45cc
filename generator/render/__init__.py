"""The render stage: the Jinja environment, pages into files, template errors."""
