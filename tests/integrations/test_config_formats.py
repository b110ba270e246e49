"""Integration settings are checked for format where they are declared (defect #10): vendor ids and
keys by pattern, E.164 numbers, and no control characters in any text setting, for every provider."""

import pytest

from integrations.registry import Capability, ConfigError, ConfigField, get_spec

SID = "AC0123456789abcdef0123456789abcdef"


def twilio(**overrides):
    config = {"account_sid": SID, "auth_token": "tok", "from_number": "+33612345678", **overrides}
    return get_spec(Capability.SMS, "twilio").validate(config)


def stripe(**overrides):
    config = {"secret_key": "sk_test_abc123", "publishable_key": "pk_test_abc123", **overrides}
    return get_spec(Capability.PAYMENT, "stripe").validate(config)


def test_valid_configs_pass():
    assert twilio()["account_sid"] == SID
    assert twilio(from_number="MG0123456789abcdef0123456789abcdef")
    assert stripe(webhook_secret="whsec_abcDEF123+/=")["publishable_key"] == "pk_test_abc123"


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("account_sid", "not-a-sid", "AC followed by 32 hexadecimal characters"),
        ("from_number", "not a number", "E.164"),
        ("from_number", "+0123", "E.164"),
        ("auth_token", "tok\x00en", "control characters"),
        ("auth_token", "line\nbreak", "control characters"),
    ],
)
def test_twilio_formats(field, value, message):
    with pytest.raises(ConfigError) as excinfo:
        twilio(**{field: value})
    assert message in excinfo.value.errors[field]


@pytest.mark.parametrize(
    "field,value",
    [
        ("publishable_key", 4242424242),
        ("publishable_key", "4242424242"),
        ("publishable_key", "sk_test_abc123"),
        ("secret_key", "pk_test_abc123"),
        ("secret_key", "sk_test_abc\x00123"),
        ("webhook_secret", "not-a-secret"),
    ],
)
def test_stripe_formats(field, value):
    with pytest.raises(ConfigError) as excinfo:
        stripe(**{field: value})
    assert field in excinfo.value.errors


@pytest.mark.parametrize(
    "declaration,value",
    [
        (ConfigField("anything"), "a\x00b"),
        (ConfigField("anything"), "\x1b[31mred"),
        (ConfigField("anything"), "x" * 5000),
        (ConfigField("base", type="url"), "https://"),
        (ConfigField("base", type="url"), "javascript:alert(1)"),
        (ConfigField("base", type="url"), "https://host\x00.example.com"),
        (ConfigField("phone", type="phone"), "0612345678"),
        (ConfigField("n", type="int"), True),
        (ConfigField("f", type="float"), "nan"),
        (ConfigField("s"), True),
    ],
)
def test_every_declared_field_refuses_bad_text(declaration, value):
    with pytest.raises(ConfigError):
        declaration.coerce(value)


@pytest.mark.django_db
def test_set_integration_refuses_the_reported_values(hotel):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError) as excinfo:
        call_command(
            "set_integration",
            "PAR",
            "sms",
            "twilio",
            "--config",
            '{"account_sid": "not-a-sid", "auth_token": "t", "from_number": "not a number"}',
        )
    assert "account_sid" in str(excinfo.value) and "from_number" in str(excinfo.value)
