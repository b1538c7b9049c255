"""The scope matrix's machinery (tests/test_scope_matrix.py): every URL pattern the resolver knows, what a
probe of one door is, the probes of an admin page, and how an answer is judged. No page, file, JSON answer or
redirect may hold the other scope's person; a redirect may lead only to the places the probe expects, and is
followed there."""

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.contrib import admin
from django.contrib.admin.utils import quote
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import JSONField
from django.forms import BooleanField
from django.forms.models import model_to_dict
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse

# Where any door may send an intruder: sign-in, the second factor, the forced password change, the home
# pages. None of them shows a person.
SAFE_PLACES = frozenset({"login", "admin:login", "password_change", "otp_setup", "otp_verify", "home", "admin:index"})
# 400 a refused form, 403 not your role, 404 not in your scope, 405 wrong method, 501 a menu page not built.
ANSWERS = frozenset({200, 301, 302, 400, 403, 404, 405, 501})
MAX_HOPS = 4


def url_patterns() -> dict[str, str]:
    """Every URL pattern of the portal, the admin's included, as {key: route}. The key is the pattern's
    name, namespaced ("admin:index"), or its whole route when it has no name."""
    patterns = {}

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(part for part in (namespace, entry.namespace) if part)
                walk(entry, prefix + str(entry.pattern), inner)
            else:
                route = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                patterns[name or route] = route

    walk(get_resolver(), "", "")
    return patterns


def admin_model_patterns(patterns) -> dict[str, tuple[str, str]]:
    """The patterns each registered ModelAdmin adds, as {key: (model label, suffix)}: "changelist",
    "change", "import" … from their names, "object" for the unnamed <object_id>/ redirect to the change page."""
    found = {}
    for model in admin.site._registry:
        app, name, label = model._meta.app_label, model._meta.model_name, model._meta.label_lower
        for key in patterns:
            if key.startswith(f"admin:{app}_{name}_"):
                found[key] = (label, key.removeprefix(f"admin:{app}_{name}_"))
            elif key == f"admin/{app}/{name}/<path:object_id>/":
                found[key] = (label, "object")
    return found


@dataclass(frozen=True)
class Probe:
    """One try at one door: a GET or POST with the other scope's pk or parameter in it."""

    key: str  # the URL pattern tried (a key of url_patterns())
    method: str  # "get" or "post"
    url: str
    data: dict | Callable[[], dict] | None = None  # a callable for uploads: a fresh file each time it is sent
    label: str = ""  # tells the probes of one pattern apart
    leads_to: tuple = ()  # URL names a redirect may lead to, besides SAFE_PLACES
    refuse: bool = False  # the URL names the other scope's row itself: a 200 is the row shown
    typed: bool = False  # the intruder typed the person's ID in: the ID said back is no leak, the name is
    marks: tuple = ()  # more strings that would show the other scope's row (an admin link to it)
    owner: str = ""  # who rightfully sees the person behind this probe (test_it_aims_every_probe_at_the_person)
    then: Callable | None = None  # then(probe, user, response) -> the next step's probes, of a two-step door

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.key}{f' [{self.label}]' if self.label else ''}"


def csv_upload(name, header, rows) -> SimpleUploadedFile:
    lines = [",".join(str(cell) for cell in row) for row in [header, *rows]]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode("utf-8-sig"), content_type="text/csv")


def with_file(field, name, header, rows, **fields) -> Callable[[], dict]:
    """Form data holding a CSV upload, made afresh each time it is sent (an upload is read once)."""
    return lambda: {**fields, field: csv_upload(name, header, rows)}


def send(client, probe: Probe):
    data = probe.data() if callable(probe.data) else probe.data
    return getattr(client, probe.method)(probe.url, data or {})


def body(response) -> str:
    """What the answer shows: the page, the JSON, the CSV, or the text inside an XLSX."""
    content = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    if response.get("Content-Type", "").startswith("application/json"):  # "\u0e25…": read it as text
        return json.dumps(json.loads(content), ensure_ascii=False)
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist() if name.endswith(".xml")
            )
    return content.decode("utf-8", "replace")


def place(location: str) -> str:
    """The URL name a redirect leads to ("" when it leaves the site or leads nowhere known)."""
    parts = urlsplit(location)
    if parts.netloc not in ("", "testserver"):
        return ""
    try:
        return resolve(parts.path).view_name
    except Resolver404:
        return ""


def judge(client, probe: Probe, secrets, ids) -> tuple[list[str], object]:
    """Send the probe as the signed-in intruder and follow its redirects. Returns what went wrong and the
    first answer. `secrets` and the probe's marks may never appear; `ids` (the people's IDs in their forms)
    neither, unless the intruder typed one in."""
    problems = []
    shown = (*secrets, *probe.marks, *(() if probe.typed else ids))
    first = response = send(client, probe)
    for hop in range(MAX_HOPS):
        where = probe.name if hop == 0 else f"{probe.name} → {response.request['PATH_INFO']}"
        if response.status_code not in ANSWERS:
            problems.append(f"{where}: answered {response.status_code}")
        if probe.refuse and hop == 0 and response.status_code == 200:
            problems.append(f"{where}: opened the other scope's row (200)")
        text = body(response)
        problems += [f"{where}: shows {secret!r}" for secret in shown if secret in text]
        if response.status_code not in (301, 302):
            break
        location = response["Location"]
        if place(location) not in SAFE_PLACES | set(probe.leads_to):
            problems.append(f"{where}: redirects to {location} ({place(location) or 'unknown'})")
            break
        response = client.get(location)
    return problems, first


def seen(client, probe: Probe, user, marks) -> bool:
    """Send the probe as its owner, following its redirects and next steps: does an answer show one of
    `marks`?"""
    response = first = send(client, probe)
    for _ in range(MAX_HOPS):
        if any(mark in body(response) for mark in marks):
            return True
        if response.status_code not in (301, 302):
            break
        response = client.get(response["Location"])
    steps = probe.then(probe, user, first) if probe.then else []
    return any(seen(client, step, user, marks) for step in steps)


# ---- the admin's pages of one model --------------------------------------------------------------------------


@dataclass(frozen=True)
class AdminTarget:
    """The other scope's row of a model (an attribute of the test's world), and what its admin is tried with."""

    row: str
    search: Callable = lambda w: ()  # world -> texts to type in the changelist's search box
    queries: Callable = lambda w: ()  # world -> further changelist queries
    add: Callable | None = None  # world -> an add form's data that would write into the other scope
    file: Callable | None = None  # world -> (name, header, rows) of a file for the import button


ADMIN_SUFFIXES = ("changelist", "add", "change", "history", "delete", "object", "import", "process_import", "export")


def admin_probes(key, label, suffix, target: AdminTarget, w, *, owner) -> list[Probe]:
    """The probes of one admin page of the model `label`, aimed at the target's row. `owner` names the staff
    account that rightfully sees the row."""
    row = getattr(w, target.row)
    app, model = label.split(".")
    marks = (f'href="/admin/{app}/{model}/{quote(row.pk)}/',)  # a link to the row: lists and pages hold one
    changelist = f"admin:{app}_{model}_changelist"
    common = {"marks": marks, "leads_to": (changelist,)}
    if suffix in ("change", "history", "delete"):
        url = reverse(key, args=[row.pk])
        probes = [Probe(key, "get", url, refuse=True, owner=owner if suffix == "change" else "", **common)]
        if suffix == "change":
            probes.append(Probe(key, "post", url, data=_change_data(row), refuse=True, **common))
        if suffix == "delete":
            probes.append(Probe(key, "post", url, data={"post": "yes"}, refuse=True, **common))
        return probes
    if suffix == "object":
        url, leads_to = f"/admin/{app}/{model}/{quote(row.pk)}/", (changelist, f"admin:{app}_{model}_change")
        return [Probe(key, "get", url, marks=marks, leads_to=leads_to)]
    url = reverse(key)
    if suffix == "changelist":
        selected = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
        return [
            Probe(key, "get", url, owner=owner, **common),
            *(
                Probe(key, "get", url, data={"q": text}, label=f"search {text}", typed=True, owner=owner, **common)
                for text in target.search(w)
            ),
            *(
                Probe(key, "get", url, data=query, label=f"query {query}", owner=owner, **common)
                for query in target.queries(w)
            ),
            Probe(key, "post", url, data=selected, label="delete selected", **common),
        ]
    if suffix == "add" and target.add is None:
        return [Probe(key, "get", url, **common)]
    if suffix == "add":
        into = Probe(key, "post", url, data=target.add(w), label="into the other scope", **common)
        return [Probe(key, "get", url, **common), into]
    if suffix == "import":
        upload = with_file("import_file", *target.file(w), format="0", resource="0")
        step = {"label": "the other scope's person", "typed": True, "then": _process_import}
        return [Probe(key, "get", url, **common), Probe(key, "post", url, data=upload, **step, **common)]
    if suffix == "process_import":
        forged = {"import_file_name": "0" * 32 + ".csv", "original_file_name": "x.csv", "format": "0", "resource": "0"}
        return [Probe(key, "post", url, data=forged, label="forged file name", **common)]
    if suffix == "export":
        return [Probe(key, "get", url, then=_export_all_fields, owner=owner, **common)]
    raise AssertionError(f"no probe for the admin's {suffix} page")


def _context(response, name):
    return (getattr(response, "context", None) or {}).get(name)


def _process_import(probe, user, response):
    """The admin's import, second step: confirm the preview the first step showed."""
    confirm = _context(response, "confirm_form")
    if confirm is None:
        return []
    key = probe.key.removesuffix("_import") + "_process_import"
    data, options = dict(confirm.initial), {"typed": True, "leads_to": probe.leads_to}
    return [Probe(key, "post", reverse(key), data=data, label="own preview", **options)]


def _export_all_fields(probe, user, response):
    """The admin's export, second step: every field ticked, as CSV."""
    form = _context(response, "form")
    if form is None:
        return []
    ticked = {name: "on" for name, field in form.fields.items() if isinstance(field, BooleanField)}
    return [Probe(probe.key, "post", probe.url, data={**ticked, "format": "0", "resource": "0"}, label="all fields")]


def _change_data(row) -> dict:
    """The row's own values as its change form would post them, the first text field altered."""
    data = {}
    for field in row._meta.concrete_fields:
        if field.primary_key or not field.editable:
            continue
        value = model_to_dict(row, fields=[field.name]).get(field.name)
        if isinstance(field, JSONField):
            value = json.dumps(value)
        elif isinstance(value, list):
            value = ",".join(map(str, value))
        data[field.name] = "" if value is None else value
    text = next((f.name for f in row._meta.concrete_fields if f.get_internal_type() == "CharField"), None)
    if text:
        data[text] = "แก้โดยผู้อื่น"
    return data
