"""``python -m paperwise``: the CLI of the ``paperwise`` console script, run by this interpreter
(so a checkout on ``PYTHONPATH`` runs its own code, not the installed one)."""

from paperwise.cli import main

if __name__ == "__main__":
    main()
