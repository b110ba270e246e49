"""JSON through orjson, byte for byte what DRF's JSONRenderer writes (compact, UTF-8, DRF's date and
number formats), several times faster on the API's hot answers."""

from __future__ import annotations

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

# Dates, times, decimals, UUIDs, lazy strings, ... go through DRF's own encoder so that the output
# does not change (e.g. "…Z" for UTC and milliseconds); everything else is native orjson.
_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_SUBCLASS | orjson.OPT_NON_STR_KEYS
_default = JSONEncoder().default


def dumps(data) -> bytes:
    try:
        body = orjson.dumps(data, default=_default, option=_OPTIONS)
    except orjson.JSONEncodeError:
        # Integers beyond 64 bits and other rarities: the standard library handles them.
        return JSONRenderer().render(data)
    if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
        # As DRF does: line and paragraph separators escaped, for JSON embedded in JavaScript.
        body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
    return body


class ORJSONRenderer(JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        return dumps(data)
