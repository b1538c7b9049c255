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
from pghistory.trigger import Event


class _PlannedPerCall(Event):
    """pghistory's trigger, its statement planned at each call (EXECUTE) instead of once per session.

    PL/pgSQL keeps a static statement's plan for the session, made for the transition tables of the first
    call. An INSERT … ON CONFLICT fires its UPDATE triggers first, usually with no rows, so the assignment
    trail's join of old and new rows was planned for none, as a nested loop, and then ran for the 20,000
    assignments of the next chunk of a progress file: 400 million row pairs, two minutes per chunk. The
    summary and progress triggers are planned per call for the same reason (reporting.summary_sql)."""

    def get_func(self, model):
        body = super().get_func(model).func
        statement, end = body.rsplit("RETURN NULL;", 1)
        assert "$pgh$" not in statement and not end.strip()
        return pgtrigger.Func(f"EXECUTE $pgh${statement.strip().rstrip(';')}$pgh$; RETURN NULL;")


class _PlannedEvent:
    def add_event_trigger(self, event_model):  # pghistory.RowEvent's, with the trigger class above
        pgtrigger.register(
            _PlannedPerCall(
                event_model=event_model,
                label=self.label,
                name=self.trigger_name,
                row=self.row,
                operation=self.operation,
                condition=self.condition,
                level=self.level,
            )
        )(event_model.pgh_tracked_model)


class InsertEvent(_PlannedEvent, pghistory.InsertEvent):
    pass


class UpdateEvent(_PlannedEvent, pghistory.UpdateEvent):
    pass


class DeleteEvent(_PlannedEvent, pghistory.DeleteEvent):
    pass


def track(model=None, *, derived: tuple[str, ...] = ()):
    """Record every insert, update (when something changed) and delete of the model. Fresh trackers per
    model: pghistory fills them in with the model's fields. The person's records are looked up by person
    on the audit page: their event tables index the person (other copied foreign keys are not indexed,
    see PGHISTORY_FOREIGN_KEY_FIELD in the settings).

    `derived`: fields kept from other audited rows (an assignment's progress_status is the agency's latest
    progress, whose own trail records it; an interview's is_current follows the person's interview dates). An
    update changing only those is not an event:
    a progress file of 100,000 rows would otherwise copy 100,000 assignments into their trail as well. The
    events still show the field's value when something else changes."""
    if model is None:
        return lambda model: track(model, derived=derived)
    update = UpdateEvent(condition=pgtrigger.AnyChange(exclude=list(derived))) if derived else UpdateEvent()
    trackers = (InsertEvent(), update, DeleteEvent())
    # The event table follows the tracked table's name: a model that moved app keeps both (Meta.db_table).
    meta = {"db_table": f"{model._meta.db_table}event"}
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
