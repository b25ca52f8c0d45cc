"""A static news archive generator: dated articles in, a browsable static news site out.

The pipeline, one sub-package per stage (docs/architecture.md draws it):
config -> readers -> site -> outputs -> render -> output, with incremental/ in front of
the parse and render stages, build.py calling each in turn, and serve/ on top.
"""
