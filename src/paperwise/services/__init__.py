"""Use cases shared by the API and the CLI: accounts and keys, extractions, document types."""
