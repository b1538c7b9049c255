"""Second factor for central accounts (TOTP, django-otp), the client's address behind the reverse proxy,
and the error page for a bad request."""

import base64
import io
import ipaddress

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from ipware import get_client_ip


def _qr_data_uri(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _safe_next(request) -> str | None:
    """The `next` of the query when it stays on this site (over HTTPS when the request came over HTTPS),
    as Django's LoginView checks it; a link to another site is never followed."""
    target = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


def _token(request) -> str:
    return "".join(ch for ch in request.POST.get("token", "") if ch.isdigit())


@login_required
def otp_setup(request):
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("otp_verify")
    device, _ = TOTPDevice.objects.get_or_create(user=request.user, confirmed=False, defaults={"name": "แอปยืนยันตัวตน"})
    error = ""
    if request.method == "POST":
        if device.verify_token(_token(request)):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect("home")
        error = "รหัส 6 หลักไม่ถูกต้องหรือหมดเวลา กรุณาลองรหัสใหม่จากแอป"
    secret = base64.b32encode(device.bin_key).decode()
    context = {"qr": _qr_data_uri(device.config_url), "secret": secret, "error": error}
    return render(request, "registration/otp_setup.html", context)


@login_required
def otp_verify(request):
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        if not request.user.is_central:
            raise PermissionDenied
        return redirect("otp_setup")
    error = ""
    if request.method == "POST":
        if device.verify_token(_token(request)):
            otp_login(request, device)
            target = _safe_next(request)
            return HttpResponseRedirect(target) if target else redirect("home")
        error = "รหัส 6 หลักไม่ถูกต้องหรือหมดเวลา"
    return render(request, "registration/otp_verify.html", {"error": error})


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


@requires_csrf_token
def bad_request(request, exception):
    """Django's bad_request renders 400.html without the request; with it, the page keeps the user box and
    the menu like the other error pages. Nothing of the exception is shown."""
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))
