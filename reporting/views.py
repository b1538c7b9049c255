from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from .menu import ITEMS


@login_required
def home(request):
    return render(request, "reporting/home.html")


@login_required
def menu_page(request, item_id):
    item = ITEMS.get(item_id)
    if item is None:
        raise Http404("ไม่พบเมนูนี้")
    return render(request, "reporting/not_ready.html", {"item": item}, status=501)
