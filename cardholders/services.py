"""Writes that span several rows or models: recording interviews and keeping "current" right."""

import datetime

from django.db import connection, transaction

from welfare_portal.audit import audit_context
from welfare_portal.models import Round

from .models import Cardholder, Channel, Interview


def interviews_refresh_current(*, cardholder_ids_sql: str, params=()) -> None:
    """Mark each listed person's latest interview of each round (by date, then by entry) as its current one.

    Set-based, for one person or a whole import: `cardholder_ids_sql` is a query returning the ids.
    Old flags are cleared first so the one-current-per-person index never sees two.
    """
    latest = f"""
        SELECT DISTINCT ON (cardholder_id, round_id) cardholder_id, round_id, id FROM cardholders_interview
        WHERE cardholder_id IN ({cardholder_ids_sql})
        ORDER BY cardholder_id, round_id, interviewed_on DESC, id DESC
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"""UPDATE cardholders_interview i SET is_current = false FROM ({latest}) l
                WHERE i.cardholder_id = l.cardholder_id AND i.round_id = l.round_id AND i.is_current
                  AND i.id <> l.id""",
            params,
        )
        cursor.execute(
            f"""UPDATE cardholders_interview i SET is_current = true FROM ({latest}) l
                WHERE i.id = l.id AND NOT i.is_current""",
            params,
        )


@transaction.atomic
def interview_record(
    *,
    cardholder,
    interviewed_on: datetime.date,
    group: int,
    choices: list,
    basic_needs: list[str],
    skill,
    user,
    channel: str = Channel.FORM,
    round=None,
) -> Interview:
    """Record one interview in the round given (the current one when None)."""
    choices = list(choices) + [None] * (3 - len(choices))
    in_round = {} if round is None else {"round": round}
    with audit_context(channel, user=user):
        return _interview_create(
            cardholder, interviewed_on, group, choices, basic_needs, skill, user, channel, in_round
        )


def takes_current(cardholder_id: int, round_, interviewed_on: datetime.date) -> bool:
    """Whether a new interview of the person on this day is their current one in the round; if so, the flag is
    taken from the earlier one now. An interview is written current or not as it is: the flag is derived (its
    change alone is no audit event, welfare_portal.audit.track), so the insert's event must show it right."""
    # Two entries for the same person queue here instead of both taking the flag (NO KEY UPDATE: the
    # foreign-key checks of an import in progress do not block it).
    list(Cardholder.objects.select_for_update(no_key=True).filter(pk=cardholder_id).values_list("pk"))
    theirs = Interview.objects.filter(cardholder_id=cardholder_id, round=round_)
    if theirs.filter(interviewed_on__gt=interviewed_on).exists():
        return False
    theirs.filter(is_current=True).update(is_current=False)
    return True


def _interview_create(cardholder, interviewed_on, group, choices, basic_needs, skill, user, channel, in_round):
    round_ = in_round.get("round") or Round.objects.current()
    interview = Interview.objects.create(
        round=round_,
        is_current=takes_current(cardholder.pk, round_, interviewed_on),
        cardholder=cardholder,
        interviewed_on=interviewed_on,
        group=group,
        choice_1=choices[0],
        choice_2=choices[1],
        choice_3=choices[2],
        basic_needs=basic_needs,
        skill=skill,
        channel=channel,
        recorded_by=user,
    )
    # A no-op when the flags are already right; it settles them if a file import wrote the person meanwhile.
    interviews_refresh_current(cardholder_ids_sql="%s", params=[cardholder.pk])
    interview.refresh_from_db(fields=["is_current"])
    return interview
