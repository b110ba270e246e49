"""Connector errors say what went wrong in words staff can act on, and a connector can classify its
vendor's statuses (a business refusal is not "bad credentials"). Real sockets where a real failure can
be produced locally (refused connection, TLS to a plain-HTTP port, a server that never answers)."""

import json
import socket
import threading

import pytest
import requests
import responses
from urllib3.exceptions import NameResolutionError

from integrations.exceptions import (
    ProviderAuthFailed,
    ProviderBadResponse,
    ProviderRefused,
    ProviderTimeout,
    ProviderUnavailable,
)
from integrations.http import HttpClient, vendor_message

from .test_http_client import BASE, no_sleep  # noqa: F401  (autouse: no real back-off sleeps)


def client(base_url=BASE, **kwargs):
    return HttpClient(capability="pms", provider="vendor", scope="T1", base_url=base_url, **kwargs)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PlainHttpServer:
    """A TCP server that answers plain HTTP (so a TLS handshake against it fails) or never answers."""

    def __init__(self, *, silent=False):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.silent = silent
        self.conns = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            if not self.silent:
                try:
                    conn.recv(1024)
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    def close(self):
        self.sock.close()
        for conn in self.conns:
            conn.close()


def test_connection_refused_names_host_and_port():
    port = closed_port()
    with pytest.raises(ProviderUnavailable) as exc:
        client(f"http://127.0.0.1:{port}", max_retries=0).get("/r")
    message = str(exc.value.detail)
    assert f"127.0.0.1:{port}" in message and "refused" in message.lower()


def test_tls_failure_says_tls():
    server = PlainHttpServer()
    try:
        with pytest.raises(ProviderUnavailable) as exc:
            client(f"https://127.0.0.1:{server.port}", max_retries=0).get("/r")
    finally:
        server.close()
    message = str(exc.value.detail)
    assert "TLS" in message and f"127.0.0.1:{server.port}" in message


def test_read_timeout_says_after_how_many_seconds():
    server = PlainHttpServer(silent=True)
    try:
        with pytest.raises(ProviderTimeout) as exc:
            client(f"http://127.0.0.1:{server.port}", read_timeout=0.3, max_retries=0).get("/r")
    finally:
        server.close()
    assert "0.3 s" in str(exc.value.detail)


@responses.activate
def test_unknown_host_says_not_found_and_to_check_the_url():
    error = NameResolutionError("nowhere.invalid", None, socket.gaierror(-2, "Name or service not known"))
    responses.get("https://nowhere.invalid/r", body=requests.ConnectionError(error))
    with pytest.raises(ProviderUnavailable) as exc:
        client("https://nowhere.invalid", max_retries=0).get("/r")
    message = str(exc.value.detail)
    assert "nowhere.invalid" in message and "could not be found" in message and "URL" in message


@responses.activate
def test_refused_credentials_say_so_with_the_vendor_reason():
    responses.get(f"{BASE}/r", status=401, json={"title": "Unauthorized", "detail": "Token expired"})
    with pytest.raises(ProviderAuthFailed) as exc:
        client().get("/r")
    message = str(exc.value.detail)
    assert "credentials" in message and "Token expired" in message


@responses.activate
def test_other_4xx_surfaces_the_vendor_message():
    responses.get(f"{BASE}/r", status=400, json={"message": "propertyID is invalid"})
    with pytest.raises(ProviderBadResponse) as exc:
        client().get("/r")
    assert "propertyID is invalid" in str(exc.value.detail) and "HTTP 400" in str(exc.value.detail)


@responses.activate
def test_5xx_after_retries_names_the_status():
    responses.get(f"{BASE}/r", status=503)
    with pytest.raises(ProviderUnavailable) as exc:
        client(max_retries=0).get("/r")
    assert "HTTP 503" in str(exc.value.detail)


@responses.activate
def test_a_connector_classifies_its_vendor_statuses():
    def classify(response, http):
        if response.status_code == 403:
            return http.error(ProviderRefused, vendor_message(response))
        return None

    responses.post(f"{BASE}/w", status=403, json={"Message": "The space is not inspected."})
    with pytest.raises(ProviderRefused) as exc:
        client(classify=classify).post("/w", json={})
    assert exc.value.error_code == "pms_refused" and exc.value.status_code == 409
    assert str(exc.value.detail) == "The space is not inspected."
    # Without a classifier a 403 stays "credentials refused", for the vendors that mean it so.
    with pytest.raises(ProviderAuthFailed):
        client().post("/w", json={})


@pytest.mark.parametrize(
    "body,expected",
    [
        ({"Message": "Mews says no"}, "Mews says no"),
        ({"title": "Bad Request", "detail": "Room 102 is dirty"}, "Room 102 is dirty"),
        ({"o:errorDetails": [{"detail": "nested reason"}], "title": "Bad Request"}, "nested reason"),
        ({"success": False, "message": "Cloudbeds says no"}, "Cloudbeds says no"),
        ({"error": {"message": "deep"}}, "deep"),
    ],
)
def test_vendor_message_reads_the_usual_shapes(body, expected):
    response = requests.Response()
    response.status_code = 400
    response._content = json.dumps(body).encode()
    assert vendor_message(response) == expected


def test_vendor_message_is_bounded_and_never_html():
    response = requests.Response()
    response.status_code = 502
    response._content = b"<html>" + b"x" * 5000
    assert vendor_message(response) == ""
    response._content = ('{"message": "' + "y" * 5000 + '"}').encode()
    assert len(vendor_message(response)) <= 300


@pytest.mark.django_db
def test_test_connection_reports_the_actionable_reason():
    """The integrations "Test connection" result carries the connector's words, not a class name."""
    from integrations.services import test_connection
    from stays.models import Hotel
    from tests.e2e.mock_opera import use_opera

    hotel = Hotel.objects.create(code="TCX", name="Test connection hotel")
    port = closed_port()
    use_opera(hotel, f"http://127.0.0.1:{port}")
    result = test_connection(hotel=hotel, capability="pms")
    assert (result.configured, result.ok) == (True, False)
    assert f"127.0.0.1:{port}" in result.detail and "refused" in result.detail
