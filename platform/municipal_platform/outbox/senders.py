"""What each kind of outbox message does when it goes out, registered by the app that sends it.

An app's `emails` module (found by OutboxConfig.ready) registers its kinds::

    @sender("accounts.invitation")
    def send_invitation(*, user_id: int) -> None: ...

A sender runs inside the relay's transaction, in the schema the message was written in, with the
message's params as keyword arguments. It builds the message now (links included) and hands it to the
mail backend; if it raises, nothing it wrote is kept and the message is tried again later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Sender = Callable[..., Any]

_SENDERS: dict[str, Sender] = {}


def sender(kind: str) -> Callable[[Sender], Sender]:
    def register(function: Sender) -> Sender:
        if _SENDERS.get(kind, function) is not function:
            raise RuntimeError(f"outbox kind {kind!r} is registered twice")
        _SENDERS[kind] = function
        return function

    return register


def get_sender(kind: str) -> Sender:
    try:
        return _SENDERS[kind]
    except KeyError:
        raise LookupError(f"no outbox sender for {kind!r}") from None


def kinds() -> list[str]:
    return sorted(_SENDERS)
