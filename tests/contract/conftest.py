"""Settings of the contract suites, from the environment (see the Makefile):

- NEO_AUTH_CONTRACT_URL: test a live deployment at this URL instead of the in-process
  sandbox (`make contract URL=...`);
- NEO_AUTH_CONTRACT_KEY: its consumer key (the sandbox's when unset; schemathesis.toml
  reads it when a schema is loaded, at import time);
- NEO_AUTH_CONTRACT_EXAMPLES: examples per operation and phase (`make contract-deep`).
"""

from __future__ import annotations

import os

os.environ.setdefault("NEO_AUTH_CONTRACT_KEY", "sandbox-consumer-key")

LIVE_URL = os.environ.get("NEO_AUTH_CONTRACT_URL") or None
EXAMPLES = int(os.environ.get("NEO_AUTH_CONTRACT_EXAMPLES", "0")) or None
