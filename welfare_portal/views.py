"""Second factor for central accounts (TOTP, django-otp) and the error page for a bad request."""

import base64
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import rounds
from .models import Round


def _qr_data_uri(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _safe_next(request, target: str | None = None) -> str | None:
    """The `next` of the query (or `target`) when it stays on this site (over HTTPS when the request came over
    HTTPS), as Django's LoginView checks it; a link to another site is never followed."""
    target = request.GET.get("next", "") if target is None else target
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else None


@login_required
@require_POST
def choose_round(request):
    """The header's round picker: remember the round for this session and go back to the page."""
    code = request.POST.get("round", "")
    if not Round.objects.filter(code=code).exists():
        return HttpResponseBadRequest("ไม่พบรอบการดำเนินงานนี้")
    request.session[rounds.SESSION_KEY] = code
    return redirect(_safe_next(request, request.POST.get("next", "")) or "home")


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


@requires_csrf_token
def bad_request(request, exception):
    """Django's bad_request renders 400.html without the request; with it, the page keeps the user box and
    the menu like the other error pages. Nothing of the exception is shown."""
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))
