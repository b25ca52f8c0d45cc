"""Readers: one module per content format, and importers of other tools' exports."""
