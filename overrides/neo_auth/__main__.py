"""`python -m neo_auth`: the same as the `neo-auth` command."""

from neo_auth.cli import main

raise SystemExit(main())
