"""``python -m newsnlp``: the same as the ``newsnlp`` command."""

from .cli import main

raise SystemExit(main())
