"""SMS channel: Twilio Programmable Messaging REST API.

    POST {api_base}/2010-04-01/Accounts/{AccountSid}/Messages.json
    Authorization: Basic base64(AccountSid:AuthToken)
    Content-Type: application/x-www-form-urlencoded
    To=+33612345678&From=+33987654321&Body=...

201 -> {"sid": "SM...", "status": "queued", ...}; errors -> {"code": 21211, "message": ..., "status": 400}.
A POST that failed with a 5xx may have been processed, so the HTTP client does not repeat it; the
outbox retries later (a rare duplicate SMS beats a lost one).
"""

from __future__ import annotations

from ..exceptions import ProviderAuthFailed, ProviderError, ProviderNotFound
from ..http import HttpClient, require
from ..registry import E164, ConfigField
from ._vendor_errors import ResponseCapture
from .base import ChannelProvider, OutboundMessage, PermanentDeliveryError, SendResult, TransientDeliveryError

# Twilio error codes that no retry can fix (https://www.twilio.com/docs/api/errors).
PERMANENT_ERROR_CODES = {
    21211: "invalid 'To' number",
    21214: "'To' number cannot be reached",
    21217: "invalid phone number",
    21407: "destination not supported",
    21408: "sending to this region is not enabled",
    21610: "recipient has opted out (STOP)",
    21612: "cannot route to this number",
    21614: "'To' number is not a mobile number",
    30003: "unreachable handset",
    30005: "unknown destination handset",
    30006: "landline or unreachable carrier",
}


class TwilioSms(ChannelProvider):
    name = "twilio"
    label = "Twilio SMS"
    config_fields = (
        ConfigField(
            "account_sid",
            required=True,
            env="TWILIO_ACCOUNT_SID",
            help="Account SID (AC...).",
            pattern=r"AC[0-9a-fA-F]{32}",
            pattern_help="AC followed by 32 hexadecimal characters",
        ),
        ConfigField("auth_token", required=True, secret=True, env="TWILIO_AUTH_TOKEN", help="Auth token."),
        ConfigField(
            "from_number",
            required=True,
            env="TWILIO_FROM_NUMBER",
            help="Sender number (E.164) or MG... id.",
            pattern=rf"{E164}|MG[0-9a-fA-F]{{32}}",
            pattern_help="an E.164 number such as +33612345678, or a Messaging Service id (MG...)",
        ),
        ConfigField("api_base", type="url", default="https://api.twilio.com", help="API root (tests, regions)."),
    )

    def __init__(self, *, hotel, config):
        super().__init__(hotel=hotel, config=config)
        self.client = HttpClient(
            capability="sms",
            provider=self.name,
            scope=getattr(hotel, "code", ""),
            base_url=config.get("api_base", "https://api.twilio.com"),
            max_retries=0,  # the outbox retries with backoff; a worker must not sleep on a vendor
        )
        self.client.session.auth = (config["account_sid"], config["auth_token"])

    def send(self, message: OutboundMessage) -> SendResult:
        sender = self.config["from_number"]
        form = {"To": message.recipient, "Body": message.text}
        form["MessagingServiceSid" if sender.startswith("MG") else "From"] = sender
        capture = ResponseCapture()
        try:
            response = self.client.post(
                f"/2010-04-01/Accounts/{self.config['account_sid']}/Messages.json",
                data=form,
                expected=(200, 201),
                hooks=capture.hooks,
            )
        except ProviderError as exc:
            raise self._classify(exc, capture) from None
        data = self.client.json(response)
        return SendResult(provider_message_id=str(require(data, "sid", client=self.client)))

    def _classify(self, exc: ProviderError, capture: ResponseCapture):
        code = capture.json().get("code")
        if capture.status == 400:
            # A 400 is a request Twilio will refuse again; its message may quote the number, so we
            # keep only the code and our own wording.
            reason = PERMANENT_ERROR_CODES.get(code, "request refused")
            label = f"error {code}" if isinstance(code, int) else "HTTP 400"
            return PermanentDeliveryError(f"Twilio {label}: {reason}.", code=str(code or "http_400"))
        if isinstance(exc, ProviderAuthFailed | ProviderNotFound):
            return TransientDeliveryError(
                "Twilio refused the account credentials; check the hotel's SMS settings.", code=f"http_{capture.status}"
            )
        return TransientDeliveryError(str(exc), code=f"http_{capture.status or 'none'}", retry_after=exc.retry_after)

    def health_check(self) -> bool:
        self.client.get(f"/2010-04-01/Accounts/{self.config['account_sid']}.json")
        return True
