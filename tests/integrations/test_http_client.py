import logging
from unittest import mock

import pytest
import requests
import responses

from integrations.exceptions import (
    ProviderAuthFailed,
    ProviderBadResponse,
    ProviderNotFound,
    ProviderTimeout,
    ProviderUnavailable,
)
from integrations.http import HttpClient

BASE = "https://vendor.example.com"


@pytest.fixture(autouse=True)
def no_sleep():
    with mock.patch("integrations.http.time.sleep") as sleep:
        yield sleep


def client(**kwargs):
    return HttpClient(capability="pms", provider="vendor", scope="T1", base_url=BASE, **kwargs)


@responses.activate
def test_get_is_retried_on_5xx_then_succeeds(no_sleep):
    responses.get(f"{BASE}/r", status=503)
    responses.get(f"{BASE}/r", status=502)
    responses.get(f"{BASE}/r", json={"ok": 1})
    c = client()
    assert c.json(c.get("/r")) == {"ok": 1}
    assert len(responses.calls) == 3
    delays = [call.args[0] for call in no_sleep.call_args_list]
    assert len(delays) == 2 and all(d > 0 for d in delays)


@responses.activate
def test_post_is_not_retried_on_5xx():
    responses.post(f"{BASE}/w", status=500)
    with pytest.raises(ProviderUnavailable) as exc:
        client().post("/w", json={})
    assert len(responses.calls) == 1
    assert exc.value.error_code == "pms_unavailable" and exc.value.status_code == 503


@responses.activate
def test_429_retry_after_is_honoured_within_bound(no_sleep):
    responses.post(f"{BASE}/w", status=429, headers={"Retry-After": "2"})
    responses.post(f"{BASE}/w", json={"done": True})
    c = client()
    assert c.json(c.post("/w", json={})) == {"done": True}
    assert no_sleep.call_args_list[0].args[0] >= 2


@responses.activate
def test_429_with_long_retry_after_gives_up_at_once():
    responses.get(f"{BASE}/r", status=429, headers={"Retry-After": "600"})
    with pytest.raises(ProviderUnavailable) as exc:
        client().get("/r")
    assert exc.value.retry_after == 600
    assert len(responses.calls) == 1


@responses.activate
def test_read_timeout_maps_to_timeout_and_connect_error_to_unavailable():
    responses.post(f"{BASE}/slow", body=requests.ReadTimeout("slow"))
    responses.post(f"{BASE}/down", body=requests.ConnectionError("refused"))
    with pytest.raises(ProviderTimeout) as exc:
        client().post("/slow")
    assert exc.value.error_code == "pms_timeout" and exc.value.status_code == 504
    with pytest.raises(ProviderUnavailable):
        client().post("/down")


@responses.activate
@pytest.mark.parametrize(
    "status,error",
    [(401, ProviderAuthFailed), (403, ProviderAuthFailed), (404, ProviderNotFound), (400, ProviderBadResponse)],
)
def test_status_mapping(status, error):
    responses.get(f"{BASE}/r", status=status, json={"error": "x"})
    with pytest.raises(error):
        client().get("/r")


@responses.activate
def test_not_found_ok_returns_none_for_404_and_204():
    responses.get(f"{BASE}/a", status=404)
    responses.get(f"{BASE}/b", status=204)
    assert client().get("/a", not_found_ok=True) is None
    assert client().get("/b", not_found_ok=True) is None


@responses.activate
def test_garbage_body_is_bad_response():
    responses.get(f"{BASE}/r", body="<html>oops</html>", status=200)
    c = client()
    with pytest.raises(ProviderBadResponse) as exc:
        c.json(c.get("/r"))
    assert exc.value.error_code == "pms_bad_response"


@responses.activate
def test_circuit_opens_after_repeated_failures_and_closes_after_success(db):
    responses.post(f"{BASE}/w", status=503)
    c = client(breaker_threshold=3, breaker_cooldown=60)
    for _ in range(3):
        with pytest.raises(ProviderUnavailable):
            c.post("/w")
    calls = len(responses.calls)
    with pytest.raises(ProviderUnavailable, match="paused"):
        c.post("/w")
    assert len(responses.calls) == calls  # short-circuited: the vendor was not called
    # Another hotel's circuit is independent.
    other = HttpClient(capability="pms", provider="vendor", scope="T2", base_url=BASE)
    responses.replace(responses.POST, f"{BASE}/w", json={})
    assert other.post("/w").status_code == 200
    c.breaker.reset()
    assert c.post("/w").status_code == 200


@responses.activate
def test_logs_carry_no_query_string_or_body(caplog):
    responses.get(f"{BASE}/search", json={"guest": "Dupré"})
    with caplog.at_level(logging.INFO, logger="mystay.integrations.http"):
        client(headers={"Authorization": "Bearer s3cr3t"}).get("/search?surname=Dupre", json={"p": "secret-body"})
    text = caplog.text
    assert "/search" in text
    for leaked in ("Dupre", "Dupré", "s3cr3t", "secret-body"):
        assert leaked not in text


@responses.activate
def test_timeouts_are_always_sent():
    responses.get(f"{BASE}/r", json={})
    seen = {}
    original = requests.Session.request

    def spy(self, method, url, **kwargs):
        seen["timeout"] = kwargs.get("timeout")
        return original(self, method, url, **kwargs)

    with mock.patch.object(requests.Session, "request", spy):
        client(connect_timeout=1.5, read_timeout=4).get("/r")
    assert seen["timeout"] == (1.5, 4)
