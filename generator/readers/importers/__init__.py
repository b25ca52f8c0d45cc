"""Importers: other tools' exports (WordPress WXR, RSS 2.0, Atom) to Markdown files."""
