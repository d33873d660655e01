"""``python -m newsnlp``: the same as the ``newsnlp`` command."""

from .cli import main

# The guard matters: worker processes (``--workers N``) import this module again under
# another name, and must not run the command a second time.
if __name__ == "__main__":
    raise SystemExit(main())
