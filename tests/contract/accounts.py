"""The sandboxes the contract suites run against.

Beside the default account: the account of the spec's examples (the real docs' sample
number), so example requests reach real behaviour instead of 'not registered'; and a
bot's account whose TOTP is already registered, with its key known to the suite as a
bot would store it, so the login chain is reached in every scenario.
"""

from __future__ import annotations

from neo_auth.sandbox import DEFAULT_ACCOUNT, Account, SandboxConfig

EXAMPLE_ACCOUNT = Account(
    mobile="+919999996708",
    uccs=(("ABC12", "NEO"),),
    mpin="123456",
    consumer_key="sandbox-consumer-key",
)
BOT_ACCOUNT = Account(
    mobile="+919999990001",
    uccs=(("BOT01", "NEO"),),
    mpin="654321",
    consumer_key="sandbox-consumer-key",
    totp_secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
)


def contract_config() -> SandboxConfig:
    return SandboxConfig(accounts=(DEFAULT_ACCOUNT, EXAMPLE_ACCOUNT, BOT_ACCOUNT))
