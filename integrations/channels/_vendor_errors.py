"""Shared helper: keep the last HTTP response of a call so a vendor's error code can be read.

HttpClient turns vendor failures into ProviderErrors without the body; channels need the body's
error code to tell a permanent failure (bad number, unregistered device) from a transient one.
A per-request `requests` response hook keeps the response for the one call that made it.
"""

from __future__ import annotations


class ResponseCapture:
    def __init__(self):
        self.response = None

    def __call__(self, response, *args, **kwargs):
        self.response = response
        return response

    @property
    def hooks(self) -> dict:
        return {"response": [self]}

    def json(self) -> dict:
        if self.response is None:
            return {}
        try:
            data = self.response.json()
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def status(self) -> int | None:
        return None if self.response is None else self.response.status_code
