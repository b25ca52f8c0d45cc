"""The page planner and one module per output kind (feeds, sitemaps, images, ...)."""
