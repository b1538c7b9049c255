"""The client's address behind the reverse proxy, for the login lockout and the rate limits."""

import ipaddress

from django.conf import settings
from ipware import get_client_ip


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    ip = getattr(ip, "ipv4_mapped", None) or ip
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in settings.AXES_IPWARE_PROXY_TRUSTED_IPS)


def client_ip(request) -> str:
    """The client's address for the login lockout (AXES_CLIENT_IP_CALLABLE) and rate limits
    (RATELIMIT_IP_META_KEY): see the settings' comment at AXES_IPWARE_PROXY_COUNT.

    Each trusted proxy appends the address it was reached from to X-Forwarded-For, so the header is read
    from the right, one hop per trusted proxy, and only while the hop just taken is a trusted proxy: the
    left part, which the client wrote itself, is never reached. django-ipware reads the hop at each position
    (ports, brackets, IPv4-mapped addresses); on its own it trusts the header without looking at who sent it.
    """
    address = request.META.get("REMOTE_ADDR", "")
    for hop in range(settings.AXES_IPWARE_PROXY_COUNT):
        if not _is_trusted_proxy(address):
            break
        forwarded, _ = get_client_ip(
            request, proxy_count=hop, request_header_order=("HTTP_X_FORWARDED_FOR",), strict=False
        )
        if forwarded is None:  # no (valid) hop there: stay with the proxy's own address
            break
        address = forwarded
    return address
