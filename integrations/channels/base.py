"""The interface every notification channel provider implements.

    provider = get_integration_manager(hotel).get(Capability.SMS)
    result = provider.send(OutboundMessage(recipient="+33...", text="...", idempotency_key="..."))

`send` returns a SendResult or raises:
- PermanentDeliveryError: retrying cannot help (invalid number, unregistered device, refused address);
  the outbox dead-letters the row at once.
- TransientDeliveryError (or any ProviderError): the outbox retries later with backoff.

Error messages are stored on the outbox row and shown in the admin, so they never contain the
recipient, the message body or a secret: use a vendor error code and our own wording.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutboundMessage:
    recipient: str
    text: str
    subject: str = ""  # e-mail subject, push title
    html: str = ""  # e-mail HTML alternative
    data: dict = field(default_factory=dict)  # push data payload (ids and types only)
    idempotency_key: str = ""  # stable per outbox row; providers that can deduplicate use it
    reply_to: str = ""


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str = ""


class DeliveryError(Exception):
    permanent = False

    def __init__(self, message: str, *, code: str = "", retry_after: float | None = None):
        self.code = code
        self.retry_after = retry_after
        super().__init__(message)


class PermanentDeliveryError(DeliveryError):
    permanent = True


class TransientDeliveryError(DeliveryError):
    permanent = False


class ChannelProvider(ABC):
    """Base class: `name`, `label`, `config_fields`; built by the IntegrationManager per hotel."""

    name = ""
    label = ""
    config_fields: tuple = ()

    def __init__(self, *, hotel, config: dict):
        self.hotel = hotel
        self.config = config

    @abstractmethod
    def send(self, message: OutboundMessage) -> SendResult:
        """Deliver one message; raise Permanent/TransientDeliveryError (or a ProviderError) on failure."""

    def health_check(self) -> bool:
        return True
