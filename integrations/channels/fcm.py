"""Push channel: Firebase Cloud Messaging HTTP v1.

    POST {api_base}/v1/projects/{project_id}/messages:send
    Authorization: Bearer <OAuth2 access token of the service account, scope firebase.messaging>
    {"message": {"token": "<device token>", "notification": {"title": ..., "body": ...}, "data": {...}}}

200 -> {"name": "projects/<project>/messages/<id>"}. Errors follow Google's shape
{"error": {"code", "status", "details": [{"@type": ".../google.firebase.fcm.v1.FcmError", "errorCode"}]}}:
UNREGISTERED / INVALID_ARGUMENT / SENDER_ID_MISMATCH are permanent (the token will never work),
UNAVAILABLE / INTERNAL / QUOTA_EXCEEDED are retried. The access token is obtained with google-auth
from the service-account key and kept in memory until shortly before it expires (never in the cache).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading

from ..exceptions import ProviderError
from ..http import HttpClient, require
from ..registry import ConfigField
from ._vendor_errors import ResponseCapture
from .base import ChannelProvider, OutboundMessage, PermanentDeliveryError, SendResult, TransientDeliveryError

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
PERMANENT_ERRORS = {"UNREGISTERED", "INVALID_ARGUMENT", "SENDER_ID_MISMATCH"}
TOKEN_REFRESH_MARGIN = dt.timedelta(minutes=5)


class FcmPush(ChannelProvider):
    name = "fcm"
    label = "Firebase Cloud Messaging (HTTP v1)"
    config_fields = (
        ConfigField("project_id", required=True, env="FCM_PROJECT_ID", help="Firebase project id."),
        ConfigField(
            "service_account_json",
            required=True,
            secret=True,
            env="FCM_SERVICE_ACCOUNT_JSON",
            help="Contents of the service-account key file (JSON).",
        ),
        ConfigField("api_base", type="url", default="https://fcm.googleapis.com", help="API root (tests)."),
    )

    def __init__(self, *, hotel, config):
        super().__init__(hotel=hotel, config=config)
        self.client = HttpClient(
            capability="push",
            provider=self.name,
            scope=getattr(hotel, "code", ""),
            base_url=config.get("api_base", "https://fcm.googleapis.com"),
            max_retries=0,  # the outbox retries with backoff
        )
        self._token: str | None = None
        self._token_expiry: dt.datetime | None = None
        self._token_lock = threading.Lock()

    # -- OAuth2 ----------------------------------------------------------------------------------
    def _service_account_info(self) -> dict:
        try:
            info = json.loads(self.config["service_account_json"])
        except (TypeError, ValueError):
            raise TransientDeliveryError("The FCM service-account key is not valid JSON.", code="config") from None
        if not isinstance(info, dict) or "private_key" not in info or "client_email" not in info:
            raise TransientDeliveryError("The FCM service-account key is incomplete.", code="config")
        return info

    def access_token(self) -> str:
        with self._token_lock:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # google-auth uses naive UTC
            if self._token and self._token_expiry and self._token_expiry - TOKEN_REFRESH_MARGIN > now:
                return self._token
            from google.auth.exceptions import GoogleAuthError, RefreshError, TransportError
            from google.auth.transport.requests import Request
            from google.oauth2 import service_account

            try:
                credentials = service_account.Credentials.from_service_account_info(
                    self._service_account_info(), scopes=[SCOPE]
                )
                credentials.refresh(Request())
            except TransportError:
                raise TransientDeliveryError("Google's token service could not be reached.", code="oauth") from None
            except RefreshError:
                raise TransientDeliveryError(
                    "Google refused the FCM service-account key; check the hotel's push settings.", code="oauth"
                ) from None
            except (GoogleAuthError, ValueError):
                raise TransientDeliveryError("The FCM service-account key is invalid.", code="config") from None
            self._token, self._token_expiry = credentials.token, credentials.expiry
            return self._token

    def _forget_token(self) -> None:
        with self._token_lock:
            self._token = self._token_expiry = None

    # -- sending ---------------------------------------------------------------------------------
    def payload(self, message: OutboundMessage) -> dict:
        collapse = hashlib.sha256((message.idempotency_key or message.recipient).encode()).hexdigest()[:32]
        body = {
            "token": message.recipient,
            "notification": {"title": message.subject, "body": message.text},
            # A message re-sent after a worker crash replaces, rather than duplicates, the first one.
            "android": {"collapse_key": collapse},
            "apns": {"headers": {"apns-collapse-id": collapse}},
        }
        if message.data:
            body["data"] = {str(k): str(v) for k, v in message.data.items()}  # FCM data values are strings
        return {"message": body}

    def send(self, message: OutboundMessage) -> SendResult:
        token = self.access_token()
        capture = ResponseCapture()
        try:
            response = self.client.post(
                f"/v1/projects/{self.config['project_id']}/messages:send",
                json=self.payload(message),
                headers={"Authorization": f"Bearer {token}"},
                expected=(200,),
                hooks=capture.hooks,
            )
        except ProviderError as exc:
            raise self._classify(exc, capture) from None
        data = self.client.json(response)
        return SendResult(provider_message_id=str(require(data, "name", client=self.client)))

    def _classify(self, exc: ProviderError, capture: ResponseCapture):
        error = capture.json().get("error") or {}
        details = error.get("details") or []
        fcm_code = next(
            (d.get("errorCode") for d in details if isinstance(d, dict) and d.get("errorCode")),
            error.get("status") or "",
        )
        if fcm_code in PERMANENT_ERRORS:
            return PermanentDeliveryError(f"FCM refused the device token ({fcm_code}).", code=fcm_code)
        if capture.status == 404:  # FCM answers 404 only for a token that is gone
            return PermanentDeliveryError("FCM refused the device token (UNREGISTERED).", code="UNREGISTERED")
        if capture.status == 401:
            self._forget_token()
        label = fcm_code or f"HTTP {capture.status or 'no response'}"
        return TransientDeliveryError(f"FCM could not deliver now ({label}).", code=label, retry_after=exc.retry_after)

    def health_check(self) -> bool:
        return bool(self.access_token())
