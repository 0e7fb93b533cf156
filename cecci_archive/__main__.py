"""``python -m cecci_archive``: the same as the ``cecci-archive`` command."""

from .cli import main

raise SystemExit(main())
