"""Who changed what, through which channel, and who looked at whom.

Changes to people, interviews, assignments, progress and follow-ups are recorded by database triggers
(django-pghistory, statement-level so a 100k-row import costs one extra INSERT … SELECT, not 100k), which
also catch bulk and raw-SQL writes. `audit_context` labels them with the channel; the web middleware adds
the user and URL. Reads that matter (a profile opened, a name list exported, an ID revealed) are
AccessLog rows written by the views.
"""

import pghistory
import pgtrigger
from django.db import models


def track(model):
    """Record every insert, update (when something changed) and delete of the model. Fresh trackers per
    model: pghistory fills them in with the model's fields. The person's records are looked up by person
    on the audit page: their event tables index the person (other copied foreign keys are not indexed,
    see PGHISTORY_FOREIGN_KEY_FIELD in the settings)."""
    trackers = (pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
    meta = {}
    if model._meta.model_name != "cardholder" and any(f.name == "cardholder" for f in model._meta.local_fields):
        meta["indexes"] = [models.Index(fields=["cardholder"], name=f"{model._meta.model_name}_event_person")]
    return pghistory.track(*trackers, level=pgtrigger.Statement, meta=meta)(model)


class AuditChannel(models.TextChoices):
    """Through which channel a change came, as the audit page names it (the `channel` of the context)."""

    FORM = "form", "แบบฟอร์ม"
    IMPORT = "import", "นำเข้าไฟล์"
    MATCHING = "matching", "การจับคู่"
    DECISION = "decision", "มติ คจจ."
    DELEGATION = "delegation", "หน่วยงานรับเอง"
    ADMIN = "admin", "ผู้ดูแลระบบ"


def audit_context(channel: AuditChannel, user=None, **extra):
    """Label every change made inside the block; `user` for work outside a web request (threads, commands)."""
    if user is not None and getattr(user, "pk", None):
        extra["user"] = user.pk
    return pghistory.context(channel=AuditChannel(channel).value, **extra)


def access_log(request, action: str, *, cardholder_id: int | None = None, detail: str = "") -> None:
    from .models import AccessLog

    AccessLog.objects.create(user=request.user, action=action, cardholder_id=cardholder_id, detail=detail[:500])
