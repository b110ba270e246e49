"""JSON in, bounded: no document nested deeper than MAX_JSON_DEPTH reaches a view or a service.

Python's json module recurses per nesting level, and so does any code that walks the result
(serializers, JSONField encoding, the webhook's secret scrubbing): a deeply nested body was a
RecursionError, i.e. a 500. Every JSON body of the API (the DRF parser) and every JSON payload read
by hand (webhooks) goes through `loads`, which refuses such documents as malformed input.
"""

from __future__ import annotations

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 64


class JSONTooDeep(ValueError):
    pass


def check_depth(value, limit: int = MAX_JSON_DEPTH) -> None:
    """Raise JSONTooDeep when containers nest deeper than `limit` (iterative: no recursion here)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth > limit:
            raise JSONTooDeep(f"JSON nested deeper than {limit} levels")
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def loads(data: bytes | str, *, max_depth: int = MAX_JSON_DEPTH):
    """json.loads that answers ValueError (never RecursionError) for documents nested too deeply."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise JSONTooDeep(f"JSON nested deeper than {max_depth} levels") from None
    check_depth(value, max_depth)
    return value


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            value = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.") from None
        try:
            check_depth(value)
        except JSONTooDeep as exc:
            raise ParseError(f"JSON parse error - {exc}.") from None
        return value
