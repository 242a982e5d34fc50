"""Everything one stand-in app holds: config, mailbox, faults, limits, signer, event delivery."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask import Flask, current_app

from standins.sendgrid.config import StandinConfig
from standins.sendgrid.faults import FaultPlan, RateWindow
from standins.sendgrid.signing import EventSigner
from standins.sendgrid.store import MailStore
from standins.sendgrid.webhook import EventDispatcher

EXTENSION_KEY = "sendgrid_standin"


@dataclass
class StandinState:
    """The stand-in's in-memory world; each part guards itself with its own lock."""

    config: StandinConfig
    signer: EventSigner
    dispatcher: EventDispatcher
    rate: RateWindow
    store: MailStore = field(default_factory=MailStore)
    faults: FaultPlan = field(default_factory=FaultPlan)
    started_at: float = field(default_factory=time.time)

    @classmethod
    def build(cls, config: StandinConfig) -> StandinState:
        """Assemble a fresh state from a config."""
        signer = EventSigner(config.signing_seed)
        return cls(
            config=config,
            signer=signer,
            dispatcher=EventDispatcher(config, signer),
            rate=RateWindow(config.rate_limit, config.rate_window_seconds),
        )

    def close(self) -> None:
        """Stop background event delivery."""
        self.dispatcher.close()


def standin_state() -> StandinState:
    """The state of the app handling the current request."""
    return current_app.extensions[EXTENSION_KEY]


def state_of(app: Flask) -> StandinState:
    """The state of a given stand-in app (for the runner and tests, outside a request)."""
    return app.extensions[EXTENSION_KEY]
