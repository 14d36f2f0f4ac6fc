"""The visitor's network address, read one way for the whole site.

The log-in lock-out (django-axes, through AXES_CLIENT_IP_CALLABLE), the hourly
limit of submissions and of the files kept for unsent forms, the JSON API's rate
limit and the CSV downloads' limit all count by `client_address`.

With `NUM_PROXIES = 0` the address is the connecting one, and whatever
X-Forwarded-For (or X-Real-IP, Forwarded, …) a client sends changes nothing. Behind
`NUM_PROXIES` reverse proxies, the last of which connects to the application, the
address is the one the outermost proxy wrote into X-Forwarded-For: the entry
`NUM_PROXIES` from its right end, whatever a client put to the left of it.
django-ipware reads the header; this module only tells it what to trust.

An IPv6 visitor counts by their /64 network (its first address): one subscriber
holds a whole /64 and may take a fresh address for each request, which would
otherwise never reach any limit per address.
"""

import ipaddress

from django.conf import settings
from ipware import get_client_ip
from rest_framework.throttling import AnonRateThrottle

BEHIND_PROXIES = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
DIRECT = ("REMOTE_ADDR",)
IPV6_SUBSCRIBER_PREFIX = 64


def client_address(request) -> str:
    """The address of the visitor who sent `request` (a Django or DRF request)."""
    proxies = settings.NUM_PROXIES
    address, _routable = get_client_ip(
        request,
        # ipware counts the proxies listed in the header; the one that connects to
        # the application is not listed there, it is REMOTE_ADDR.
        proxy_count=proxies - 1 if proxies else None,
        request_header_order=BEHIND_PROXIES if proxies else DIRECT,
        # Not strict: entries a client added to the left of the proxies' do not
        # make the header unusable, they are simply never read.
        strict=False,
        algorithm="modern",
    )
    return counted_as(address or request.META.get("REMOTE_ADDR", ""))


def counted_as(address: str) -> str:
    """The address a visitor is counted by: an IPv4 address itself, an IPv6 address's /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:  # ::ffff:192.0.2.1 is the IPv4 visitor 192.0.2.1
            return str(ip.ipv4_mapped)
        network = ipaddress.ip_network(f"{ip}/{IPV6_SUBSCRIBER_PREFIX}", strict=False)
        return str(network.network_address)
    return str(ip)


class ByClientAddress:
    """For DRF throttles: count requests by `client_address`."""

    def get_ident(self, request) -> str:
        return client_address(request)


class ApiRateThrottle(ByClientAddress, AnonRateThrottle):
    """The JSON API's rate limit (API_RATE) per visitor."""
