"""Pure domain: document types, fields, the result object, statuses. No I/O."""
