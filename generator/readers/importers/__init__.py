"""`python -m generator import`: wire text and other tools' exports (WordPress WXR, RSS 2.0,
Atom) into Markdown files with front matter."""
