"""The client's address, taken from the right hop of X-Forwarded-For.

A proxy appends the address it received the request from to X-Forwarded-For, so the header reads
"what the client claimed, ..., what each proxy saw". Only the entries added by our own proxies
can be believed: walking from the right, every hop that is one of `TRUSTED_PROXIES` is skipped and
the first address that is not is the client. Anything a client writes in the header itself sits to
the left of that and is never used. With no trusted proxies the header is ignored altogether.

`ClientAddressMiddleware` puts the result in `REMOTE_ADDR` (the peer is kept in
`MYSTAY_PEER_ADDR`), so every consumer (throttles, django-axes, logs) sees the same client.
"""

from __future__ import annotations

import functools
import ipaddress

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.conf import settings


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _parse(value: str):
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def _trusted(address, networks) -> bool:
    return any(address in network for network in networks)


def client_address(meta) -> str:
    """The client's address for a request's META (the peer when it is not a trusted proxy)."""
    peer = meta.get("REMOTE_ADDR") or ""
    networks = _networks(tuple(settings.TRUSTED_PROXIES))
    address = _parse(peer)
    if address is None or not networks or not _trusted(address, networks):
        return peer
    hops = [h for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        parsed = _parse(hop)
        if parsed is None:
            # Garbage where a proxy should have written an address: stop at the last hop we trust.
            return str(address)
        address = parsed
        if not _trusted(address, networks):
            return str(address)
    return str(address)


class ClientAddressMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    def _rewrite(self, request) -> None:
        meta = request.META
        if "MYSTAY_PEER_ADDR" not in meta:
            meta["MYSTAY_PEER_ADDR"] = meta.get("REMOTE_ADDR", "")
            meta["REMOTE_ADDR"] = client_address(meta)

    def __call__(self, request):
        if iscoroutinefunction(self):
            return self.__acall__(request)
        self._rewrite(request)
        return self.get_response(request)

    async def __acall__(self, request):
        self._rewrite(request)
        return await self.get_response(request)
