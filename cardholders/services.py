"""Writes that span several rows or models: recording interviews and keeping "current" right."""

import datetime

from django.db import connection, transaction

from welfare_portal.audit import audit_context

from .models import Channel, Interview


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


def _interview_create(cardholder, interviewed_on, group, choices, basic_needs, skill, user, channel, in_round):
    interview = Interview.objects.create(
        **in_round,
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
    interviews_refresh_current(cardholder_ids_sql="%s", params=[cardholder.pk])
    interview.refresh_from_db(fields=["is_current"])
    return interview
