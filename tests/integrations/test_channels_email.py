"""E-mail channels: Django's configured backend (locmem in tests) and a hotel's own SMTP server."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.smtp import EmailBackend

from integrations.channels.base import OutboundMessage, PermanentDeliveryError, TransientDeliveryError
from integrations.channels.email import message_id_for
from integrations.manager import get_integration_manager
from integrations.services import configure_integration

pytestmark = pytest.mark.django_db


def message(**kwargs):
    defaults = {
        "recipient": "helene@example.com",
        "subject": "Vous êtes enregistré : chambre 412",
        "text": "Bonjour Hélène,\nVotre chambre : 412.\n",
        "html": "<p>Bonjour Hélène,</p><p>Votre chambre : <strong>412</strong>.</p>",
        "idempotency_key": "checkin_completed:1",
        "reply_to": "desk@hotel.example",
    }
    defaults.update(kwargs)
    return OutboundMessage(**defaults)


def test_django_channel_sends_text_with_html_alternative(hotel):
    configure_integration(
        hotel=hotel, capability="email", provider="django", config={"from_email": "Hôtel Lumière <stay@hotel.example>"}
    )
    result = get_integration_manager(hotel).get("email").send(message())
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.from_email == "Hôtel Lumière <stay@hotel.example>"
    assert sent.to == ["helene@example.com"] and sent.reply_to == ["desk@hotel.example"]
    assert sent.subject == "Vous êtes enregistré : chambre 412"
    assert sent.body.startswith("Bonjour Hélène")
    assert sent.alternatives[0][1] == "text/html" and "<strong>412</strong>" in sent.alternatives[0][0]
    # A stable Message-ID per outbox row: a re-send after a crash is the same message to mail systems.
    assert result.provider_message_id == message_id_for("checkin_completed:1", "stay@hotel.example")
    assert sent.message()["Message-ID"] == result.provider_message_id
    assert result.provider_message_id.endswith("@hotel.example>")


def test_django_channel_is_the_environment_default(hotel, settings):
    assert settings.EMAIL_PROVIDER == "django"
    get_integration_manager(hotel).get("email").send(message(html=""))
    assert mail.outbox[0].from_email == settings.DEFAULT_FROM_EMAIL and not mail.outbox[0].alternatives


@pytest.fixture
def smtp(hotel):
    configure_integration(
        hotel=hotel,
        capability="email",
        provider="smtp",
        config={
            "host": "smtp.hotel.example",
            "port": "2525",
            "username": "mailer",
            "password": "smtp-secret",
            "use_tls": "true",
            "from_email": "stay@hotel.example",
        },
    )
    return get_integration_manager(hotel).get("email")


def test_smtp_channel_uses_the_hotels_server(smtp):
    connection = smtp.connection()
    assert isinstance(connection, EmailBackend)
    assert (connection.host, connection.port, connection.username, connection.password) == (
        "smtp.hotel.example",
        2525,
        "mailer",
        "smtp-secret",
    )
    assert connection.use_tls is True and connection.use_ssl is False and connection.timeout == 10


class FakeSMTP:
    """Stands in for smtplib.SMTP: records the conversation, refuses as told."""

    refuse = None
    sent: list = []

    def __init__(self, host, port, **kwargs):
        self.host, self.port = host, port

    def ehlo(self):
        pass

    def starttls(self, **kwargs):
        pass

    def login(self, user, password):
        if password != "smtp-secret":
            raise smtplib.SMTPAuthenticationError(535, b"bad credentials")

    def sendmail(self, from_addr, to_addrs, msg, **kwargs):
        if FakeSMTP.refuse:
            raise FakeSMTP.refuse
        FakeSMTP.sent.append((from_addr, to_addrs, msg))
        return {}

    def quit(self):
        pass

    def close(self):
        pass


@pytest.fixture
def fake_smtp(monkeypatch):
    FakeSMTP.refuse = None
    FakeSMTP.sent = []
    monkeypatch.setattr("django.core.mail.backends.smtp.smtplib.SMTP", FakeSMTP)
    return FakeSMTP


def test_smtp_channel_sends_through_smtp(smtp, fake_smtp):
    smtp.send(message())
    ((from_addr, to_addrs, raw),) = fake_smtp.sent
    assert from_addr == "stay@hotel.example" and to_addrs == ["helene@example.com"]
    assert b"multipart/alternative" in raw and b"text/html" in raw


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (smtplib.SMTPRecipientsRefused({"helene@example.com": (550, b"no such user")}), PermanentDeliveryError),
        (smtplib.SMTPDataError(554, b"rejected"), PermanentDeliveryError),
        (smtplib.SMTPDataError(451, b"try later"), TransientDeliveryError),
        (smtplib.SMTPServerDisconnected("gone"), TransientDeliveryError),
        (ConnectionRefusedError(), TransientDeliveryError),
    ],
)
def test_smtp_failures_are_classified(smtp, fake_smtp, error, expected):
    fake_smtp.refuse = error
    with pytest.raises(expected) as excinfo:
        smtp.send(message())
    assert "helene@example.com" not in str(excinfo.value)


def test_smtp_bad_password_is_transient(hotel, fake_smtp):
    configure_integration(
        hotel=hotel,
        capability="email",
        provider="smtp",
        config={"host": "smtp.hotel.example", "username": "mailer", "password": "wrong"},
    )
    with pytest.raises(TransientDeliveryError, match="credentials"):
        get_integration_manager(hotel).get("email").send(message())
