import pytest
from django.db import connection

from integrations import crypto
from integrations.manager import ProviderNotConfigured, get_integration_manager, reset_managers
from integrations.models import HotelIntegrations
from integrations.registry import ConfigError
from integrations.services import configure_integration

pytestmark = pytest.mark.django_db

SECRET = "sk-vendor-0123456789-very-secret"


def test_config_is_validated_against_declared_fields(hotel, fake_pms):
    with pytest.raises(ConfigError) as exc:
        configure_integration(
            hotel=hotel,
            capability="pms",
            provider="fakevendor",
            config={"base_url": "not a url", "timeout": "abc", "typo": 1},
        )
    assert set(exc.value.errors) == {"base_url", "api_key", "timeout", "typo"}
    assert not HotelIntegrations.objects.filter(hotel=hotel, pms_provider="fakevendor").exists()


def test_unknown_provider_is_refused(hotel):
    with pytest.raises(LookupError):
        configure_integration(hotel=hotel, capability="pms", provider="nope", config={})


def test_secrets_are_encrypted_in_the_column_and_masked_in_output(hotel, fake_pms):
    shown = configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://pms.example.com/", "api_key": SECRET},
    )
    assert SECRET not in str(shown) and shown["api_key"].startswith("••••")
    assert shown["base_url"] == "https://pms.example.com" and shown["timeout"] == 5
    with connection.cursor() as cursor:
        cursor.execute("SELECT pms_config::text FROM integrations_hotelintegrations WHERE hotel_id = %s", [hotel.pk])
        raw = cursor.fetchone()[0]
    assert SECRET not in raw and crypto.ENC_MARKER in raw
    provider = get_integration_manager(hotel).get_pms()
    assert provider.config["api_key"] == SECRET  # decrypted only when the provider is built


def test_blank_secret_keeps_the_stored_one(hotel, fake_pms):
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://a.example.com", "api_key": SECRET},
    )
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://b.example.com", "api_key": ""},
    )
    provider = get_integration_manager(hotel).get_pms()
    assert provider.config == {"base_url": "https://b.example.com", "api_key": SECRET, "timeout": 5}


def test_key_rotation_keeps_secrets_readable(hotel, fake_pms, settings):
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://a.example.com", "api_key": SECRET},
    )
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys", stdout=open("/dev/null", "w"))
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone: rotated values still decrypt
    record = HotelIntegrations.objects.get(hotel=hotel)
    assert record.choice("pms")[1]["api_key"] == SECRET


def test_providers_are_cached_and_rebuilt_when_config_changes(hotel, fake_pms, django_assert_num_queries):
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://a.example.com", "api_key": SECRET},
    )
    reset_managers()
    manager = get_integration_manager(hotel)
    first = manager.get_pms()
    with django_assert_num_queries(0):
        assert manager.get_pms() is first  # cached: no query, no rebuild
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://changed.example.com", "api_key": ""},
    )
    rebuilt = manager.get_pms()
    assert rebuilt is not first and rebuilt.config["base_url"] == "https://changed.example.com"
    assert fake_pms.builds == 2


def test_environment_default_applies_until_the_hotel_chooses(hotel, settings, fake_pms):
    settings.PMS_PROVIDER = "mock"
    assert get_integration_manager(hotel).get_pms().name == "mock"
    configure_integration(hotel=hotel, capability="pms", provider="none", config={})
    with pytest.raises(ProviderNotConfigured) as exc:
        get_integration_manager(hotel).get_pms()
    assert exc.value.error_code == "pms_unavailable"


def test_health_check_shape(hotel, fake_pms):
    configure_integration(
        hotel=hotel,
        capability="pms",
        provider="fakevendor",
        config={"base_url": "https://a.example.com", "api_key": SECRET},
    )
    health = get_integration_manager(hotel).health_check()
    assert set(health) == {"pms", "payment", "digital_key", "spa", "ocr", "ai_concierge", "timestamp"}
    assert health["pms"] is True
    fake_pms.healthy = False
    assert get_integration_manager(hotel).health_check()["pms"] is False
