"""Matching by the provincial subcommittee (SPEC, step 5), set-based in SQL: a province with 200k
current interviews is matched in a few statements, not person by person."""

import hashlib

import pghistory
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from welfare_portal.audit import AuditChannel, audit_context
from welfare_portal.models import Project, Province, Round

from .models import Assignment, DelegatedCase, Delegation, MatchingRun, Transfer
from .rules import RANKS, TIE_RULE_DESCRIPTION, tie_rule_sql


class MatchingError(Exception):
    """A request the rules refuse; the message is for the user."""


def _lock_province(province: Province) -> None:
    # One matching decision at a time per province: runs, confirmations and delegations queue here.
    Province.objects.select_for_update().filter(pk=province.pk).first()


@transaction.atomic
def matching_run_create(*, province: Province, user, round: Round | None = None) -> MatchingRun:
    """Propose a matching of every current interview of the province in the round (the current one when
    None) without a confirmed assignment in it: rank 1 where seats remain, then rank 2, then rank 3.
    Nothing is final until confirmed."""
    round = round or Round.objects.current()
    _lock_province(province)
    runs = MatchingRun.objects.filter(province=province, round=round)
    runs.filter(status=MatchingRun.Status.PROPOSED).update(status=MatchingRun.Status.SUPERSEDED)
    last = runs.aggregate(n=Max("number"))["n"] or 0
    run = MatchingRun.objects.create(
        round=round, province=province, number=last + 1, tie_rule=TIE_RULE_DESCRIPTION, created_by=user
    )  # numbered within the province and round under its lock: Lampang's second run is ครั้งที่ 2
    low, high = Province.subdistrict_range(province.pk)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS pg_temp.match_candidates, pg_temp.match_seats")
        cursor.execute(
            """
            CREATE TEMP TABLE match_candidates ON COMMIT DROP AS
            -- Start from the province's people (an index range), then probe each one's current interview
            -- and active assignment by index. LATERAL … LIMIT 1 keeps those probes (the planner may not turn
            -- them into joins of the whole country's interviews and assignments): the cost follows the
            -- province's size, not the country's.
            WITH people AS MATERIALIZED (
                SELECT id, national_id FROM cardholders_cardholder WHERE subdistrict_id BETWEEN %s AND %s
            )
            SELECT i.id AS interview_id, c.id AS cardholder_id, c.national_id, i.interviewed_on,
                   -- an agency that was delegated the rank-1 choice and declined it is not asked again
                   CASE WHEN EXISTS (SELECT 1 FROM matching_delegatedcase d
                                     WHERE d.interview_id = i.id AND d.decision = 'declined')
                        THEN NULL ELSE i.choice_1_id END AS choice_1_id,
                   i.choice_2_id, i.choice_3_id, NULL::bigint AS project_id, NULL::smallint AS rank
            FROM people c
            CROSS JOIN LATERAL (
                SELECT i.id, i.interviewed_on, i.choice_1_id, i.choice_2_id, i.choice_3_id FROM cardholders_interview i
                WHERE i.cardholder_id = c.id AND i.round_id = %s AND i.is_current LIMIT 1
            ) i
            LEFT JOIN LATERAL (
                SELECT true AS active FROM matching_assignment a
                WHERE a.cardholder_id = c.id AND a.round_id = %s AND a.ended_at IS NULL LIMIT 1
            ) assigned ON true
            WHERE assigned.active IS NULL
              -- people delegated to an agency wait for its answer
              AND NOT EXISTS (SELECT 1 FROM matching_delegatedcase d
                              WHERE d.interview_id = i.id AND d.decision <> 'declined')
            """,
            [low, high, round.pk, round.pk],
        )
        cursor.execute(
            """
            CREATE TEMP TABLE match_seats ON COMMIT DROP AS
            SELECT cap.project_id, cap.seats - coalesce(used.n, 0) AS remaining
            FROM matching_capacity cap
            LEFT JOIN (SELECT project_id, count(*) AS n FROM matching_assignment
                       WHERE ended_at IS NULL AND round_id = %s AND development_province_id = %s GROUP BY project_id) used
                   USING (project_id)
            WHERE cap.round_id = %s AND cap.province_id = %s
            """,
            [round.pk, province.pk, round.pk, province.pk],
        )
        for rank in RANKS:
            _match_rank(cursor, rank)
        cursor.execute(
            """INSERT INTO matching_runentry (run_id, interview_id, cardholder_id, project_id, rank)
               SELECT %s, interview_id, cardholder_id, project_id, rank FROM match_candidates""",
            [run.pk],
        )
        cursor.execute("SELECT count(*), count(project_id) FROM match_candidates")
        run.candidates, run.matched = cursor.fetchone()
    run.save(update_fields=["candidates", "matched"])
    return run


def _match_rank(cursor, rank: int) -> None:
    choice = f"choice_{rank}_id"
    cursor.execute(
        f"""
        WITH ranked AS (
            SELECT c.interview_id, c.{choice} AS project_id,
                   row_number() OVER (PARTITION BY c.{choice} ORDER BY {tie_rule_sql("c")}) AS position
            FROM match_candidates c
            WHERE c.project_id IS NULL AND c.{choice} IS NOT NULL
        ), won AS (
            SELECT ranked.interview_id, ranked.project_id FROM ranked
            LEFT JOIN match_seats s USING (project_id)
            WHERE s.project_id IS NULL OR ranked.position <= s.remaining
        )
        UPDATE match_candidates c SET project_id = won.project_id, rank = %s
        FROM won WHERE c.interview_id = won.interview_id
        """,
        [rank],
    )
    cursor.execute(
        """UPDATE match_seats s SET remaining = s.remaining - m.n
           FROM (SELECT project_id, count(*) AS n FROM match_candidates WHERE rank = %s GROUP BY project_id) m
           WHERE s.project_id = m.project_id""",
        [rank],
    )


@transaction.atomic
def matching_run_confirm(*, run: MatchingRun, user) -> int:
    """Make a proposal final. Refused when anything it was based on changed since (a stale proposal)."""
    with audit_context(AuditChannel.MATCHING, user=user, run=run.pk):
        return _confirm(run, user)


def _confirm(run, user) -> int:
    _lock_province(run.province)
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchingRun.Status.PROPOSED:
        raise MatchingError("ข้อเสนอนี้ไม่อยู่ในสถานะรอยืนยัน (อาจถูกยืนยันแล้วหรือมีข้อเสนอใหม่กว่า)")
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM matching_runentry e JOIN cardholders_interview i ON i.id = e.interview_id
               WHERE e.run_id = %s AND (NOT i.is_current OR EXISTS (
                   SELECT 1 FROM matching_assignment a WHERE a.cardholder_id = e.cardholder_id
                   AND a.round_id = %s AND a.ended_at IS NULL))""",
            [run.pk, run.round_id],
        )
        if cursor.fetchone()[0]:
            raise MatchingError("ข้อมูลเปลี่ยนไปหลังจากประมวลผลข้อเสนอนี้ กรุณาประมวลผลใหม่ก่อนยืนยัน")
        now = timezone.now()
        cursor.execute(
            """INSERT INTO matching_assignment (cardholder_id, round_id, interview_id, project_id, unit_id, rank,
                   home_province_id, development_province_id, source, run_id, reason, decided_by_id, confirmed_at)
               SELECT e.cardholder_id, %s, e.interview_id, e.project_id, p.unit_id, e.rank, %s, %s, 'matching', %s, '',
                   %s, %s
               FROM matching_runentry e JOIN welfare_portal_project p ON p.id = e.project_id
               WHERE e.run_id = %s""",
            [run.round_id, run.province_id, run.province_id, run.pk, getattr(user, "pk", None), now, run.pk],
        )
        confirmed = cursor.rowcount
        _check_capacity(cursor, run.province_id, run.round_id)
        cursor.execute(
            """INSERT INTO matching_reinterviewrequest (cardholder_id, interview_id, run_id, created_at)
               SELECT cardholder_id, interview_id, run_id, %s FROM matching_runentry
               WHERE run_id = %s AND project_id IS NULL
               ON CONFLICT (interview_id) DO NOTHING""",
            [now, run.pk],
        )
    run.status, run.confirmed_by, run.confirmed_at = MatchingRun.Status.CONFIRMED, user, now
    run.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    return confirmed


def _check_capacity(cursor, province_id: int, round_id: int) -> None:
    cursor.execute(
        """SELECT p.name_th FROM matching_capacity cap JOIN welfare_portal_project p ON p.id = cap.project_id
           WHERE cap.round_id = %s AND cap.province_id = %s AND cap.seats < (SELECT count(*) FROM matching_assignment a
               WHERE a.project_id = cap.project_id AND a.round_id = %s AND a.development_province_id = %s
                 AND a.ended_at IS NULL)""",
        [round_id, province_id, round_id, province_id],
    )
    over = [name for (name,) in cursor.fetchall()]
    if over:
        raise MatchingError("จำนวนที่รับได้ถูกลดลงหลังจากประมวลผล เกินจำนวนในโครงการ: " + ", ".join(over) + " กรุณาประมวลผลใหม่")


@transaction.atomic
def assignment_change(
    *, assignment: Assignment, project: Project, reason: str, user, development_province: Province | None = None
) -> Assignment:
    """A new recorded decision of the คจจ.: the only way a confirmed assignment changes."""
    reason = reason.strip()
    if not reason:
        raise MatchingError("ต้องระบุเหตุผลของมติที่เปลี่ยนแปลง")
    pghistory.context(channel=AuditChannel.DECISION.value)  # joins the caller's audit context, if any
    current = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if current.ended_at is not None:
        raise MatchingError("การมอบหมายนี้ถูกเปลี่ยนไปแล้ว กรุณาเปิดข้อมูลล่าสุด")
    now = timezone.now()
    current.ended_at = now
    current.save(update_fields=["ended_at"])
    new = Assignment.objects.create(
        round_id=current.round_id,
        cardholder_id=current.cardholder_id,
        interview_id=current.interview_id,
        project=project,
        unit_id=project.unit_id,
        rank=_rank_of(current, project),
        home_province_id=current.home_province_id,
        development_province=development_province or current.development_province,
        source=Assignment.Source.DECISION,
        reason=reason,
        decided_by=user,
        confirmed_at=now,
    )
    current.replaced_by = new
    current.save(update_fields=["replaced_by"])
    return new


def _rank_of(assignment: Assignment, project: Project) -> int | None:
    interview = assignment.interview
    if interview is None:
        return None
    for rank, choice in enumerate((interview.choice_1_id, interview.choice_2_id, interview.choice_3_id), start=1):
        if choice == project.pk:
            return rank
    return None


DELEGATION_CHANGED = "รายชื่อเปลี่ยนไประหว่างที่ตรวจสอบ กรุณาตรวจสอบรายชื่อด้านล่างอีกครั้งก่อนยืนยัน"


def delegation_fingerprint(*, province: Province, unit, round: Round) -> str:
    """Who a delegation would hand over now, in one short string: the preview the คจจ. confirmed must be
    exactly who is delegated (the same count of other people is not the same list)."""
    from .selectors import delegation_candidates

    ids = delegation_candidates(province=province, unit=unit, round=round).order_by("pk").values_list("pk", flat=True)
    return hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:32]


@transaction.atomic
def delegation_create(
    *, province: Province, unit, user, expected: str | None = None, round: Round | None = None
) -> tuple[Delegation, int]:
    """Hand the agency everyone of the province whose current rank-1 choice in the round (the current one
    when None) is one of its projects. With `expected` (delegation_fingerprint of the list the คจจ. saw),
    only if that is still exactly the list and not empty: checked under the province's lock, so no import,
    run or second click slips in between."""
    round = round or Round.objects.current()
    _lock_province(province)
    if expected is not None and (
        not expected or delegation_fingerprint(province=province, unit=unit, round=round) != expected
    ):
        raise MatchingError(DELEGATION_CHANGED)
    delegation = Delegation.objects.create(round=round, province=province, unit=unit, created_by=user)
    low, high = Province.subdistrict_range(province.pk)
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO matching_delegatedcase (delegation_id, interview_id, cardholder_id, project_id, decision)
               SELECT %s, i.id, i.cardholder_id, i.choice_1_id, 'pending'
               FROM cardholders_interview i
               JOIN cardholders_cardholder c ON c.id = i.cardholder_id
               JOIN welfare_portal_project p ON p.id = i.choice_1_id
               WHERE i.is_current AND i.round_id = %s AND p.unit_id = %s AND c.subdistrict_id BETWEEN %s AND %s
                 AND NOT EXISTS (SELECT 1 FROM matching_assignment a
                                 WHERE a.cardholder_id = i.cardholder_id AND a.round_id = i.round_id
                                   AND a.ended_at IS NULL)
               ON CONFLICT (interview_id) DO NOTHING""",
            [delegation.pk, round.pk, unit.pk, low, high],
        )
        count = cursor.rowcount
    if expected is not None and not count:
        raise MatchingError("ไม่มีผู้ที่จะมอบหมายให้หน่วยงานนี้แล้ว")  # rolls the empty delegation back
    return delegation, count


def delegated_cases_decide(*, cases, accept: bool, user) -> int:
    """The agency takes (an assignment to the rank-1 project, final) or declines (rank 2 and 3 next run)."""
    ids, params = cases.values("id").query.sql_with_params()
    decided, _ = delegated_cases_decide_from(
        decisions_sql=f"SELECT id, %s FROM ({ids}) ids", params=[accept, *params], user=user
    )
    return decided


@transaction.atomic
def delegated_cases_decide_from(*, decisions_sql: str, params=(), user, checked: bool = False) -> tuple[int, int]:
    """Record the agency's decision on every still-pending case that `decisions_sql` lists as (case id,
    accept): one statement for 10 cases or a million. An accepted case becomes a confirmed assignment to
    the person's rank-1 project unless the person already has one. Returns (decided, assignments made).

    `checked`: `decisions_sql` lists (case id, accept, assign), `assign` already saying whether an accepted
    case's person is without an active assignment (found by the caller in an earlier statement), so this
    statement does not read the assignments it writes. A file's import does so: on the first day, with
    statistics of an empty table, the check inside this statement scanned the round's assignments, the ones
    it was inserting included, for every row (80 s a chunk of 20,000)."""
    user_id = getattr(user, "pk", None)
    if checked:
        columns, returned, assign = "(case_id, accept, assign)", ", d.assign", "x.assign"
    else:
        columns, returned = "(case_id, accept)", ""
        assign = """x.accept AND NOT EXISTS (
                    SELECT 1 FROM matching_assignment a WHERE a.cardholder_id = x.cardholder_id
                    AND a.round_id = g.round_id AND a.ended_at IS NULL
                )"""
    with audit_context(AuditChannel.DELEGATION, user=user), connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH decisions {columns} AS ({decisions_sql}),
            decided AS (
                UPDATE matching_delegatedcase dc
                SET decision = CASE WHEN d.accept THEN %s ELSE %s END, decided_by_id = %s, decided_at = now()
                FROM decisions d
                -- ANY(ARRAY(…)): the cases fetched by their keys, never the whole table hashed per call
                WHERE dc.id = ANY(ARRAY(SELECT case_id FROM decisions)) AND dc.id = d.case_id AND dc.decision = %s
                RETURNING dc.cardholder_id, dc.interview_id, dc.project_id, dc.delegation_id, d.accept{returned}
            ),
            taken AS (
                INSERT INTO matching_assignment (cardholder_id, round_id, interview_id, project_id, unit_id, rank,
                    home_province_id, development_province_id, source, reason, decided_by_id, confirmed_at)
                SELECT DISTINCT ON (x.cardholder_id) x.cardholder_id, g.round_id, x.interview_id, x.project_id,
                    g.unit_id, 1, g.province_id, g.province_id, %s, '', %s, now()
                FROM decided x JOIN matching_delegation g ON g.id = x.delegation_id
                WHERE {assign}
                ORDER BY x.cardholder_id
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM decided), (SELECT count(*) FROM taken)
            """,
            [
                *params,
                DelegatedCase.Decision.ACCEPTED,
                DelegatedCase.Decision.DECLINED,
                user_id,
                DelegatedCase.Decision.PENDING,
                Assignment.Source.DELEGATION,
                user_id,
            ],
        )
        return cursor.fetchone()


@transaction.atomic
def transfer_request(*, assignment: Assignment, to_province: Province, reason: str, user) -> Transfer:
    if not reason.strip():
        raise MatchingError("ต้องระบุเหตุผลที่ส่งไปพัฒนาที่จังหวัดอื่น")
    if assignment.ended_at is not None:
        raise MatchingError("การมอบหมายนี้ถูกเปลี่ยนไปแล้ว")
    if to_province.pk == assignment.development_province_id:
        raise MatchingError("ผู้มีบัตรฯ รายนี้พัฒนาที่จังหวัดนี้อยู่แล้ว")
    if Transfer.objects.filter(assignment=assignment, status=Transfer.Status.PENDING).exists():
        raise MatchingError("มีคำขอส่งไปพัฒนาที่จังหวัดอื่นที่รอพิจารณาอยู่แล้ว")
    return Transfer.objects.create(
        assignment=assignment,
        from_province_id=assignment.development_province_id,
        to_province=to_province,
        reason=reason.strip(),
        requested_by=user,
    )


@transaction.atomic
def transfer_decide(*, transfer: Transfer, accept: bool, user) -> Transfer:
    transfer = (
        Transfer.objects.select_for_update().select_related("assignment__project", "to_province").get(pk=transfer.pk)
    )
    if transfer.status != Transfer.Status.PENDING:
        raise MatchingError("คำขอนี้พิจารณาไปแล้ว")
    transfer.status = Transfer.Status.ACCEPTED if accept else Transfer.Status.DECLINED
    transfer.decided_by, transfer.decided_at = user, timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    if accept:
        assignment_change(
            assignment=transfer.assignment,
            project=transfer.assignment.project,
            development_province=transfer.to_province,
            reason=f"ส่งไปพัฒนาที่จังหวัด{transfer.to_province.name_th}: {transfer.reason}",
            user=user,
        )
    return transfer
