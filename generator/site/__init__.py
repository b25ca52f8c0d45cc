"""The archive as readers browse it: URLs, tags, sources, periods, related stories."""
