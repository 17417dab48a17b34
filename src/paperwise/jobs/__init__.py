"""Durable extraction jobs, orchestrated: worker processes that take jobs from the queue (its
SQL is ``paperwise.storage.job_queue``: the extraction row is the queue entry), the extraction
sandbox (a child process with a hard time limit), Procrastinate dispatch in distributed mode and
the periodic sweep. Nothing here runs SQL."""
