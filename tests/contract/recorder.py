"""Every vendor answer a connector test registers with `responses`, and every request the connector
sends (path, query, body, and the headers the vendor requires), checked against the vendor's published
schema (fixtures/vendor_specs/).

Import `vendor_contract` into a connector test module (it is autouse). A test that feeds the connector
a deliberately malformed answer says so with `@pytest.mark.off_contract`; its requests are still checked.
"""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
import responses

from stays.providers import contracts


def _answer_errors(method: str, url: str, status: int, body) -> list[str] | None:
    path = urlsplit(url).path
    for check in (
        lambda: contracts.ohip_response_errors(method, path, status, body),
        lambda: contracts.cloudbeds_response_errors(method, path, status, body),
        lambda: contracts.mews_errors(path, "response", body, status=status),
    ):
        if (found := check()) is not None:
            return found
    return None


def _header_errors(request) -> list[str]:
    """What every request to the vendor must carry, whatever the test looks at."""
    parts, headers = urlsplit(request.url), request.headers
    problems = []
    if contracts.ohip_operation(request.method, parts.path) is not None:
        if parts.path.endswith("/oauth/v1/tokens"):
            if not headers.get("Authorization", "").startswith("Basic ") or not headers.get("x-app-key"):
                problems.append("the token request needs Basic client credentials and x-app-key")
        else:
            hotel = parts.path.split("/hotels/", 1)[1].split("/", 1)[0] if "/hotels/" in parts.path else None
            if not headers.get("authorization", "").startswith("Bearer ") or not headers.get("x-app-key"):
                problems.append("an OHIP data call needs authorization: Bearer and x-app-key")
            if not headers.get("x-hotelid") or (hotel and headers.get("x-hotelid") != hotel):
                problems.append("x-hotelid must be sent and match the hotel in the path")
    elif contracts.mews_operation(parts.path) is not None:
        if "application/json" not in headers.get("Content-Type", ""):
            problems.append("Mews takes a JSON body")
    elif "/api/v1.3/" in parts.path or parts.path.startswith("/accounting/"):
        if not headers.get("x-api-key") or not headers.get("X-PROPERTY-ID"):
            problems.append("Cloudbeds calls carry x-api-key and X-PROPERTY-ID")
    return problems


def _request_errors(request) -> list[str] | None:
    parts = urlsplit(request.url)
    body = request.body
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    is_json = "json" in (request.headers.get("Content-Type") or "")
    data = json.loads(body) if body and is_json else None
    found = contracts.ohip_request_errors(request.method, parts.path, parse_qs(parts.query), data)
    if found is None:
        found = contracts.mews_errors(parts.path, "request", data)
    return found


@pytest.fixture(autouse=True)
def vendor_contract(request, monkeypatch):
    answers, sent = [], []
    real_add, real_replace, real_on_request = (
        responses.RequestsMock.add,
        responses.RequestsMock.replace,
        responses.RequestsMock._on_request,
    )

    def record(method, url, body, kwargs):
        answers.append((str(method), str(url), kwargs.get("status", 200), kwargs.get("json"), body))

    def add(self, method=None, url=None, body="", adding_headers=None, *args, **kwargs):
        record(method, url, body, kwargs)
        return real_add(self, method, url, body, adding_headers, *args, **kwargs)

    def replace(self, method_or_response=None, url=None, body="", *args, **kwargs):
        record(method_or_response, url, body, kwargs)
        return real_replace(self, method_or_response, url, body, *args, **kwargs)

    def on_request(self, adapter, req, **kwargs):
        sent.append(req)
        return real_on_request(self, adapter, req, **kwargs)

    monkeypatch.setattr(responses.RequestsMock, "add", add)
    monkeypatch.setattr(responses.RequestsMock, "replace", replace)
    monkeypatch.setattr(responses.RequestsMock, "_on_request", on_request)
    yield
    problems = []
    for req in sent:
        for problem in [*_header_errors(req), *(_request_errors(req) or [])]:
            problems.append(f"request {req.method} {urlsplit(req.url).path}: {problem}")
    if not request.node.get_closest_marker("off_contract"):
        for method, url, status, data, body in answers:
            if isinstance(body, BaseException) or status == 429 or status >= 500:
                continue  # transport failures and outages: no body to conform
            if data is None and isinstance(body, str | bytes) and body:
                try:
                    data = json.loads(body)
                except ValueError:
                    problems.append(f"answer {method} {urlsplit(url).path}: not JSON")
                    continue
            for problem in _answer_errors(method, url, status, data) or []:
                problems.append(f"answer {method} {urlsplit(url).path} {status}: {problem}")
    if problems:
        pytest.fail("Off the vendor's published contract:\n  " + "\n  ".join(problems), pytrace=False)
