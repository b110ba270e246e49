"""E-mail channel: Django's e-mail backends.

- `django`: the backend configured in settings (EMAIL_BACKEND: console in development, SMTP or a
  vendor backend in production).
- `smtp`: a hotel's own SMTP server (host, port, credentials, TLS), through Django's SMTP backend.

Messages carry a Message-ID derived from the outbox row's key, so a message re-sent after a worker
crash is recognised as the same message by mail systems that deduplicate on it.
"""

from __future__ import annotations

import hashlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from ..registry import ConfigField
from .base import ChannelProvider, OutboundMessage, PermanentDeliveryError, SendResult, TransientDeliveryError


def message_id_for(key: str, from_email: str) -> str:
    domain = from_email.rsplit("@", 1)[-1].strip(" >") or "mystay.local"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@{domain}>"


class DjangoEmailChannel(ChannelProvider):
    name = "django"
    label = "Django e-mail backend (settings.EMAIL_BACKEND)"
    config_fields = (
        ConfigField("from_email", env="DEFAULT_FROM_EMAIL", help="Sender, e.g. 'Hotel Paris <stay@hotel.example>'."),
        ConfigField("reply_to", help="Reply-To address (default: the hotel's e-mail)."),
    )

    def connection(self):
        return get_connection(fail_silently=False)

    @property
    def from_email(self) -> str:
        return self.config.get("from_email") or settings.DEFAULT_FROM_EMAIL

    def send(self, message: OutboundMessage) -> SendResult:
        key = message.idempotency_key or message.recipient
        message_id = message_id_for(key, self.from_email)
        reply_to = self.config.get("reply_to") or message.reply_to
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.text,
            from_email=self.from_email,
            to=[message.recipient],
            reply_to=[reply_to] if reply_to else None,
            headers={"Message-ID": message_id},
            connection=self.connection(),
        )
        if message.html:
            email.attach_alternative(message.html, "text/html")
        try:
            email.send()
        except smtplib.SMTPRecipientsRefused:
            raise PermanentDeliveryError("The mail server refused the recipient address.", code="recipient_refused")
        except smtplib.SMTPAuthenticationError:
            raise TransientDeliveryError("The mail server refused our credentials.", code="smtp_auth")
        except smtplib.SMTPResponseException as exc:
            code = int(getattr(exc, "smtp_code", 0) or 0)
            if 500 <= code < 600 and not isinstance(exc, smtplib.SMTPSenderRefused):
                raise PermanentDeliveryError(f"The mail server rejected the message (SMTP {code}).", code=str(code))
            raise TransientDeliveryError(f"The mail server deferred the message (SMTP {code}).", code=str(code))
        except (smtplib.SMTPException, OSError) as exc:
            raise TransientDeliveryError(f"The mail server could not be reached ({type(exc).__name__}).")
        return SendResult(provider_message_id=message_id)

    def health_check(self) -> bool:
        connection = self.connection()
        connection.open()
        connection.close()
        return True


class SmtpEmailChannel(DjangoEmailChannel):
    name = "smtp"
    label = "SMTP server"
    config_fields = (
        ConfigField("host", required=True, env="EMAIL_HOST", help="SMTP server host name."),
        ConfigField("port", type="int", default=587, env="EMAIL_PORT"),
        ConfigField("username", env="EMAIL_HOST_USER"),
        ConfigField("password", secret=True, env="EMAIL_HOST_PASSWORD"),
        ConfigField("use_tls", type="bool", default=True, env="EMAIL_USE_TLS", help="STARTTLS."),
        ConfigField("use_ssl", type="bool", default=False, help="Implicit TLS (port 465)."),
        ConfigField("timeout", type="int", default=10, env="EMAIL_TIMEOUT", help="Seconds."),
        ConfigField("from_email", env="DEFAULT_FROM_EMAIL", help="Sender, e.g. 'Hotel Paris <stay@hotel.example>'."),
        ConfigField("reply_to", help="Reply-To address (default: the hotel's e-mail)."),
    )

    def connection(self):
        return get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            fail_silently=False,
            host=self.config["host"],
            port=self.config.get("port", 587),
            username=self.config.get("username") or "",
            password=self.config.get("password") or "",
            use_tls=bool(self.config.get("use_tls")) and not self.config.get("use_ssl"),
            use_ssl=bool(self.config.get("use_ssl")),
            timeout=self.config.get("timeout", 10),
        )
