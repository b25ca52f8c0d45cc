"""`python -m generator import`: files from elsewhere into Markdown with front matter."""
