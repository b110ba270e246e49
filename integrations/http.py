"""The HTTP client every connector uses: timeouts, safe retries, 429 handling, a circuit breaker,
redacted logging, and vendor failures turned into the small set of `ProviderError`s.

    client = HttpClient(capability="pms", provider="opera", scope=hotel.code, base_url=...)
    response = client.get("/rsv/v1/hotels/X/reservations", params={...})
    data = client.json(response)
"""

from __future__ import annotations

import email.utils
import json
import logging
import random
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.cache import cache

from .exceptions import (
    ProviderAuthFailed,
    ProviderBadResponse,
    ProviderError,
    ProviderNotFound,
    ProviderTimeout,
    ProviderUnavailable,
)

logger = logging.getLogger("mystay.integrations.http")

IDEMPOTENT_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}
RETRYABLE_STATUSES = {500, 502, 503, 504}
MAX_VENDOR_MESSAGE = 300

# A connector's own reading of its vendor's error statuses: given the response and the client, return
# the ProviderError to raise (build it with `client.error(...)`), or None for the default mapping.
StatusClassifier = Callable[[requests.Response, "HttpClient"], ProviderError | None]


def _find_message(value, depth: int = 0) -> str:
    if depth > 3:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return next((m for m in (_find_message(v, depth + 1) for v in value) if m), "")
    if isinstance(value, dict):
        # The most specific first: OHIP's problem details (detail, then nested o:errorDetails, then
        # title), Mews' Message, Cloudbeds' and most others' message / error.
        for key in ("detail", "o:errorDetails", "Message", "message", "error_description", "error", "title"):
            if key in value and (found := _find_message(value[key], depth + 1)):
                return found
    return ""


def vendor_message(response: requests.Response | None) -> str:
    """The vendor's own reason from an error body ("" if it sent none, or HTML), bounded in length."""
    if response is None or not response.content:
        return ""
    try:
        body = json.loads(response.content)
    except ValueError:
        return ""
    message = " ".join(_find_message(body).split())
    return message[:MAX_VENDOR_MESSAGE]


def _chain(exc: BaseException):
    """An exception, its arguments that are exceptions, urllib3's `reason`, its cause and context."""
    seen, todo = set(), [exc]
    while todo:
        current = todo.pop(0)
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo.extend(a for a in getattr(current, "args", ()) if isinstance(a, BaseException))
        todo.extend([getattr(current, "reason", None), current.__cause__, current.__context__])


def _seconds(value) -> str:
    return f"{float(value):g} s" if isinstance(value, int | float) else "the allowed time"


class CircuitBreaker:
    """Per (capability, provider, scope) breaker, its state in the shared cache so every process agrees.

    After `threshold` consecutive failures the circuit opens for `cooldown` seconds: calls fail at
    once with ProviderUnavailable instead of waiting on a vendor that is down. Then one call is let
    through; success closes the circuit.
    """

    def __init__(self, key: str, *, threshold: int = 5, cooldown: float = 30.0):
        self.key = f"circuit:{key}"
        self.threshold = threshold
        self.cooldown = cooldown

    def _state(self) -> dict:
        try:
            return cache.get(self.key) or {"failures": 0, "open_until": 0.0}
        except Exception:  # a cache outage must not take the connectors down with it
            return {"failures": 0, "open_until": 0.0}

    def _save(self, state: dict) -> None:
        try:
            cache.set(self.key, state, timeout=int(self.cooldown * 10) + 60)
        except Exception:
            logger.warning("Circuit breaker state not saved (cache unavailable)")

    def is_open(self) -> bool:
        return self._state()["open_until"] > time.time()

    def record_success(self) -> None:
        if self._state()["failures"]:
            self._save({"failures": 0, "open_until": 0.0})

    def record_failure(self) -> None:
        state = self._state()
        state["failures"] += 1
        if state["failures"] >= self.threshold:
            state["open_until"] = time.time() + self.cooldown
        self._save(state)

    def reset(self) -> None:
        cache.delete(self.key)


def _retry_after_seconds(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return max(0.0, parsed.timestamp() - time.time()) if parsed else None


class HttpClient:
    def __init__(
        self,
        *,
        capability: str,
        provider: str,
        base_url: str,
        scope: str = "",
        headers: dict | None = None,
        connect_timeout: float | None = None,
        read_timeout: float | None = None,
        max_retries: int = 2,
        backoff: float = 0.2,
        max_retry_after: float = 5.0,
        breaker_threshold: int = 5,
        breaker_cooldown: float = 30.0,
        session: requests.Session | None = None,
        classify: StatusClassifier | None = None,
    ):
        self.capability = capability
        self.classify = classify
        self.provider = provider
        self.base_url = base_url.rstrip("/")
        self.timeout = (
            connect_timeout if connect_timeout is not None else settings.INTEGRATION_CONNECT_TIMEOUT,
            read_timeout if read_timeout is not None else settings.INTEGRATION_READ_TIMEOUT,
        )
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_retry_after = max_retry_after
        self.session = session or requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": "MyStay/1.0"})
        if headers:
            self.session.headers.update(headers)
        self.breaker = CircuitBreaker(
            f"{capability}:{provider}:{scope}", threshold=breaker_threshold, cooldown=breaker_cooldown
        )

    # -- errors ----------------------------------------------------------------------------------
    def error(self, cls: type[ProviderError], message: str | None = None, **kwargs) -> ProviderError:
        return cls(message, capability=self.capability, provider=self.provider, **kwargs)

    _error = error

    def _transport_error(self, exc: requests.RequestException, url: str, timeout) -> ProviderError:
        """A connection-level failure, in words that say what to check."""
        parts = urlsplit(url)
        where = parts.netloc.rpartition("@")[2] or url
        host = parts.hostname or where
        connect, read = timeout if isinstance(timeout, tuple) else (timeout, timeout)
        who = f"The {self.provider} service"
        if isinstance(exc, requests.ConnectTimeout):
            return self.error(
                ProviderUnavailable,
                f"Could not connect to {where} within {_seconds(connect)}; check the URL, or the network "
                "between us and the vendor.",
            )
        if isinstance(exc, requests.Timeout):
            return self.error(ProviderTimeout, f"{who} at {where} did not answer within {_seconds(read)}.")
        chain = list(_chain(exc))
        names = {type(e).__name__ for e in chain}
        if isinstance(exc, requests.exceptions.SSLError) or any(isinstance(e, ssl.SSLError) for e in chain):
            return self.error(
                ProviderUnavailable,
                f"The secure (TLS) connection to {where} failed; check that the URL is the vendor's https "
                "address and that its certificate is valid.",
            )
        if "NameResolutionError" in names or any(isinstance(e, socket.gaierror) for e in chain):
            return self.error(
                ProviderUnavailable, f"The host {host} could not be found (DNS); check the integration's URL."
            )
        if any(isinstance(e, ConnectionRefusedError) for e in chain) or "refused" in str(exc).lower():
            return self.error(
                ProviderUnavailable,
                f"The connection to {where} was refused; check the integration's URL and that the service is up.",
            )
        return self.error(ProviderUnavailable, f"Could not connect to {where}; check the integration's URL.")

    def _status_error(self, response: requests.Response) -> ProviderError:
        """The default reading of an error status (after the connector's own classifier declined)."""
        status = response.status_code
        reason = vendor_message(response)
        said = f": {reason}" if reason else "."
        if status in (401, 403):
            return self.error(
                ProviderAuthFailed,
                f"{self.provider} refused our credentials (HTTP {status}){said} Check the keys in the hotel's "
                "integration settings.",
            )
        if status == 404:
            return self.error(ProviderNotFound)
        return self.error(ProviderBadResponse, f"{self.provider} refused the request (HTTP {status}){said}")

    def _sleep(self, attempt: int, floor: float = 0.0) -> None:
        delay = max(floor, min(2.0, self.backoff * (2**attempt)) * random.uniform(0.5, 1.5))
        time.sleep(delay)

    # -- requests --------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        *,
        safe: bool | None = None,
        expected: Iterable[int] = (200, 201, 202, 204),
        not_found_ok: bool = False,
        retries: int | None = None,
        **kwargs,
    ) -> requests.Response | None:
        """Send one request. `safe` says whether a retry could not do the thing twice (default:
        idempotent methods). Returns None for 404/204-not-found when `not_found_ok`. `retries`
        overrides the client's `max_retries` for this call (0: one attempt, e.g. a guest is waiting);
        `timeout=` may be passed per call as with requests."""
        method = method.upper()
        max_retries = self.max_retries if retries is None else max(0, retries)
        safe = method in IDEMPOTENT_METHODS if safe is None else safe
        url = path if path.startswith("http") else f"{self.base_url}{path}"
        if self.breaker.is_open():
            raise self._error(ProviderUnavailable, f"The {self.capability} service is paused after repeated failures.")
        kwargs.setdefault("timeout", self.timeout)
        attempt = 0
        while True:
            started = time.monotonic()
            try:
                response = self.session.request(method, url, **kwargs)
            except requests.RequestException as exc:
                self._log(method, path, "timeout" if isinstance(exc, requests.Timeout) else "connection error", started)
                if safe and attempt < max_retries:
                    attempt += 1
                    self._sleep(attempt)
                    continue
                self.breaker.record_failure()
                raise self._transport_error(exc, url, kwargs["timeout"]) from None

            status = response.status_code
            self._log(method, path, status, started)
            if status == 429:
                wait = _retry_after_seconds(response)
                # A 429 was not processed, so even a POST may be repeated, if the wait is short.
                if attempt < max_retries and (wait is None or wait <= self.max_retry_after):
                    attempt += 1
                    self._sleep(attempt, floor=wait or 0.0)
                    continue
                raise self._error(
                    ProviderUnavailable, f"The {self.capability} service is rate limiting us.", retry_after=wait
                )
            if status in RETRYABLE_STATUSES:
                if safe and attempt < max_retries:
                    attempt += 1
                    self._sleep(attempt)
                    continue
                self.breaker.record_failure()
                reason = vendor_message(response)
                raise self._error(
                    ProviderUnavailable,
                    f"The {self.provider} service answered HTTP {status} (a failure on its side)"
                    + (f": {reason}" if reason else ".")
                    + " Try again shortly.",
                )
            self.breaker.record_success()
            expected = set(expected)
            # A status the caller expects (e.g. 409 to read the body itself) is left to the caller.
            if status >= 400 and status not in expected and self.classify:
                if (classified := self.classify(response, self)) is not None:
                    raise classified
            if status in (401, 403):
                raise self._status_error(response)
            if status == 404 or (status == 204 and not_found_ok):
                if not_found_ok:
                    return None
                raise self._error(ProviderNotFound)
            if status not in expected:
                raise self._status_error(response)
            return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    def json(self, response: requests.Response | None):
        """The body as JSON, or ProviderBadResponse if the vendor sent something else."""
        if response is None or response.status_code == 204 or not response.content:
            return {}
        try:
            return response.json()
        except ValueError:
            raise self._error(ProviderBadResponse) from None

    def _log(self, method, path, outcome, started):
        # Path only (no query string: it may carry names or confirmation numbers), never bodies or headers.
        logger.info(
            "%s %s %s %s %.0fms",
            self.provider,
            method,
            path.split("?", 1)[0],
            outcome,
            (time.monotonic() - started) * 1000,
        )


def require(data, *path, client: HttpClient):
    """Walk `data` along `path` (keys or indexes); ProviderBadResponse if the shape is not what we expect."""
    current = data
    for part in path:
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            raise client._error(ProviderBadResponse) from None
    return current
