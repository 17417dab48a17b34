"""Webhooks: the extraction.finished event, Standard Webhooks signing, the SSRF guard, the
retry schedule, the HTTP sender and the delivery loop that ties them to the database."""
