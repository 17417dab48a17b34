"""Durable extraction jobs: the JobQueue port, its embedded adapter (a lease table in the
database: the extraction row is the queue entry), the extraction sandbox (a child process with a
hard time limit), worker processes and the periodic sweep."""
