"""The client's address comes from the right X-Forwarded-For hop (defect #5)."""

import pytest

from mystay.client_address import client_address
from tests.stays.fixtures import lookup


@pytest.mark.parametrize(
    "trusted,peer,xff,expected",
    [
        ([], "203.0.113.9", "1.2.3.4", "203.0.113.9"),  # no trusted proxy: the header is ignored
        (["127.0.0.1"], "198.51.100.1", "1.2.3.4", "198.51.100.1"),  # peer is not our proxy
        (["127.0.0.1"], "127.0.0.1", "203.0.113.9", "203.0.113.9"),
        (["127.0.0.1"], "127.0.0.1", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # client-written part ignored
        (["127.0.0.1", "10.0.0.0/8"], "127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3", "203.0.113.9"),
        (["127.0.0.1"], "127.0.0.1", "", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "not-an-ip", "127.0.0.1"),
        (["127.0.0.1"], "127.0.0.1", "[2001:db8::1]:443", "2001:db8::1"),
        (["127.0.0.1"], "127.0.0.1", "203.0.113.9:5555", "203.0.113.9"),
        (["::1"], "::1", "2001:db8::7", "2001:db8::7"),
    ],
)
def test_client_address_from_the_right_hop(settings, trusted, peer, xff, expected):
    settings.TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": peer}
    if xff:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    assert client_address(meta) == expected


@pytest.mark.django_db
def test_spoofed_forwarded_for_does_not_bypass_the_throttle(api, stay, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    statuses = [
        api.get(
            "/api/v1/stays/lookup",
            {"confirmation": f"NOPE{i}", "last_name": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.9.{i}.1, 203.0.113.9",  # what the client wrote, then what our proxy saw
        ).status_code
        for i in range(21)
    ]
    assert statuses[:20] == [404] * 20 and statuses[20] == 429
    # Another client behind the same proxy is not affected.
    response = api.get(
        "/api/v1/stays/lookup",
        {"confirmation": "ABC123", "last_name": "Dupré"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.10",
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_without_trusted_proxies_forwarded_for_is_ignored(api, stay):
    statuses = [
        api.get(
            "/api/v1/stays/lookup", {"confirmation": f"NOPE{i}", "last_name": "x"}, HTTP_X_FORWARDED_FOR=f"10.9.{i}.1"
        ).status_code
        for i in range(21)
    ]
    assert statuses[20] == 429
    assert lookup(api, "ABC123", "Dupré").status_code == 429


def test_invalid_trusted_proxies_setting_is_refused():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import mystay.settings"],
        env={"TRUSTED_PROXIES": "not-a-network", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXIES" in result.stderr
