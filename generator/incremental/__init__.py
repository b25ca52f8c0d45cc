"""Incremental builds: a rebuild costs what changed, and writes what a clean build writes.

The parse cache sits in front of the parse stage; the fingerprints and the ledger (the
manifest of the output folder) in front of the render stage.
"""
