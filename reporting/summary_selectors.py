"""Reads of the summary tables (summary_sql.py), of one round, aggregated to the page's level in SQL: a
national page groups a few thousand summary rows, never the base tables. Each returns the same Counter keys as the
base-table path in reports.py, so the two paths are interchangeable (and tested to agree)."""

from collections import Counter

from django.db import connection


def _fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _where(divisor: int, area_range, round_id: int) -> tuple[str, list]:
    """Rows of the round and level, within the subdistrict-code range of the area asked for (if any)."""
    if not area_range:
        return "WHERE s.round = %s AND s.level = %s", [round_id, divisor]
    low, high = area_range
    return (
        "WHERE s.round = %s AND s.level = %s AND s.area BETWEEN %s AND %s",
        [round_id, divisor, low // divisor, high // divisor],
    )


def _covering(area_range) -> int:
    """The coarsest level whose rows exactly cover the range: a whole province, a district, or the country."""
    if not area_range:
        return 10000
    low, high = area_range
    return 10000 if high - low == 9999 else 100


def cardholders(*, divisor: int, area_range, round_id: int) -> dict[int, Counter]:
    where, params = _where(divisor, area_range, round_id)
    rows = _fetch(f"SELECT s.area, sum(s.n)::bigint FROM summary_cardholders s {where} GROUP BY 1", params)
    return {area: Counter(total=n) for area, n in rows}


def interviews(*, divisor: int, area_range, round_id: int) -> dict[int, Counter]:
    """Current interviews: total, by group, by rank-1 agency (code) and project, with needs, with a skill."""
    where, params = _where(divisor, area_range, round_id)
    rows = _fetch(
        f"""SELECT s.area, s.choice_1, s.grp, p.unit_id, u.code, sum(s.n)::bigint, sum(s.n_needs)::bigint, sum(s.n_skill)::bigint
            FROM summary_interview_choice s
            JOIN welfare_portal_project p ON p.id = s.choice_1
            JOIN welfare_portal_developmentunit u ON u.id = p.unit_id
            {where} GROUP BY 1, 2, 3, 4, 5""",
        params,
    )
    result: dict[int, Counter] = {}
    for area, project, group, unit_id, unit_code, n, needs, skills in rows:
        counter = result.setdefault(area, Counter())
        counter.update(
            {
                "total": n,
                "interviews": n,
                f"group:{group}": n,
                f"unit:{unit_code}": n,
                "needs": needs,
                "skills": skills,
                ("project", project, group): n,
                ("project", project, None): n,
                ("unit_id", unit_id, group): n,
                ("unit_id", unit_id, None): n,
            }
        )
    return result


def needs(*, divisor: int, area_range, round_id: int) -> dict[int, Counter]:
    where, params = _where(divisor, area_range, round_id)
    rows = _fetch(
        f"SELECT s.area, s.need, sum(s.n)::bigint FROM summary_interview_need s {where} GROUP BY 1, 2",
        params,
    )
    result: dict[int, Counter] = {}
    for area, need, n in rows:
        result.setdefault(area, Counter())["any" if need == "*" else f"need:{need}"] += n
    return result


def training(*, area_range, round_id: int) -> Counter:
    """Rank-1 choices of skill training, by skill code (None: no skill given)."""
    where, params = _where(_covering(area_range), area_range, round_id)
    rows = _fetch(
        f"""SELECT k.code, sum(s.n)::bigint FROM summary_interview_training s
            LEFT JOIN welfare_portal_skill k ON k.id = s.skill {where} GROUP BY 1""",
        params,
    )
    return Counter(dict(rows))


def assignments_by_project(*, area_range, round_id: int) -> Counter:
    where, params = _where(_covering(area_range), area_range, round_id)
    return Counter(
        dict(_fetch(f"SELECT s.project, sum(s.n)::bigint FROM summary_assignment_project s {where} GROUP BY 1", params))
    )


def assignments_by_unit(*, divisor: int, area_range, round_id: int) -> dict[int, Counter]:
    where, params = _where(divisor, area_range, round_id)
    rows = _fetch(
        f"""SELECT s.area, u.code, sum(s.n)::bigint FROM summary_assignment_project s
            JOIN welfare_portal_project p ON p.id = s.project JOIN welfare_portal_developmentunit u ON u.id = p.unit_id
            {where} GROUP BY 1, 2""",
        params,
    )
    result: dict[int, Counter] = {}
    for area, code, n in rows:
        result.setdefault(area, Counter()).update({code: n, "total": n})
    return result


def assignment_statuses(*, divisor: int, area_range, round_id: int, unit_id: int | None = None) -> dict[int, Counter]:
    where, params = _where(divisor, area_range, round_id)
    if unit_id is not None:
        where += " AND s.unit = %s"  # _where always starts the clause
        params.append(unit_id)
    rows = _fetch(
        f"SELECT s.area, s.status, sum(s.n)::bigint FROM summary_assignment_status s {where} GROUP BY 1, 2",
        params,
    )
    result: dict[int, Counter] = {}
    for area, status, n in rows:
        result.setdefault(area, Counter()).update({status: n, "total": n})
    return result
