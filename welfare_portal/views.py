"""Second factor for central accounts (TOTP, django-otp)."""

import base64
import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice


def _qr_data_uri(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


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
            return redirect(request.GET.get("next") or "home")
        error = "รหัส 6 หลักไม่ถูกต้องหรือหมดเวลา"
    return render(request, "registration/otp_verify.html", {"error": error})
