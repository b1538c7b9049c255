"""Summary tables for the menu pages, kept exact by statement-level triggers in the same transaction as
every write (imports, forms, matching, decisions, raw SQL), so a national page reads a few thousand small
rows instead of grouping 14.5 million.

Each summary is declared once (its keys, its counts, where its rows come from); from that declaration this
module writes the trigger functions (a change adds the new rows' counts and subtracts the old rows'), the
rebuild (recount everything from the base tables) and the check (recount into a temporary table and
compare). Every count is kept at three levels (subdistrict, district, province: `level` is the divisor of
the subdistrict code), so a national page reads 77 province rows per key, not 7,451 subdistrict rows.

Sources: "roster" (a round's roster: who held a card in it), "interview" (current interviews, by the
person's subdistrict), "assignment" (active assignments, by the person's subdistrict). Every summary is kept
per round (its second key), so a round's pages read its own rows. When a person moves, the person trigger
("people") moves their roster, interview and assignment counts too.
"""

import re
from dataclasses import dataclass

SKILL_TRAINING_UNIT = "DSD"  # กรมพัฒนาฝีมือแรงงาน (menu 3.4)


@dataclass(frozen=True)
class Summary:
    table: str
    source: str  # roster | interview | assignment
    keys: tuple[str, ...]  # the subdistrict first, the round second
    values: tuple[str, ...]
    select: str  # key expressions then value expressions, over alias r (the row) and c (the person)
    where: str = "true"
    joins: str = ""
    # The base table's columns the summary reads (in select, where and joins; tests/test_summaries.py holds
    # this list complete): an update changing none of them leaves the summary as it was and is skipped.
    reads: tuple[str, ...] = ()

    def contribution(self, rows_from: str, *, signed: bool = False) -> str:
        """The summary's counts of `rows_from` by key; `signed` rows (from _signed_changes) also by their sign,
        which comes first."""
        sign = "r.sign, " if signed else ""
        keys = ", ".join(str(i) for i in range(1, len(self.keys) + 1 + signed))
        return f"SELECT {sign}{self.select} FROM {rows_from}{self.joins} WHERE {self.where} GROUP BY {keys}"


SUMMARIES = (
    Summary(
        "summary_cardholders",
        "roster",
        ("subdistrict", "round"),
        ("n",),
        "c.subdistrict_id, r.round_id, count(*)",
        reads=("cardholder_id", "round_id"),
    ),
    Summary(
        "summary_interview_choice",
        "interview",
        ("subdistrict", "round", "choice_1", "grp"),
        ("n", "n_needs", "n_skill"),
        'c.subdistrict_id, r.round_id, r.choice_1_id, r."group", count(*), '
        "count(*) FILTER (WHERE cardinality(r.basic_needs) > 0), count(*) FILTER (WHERE r.skill_id IS NOT NULL)",
        where="r.is_current",
        reads=("cardholder_id", "round_id", "choice_1_id", "group", "basic_needs", "skill_id", "is_current"),
    ),
    Summary(
        "summary_interview_need",
        "interview",
        ("subdistrict", "round", "need"),
        ("n",),
        "c.subdistrict_id, r.round_id, need.code, count(*)",
        where="r.is_current",
        reads=("cardholder_id", "round_id", "basic_needs", "is_current"),
        joins=" CROSS JOIN LATERAL unnest(r.basic_needs || CASE WHEN cardinality(r.basic_needs) > 0 "
        "THEN ARRAY['*']::varchar[] ELSE '{}'::varchar[] END) AS need(code)",
    ),
    Summary(
        "summary_interview_training",
        "interview",
        ("subdistrict", "round", "skill"),
        ("n",),
        "c.subdistrict_id, r.round_id, coalesce(r.skill_id, 0), count(*)",
        where=f"r.is_current AND u.code = '{SKILL_TRAINING_UNIT}'",
        reads=("cardholder_id", "round_id", "skill_id", "choice_1_id", "is_current"),
        joins=" JOIN welfare_portal_project p ON p.id = r.choice_1_id JOIN welfare_portal_developmentunit u ON u.id = p.unit_id",
    ),
    Summary(
        "summary_assignment_project",
        "assignment",
        ("subdistrict", "round", "project"),
        ("n",),
        "c.subdistrict_id, r.round_id, r.project_id, count(*)",
        where="r.ended_at IS NULL",
        reads=("cardholder_id", "round_id", "project_id", "ended_at"),
    ),
    Summary(
        "summary_assignment_status",
        "assignment",
        ("subdistrict", "round", "unit", "status"),
        ("n",),
        "c.subdistrict_id, r.round_id, r.unit_id, r.progress_status, count(*)",
        where="r.ended_at IS NULL",
        reads=("cardholder_id", "round_id", "unit_id", "progress_status", "ended_at"),
    ),
)

BASE_TABLE = {
    "roster": "cardholders_rosterentry",
    "interview": "cardholders_interview",
    "assignment": "matching_assignment",
}
SOURCES = ("people", *BASE_TABLE)  # people: the register, whose trigger only carries counts when people move


def _full_from(summary: Summary, round_id: int | None = None) -> str:
    table = BASE_TABLE[summary.source]
    if round_id is not None:
        table = f"(SELECT * FROM {table} WHERE round_id = {int(round_id)})"
    return f"{table} r JOIN cardholders_cardholder c ON c.id = r.cardholder_id"


LEVELS = "(VALUES (1), (100), (10000)) AS lv(div)"


def _keys(summary: Summary) -> str:
    return ", ".join(("level", "area", *summary.keys[1:]))


def _names(summary: Summary) -> str:
    return ", ".join([*(f"k{i}" for i in range(len(summary.keys))), *(f"v{i}" for i in range(len(summary.values)))])


def _expanded(summary: Summary, rows_sql: str, sign: int | None = None, *, signed: bool = False) -> str:
    """The contribution of `rows_sql` at every level: (level, area, other keys…, counts…); with a sign first
    when `sign` is given, or each row's own when the rows are `signed` (_signed_changes)."""
    others = [f"d.k{i}" for i in range(1, len(summary.keys))]
    values = [f"d.v{i}" for i in range(len(summary.values))]
    names = _names(summary)
    if signed:
        prefix, names = "d.sign AS sign, ", "sign, " + names
    else:
        prefix = f"{sign} AS sign, " if sign is not None else ""
    return (
        f"SELECT {prefix}lv.div AS level, d.k0 / lv.div AS area, {', '.join([*others, *values])} "
        f"FROM ({summary.contribution(rows_sql, signed=signed)}) AS d ({names}) CROSS JOIN {LEVELS}"
    )


def _aggregated(summary: Summary, rows_sql: str) -> str:
    width = len(summary.keys) + 1
    names = ", ".join([*(f"c{i}" for i in range(width)), *(f"v{i}" for i in range(len(summary.values)))])
    groups = ", ".join(f"e.c{i}" for i in range(width))
    sums = ", ".join(f"sum(e.v{i})::bigint" for i in range(len(summary.values)))
    return f"SELECT {groups}, {sums} FROM ({_expanded(summary, rows_sql)}) AS e ({names}) GROUP BY {groups}"


def apply_delta(summary: Summary, plus_from: str | None, minus_from: str | None, signed_from: str | None = None) -> str:
    """One statement adding the counts of `plus_from` rows and subtracting those of `minus_from` rows, or
    adding and subtracting those of `signed_from` rows by their own sign."""
    keys = _keys(summary)
    width = len(summary.keys) + 1  # level, area, other keys
    parts = [_expanded(summary, rows, sign) for sign, rows in ((1, plus_from), (-1, minus_from)) if rows]
    if signed_from:
        parts.append(_expanded(summary, signed_from, signed=True))
    columns = [f"u.c{i}" for i in range(width)]
    renamed = ", ".join(["sign", *(f"c{i}" for i in range(width)), *(f"v{i}" for i in range(len(summary.values)))])
    sums = ", ".join(f"sum(u.sign * u.v{i})" for i in range(len(summary.values)))
    updates = ", ".join(f"{v} = s.{v} + EXCLUDED.{v}" for v in summary.values)
    # Keys in one order: two writers touching the same summary rows queue instead of deadlocking.
    return f"""
        INSERT INTO {summary.table} AS s ({keys}, {", ".join(summary.values)})
        SELECT {", ".join(columns)}, {sums}
        FROM ({" UNION ALL ".join(parts)}) AS u ({renamed})
        GROUP BY {", ".join(columns)}
        ORDER BY {", ".join(columns)}
        ON CONFLICT ({keys}) DO UPDATE SET {updates};
    """


# ---- deferred: a bulk write (an import) collects its changes and applies them once, at its end --------------

DEFERRED = "welfare.summaries_deferred"  # a transaction-local setting; 'on' while a bulk write collects


def _pending(summary: Summary) -> str:
    return f"pg_temp.{summary.table}_pending"


def pending_delta(
    summary: Summary, plus_from: str | None, minus_from: str | None, signed_from: str | None = None
) -> str:
    """Like apply_delta, but the subdistrict-level counts go to the write's own pending table: no summary row
    is touched until flush_sql(), so a file of a million rows upserts each summary row once, not once per
    chunk that happens to touch it."""
    names = _names(summary)
    keys = [f"d.k{i}" for i in range(len(summary.keys))]
    parts = []
    for sign, rows in ((1, plus_from), (-1, minus_from)):
        if rows:
            signed = [*keys, *(f"{sign} * d.v{i}" for i in range(len(summary.values)))]
            parts.append(f"SELECT {', '.join(signed)} FROM ({summary.contribution(rows)}) AS d ({names})")
    if signed_from:
        signed = [*keys, *(f"d.sign * d.v{i}" for i in range(len(summary.values)))]
        parts.append(
            f"SELECT {', '.join(signed)} FROM ({summary.contribution(signed_from, signed=True)}) AS d (sign, {names})"
        )
    return f"INSERT INTO {_pending(summary)} ({names}) {' UNION ALL '.join(parts)};"


def defer_sql() -> str:
    """Start collecting this transaction's summary changes (pending tables dropped at commit)."""
    statements = []
    for summary in SUMMARIES:
        others = [f"{key} AS k{i}" for i, key in enumerate(summary.keys[1:], start=1)]
        values = [f"{value} AS v{i}" for i, value in enumerate(summary.values)]
        statements.append(
            f"CREATE TEMP TABLE IF NOT EXISTS {summary.table}_pending ON COMMIT DROP AS "
            f"SELECT {', '.join(['area AS k0', *others, *values])} FROM {summary.table} WITH NO DATA;"
        )
    statements.append(f"SELECT set_config('{DEFERRED}', 'on', true);")
    return "\n".join(statements)


def flush_sql() -> str:
    """Apply what was collected since defer_sql(), at every level, each summary row once; stop collecting."""
    statements = []
    for summary in SUMMARIES:
        width = len(summary.keys) + 1
        others = [f"p.k{i}" for i in range(1, len(summary.keys))]
        sums = [f"sum(p.v{i})" for i in range(len(summary.values))]
        groups = ", ".join(str(i) for i in range(1, width + 1))
        updates = ", ".join(f"{v} = s.{v} + EXCLUDED.{v}" for v in summary.values)
        statements.append(
            f"INSERT INTO {summary.table} AS s ({_keys(summary)}, {', '.join(summary.values)}) "
            f"SELECT {', '.join(['lv.div', 'p.k0 / lv.div', *others, *sums])} "
            f"FROM {_pending(summary)} p CROSS JOIN {LEVELS} GROUP BY {groups} ORDER BY {groups} "
            f"ON CONFLICT ({_keys(summary)}) DO UPDATE SET {updates};"
        )
        statements.append(f"TRUNCATE {_pending(summary)};")
    statements.append(f"SELECT set_config('{DEFERRED}', 'off', true);")
    return "\n".join(statements)


def _from(rows: str) -> str:
    """A trigger's rows with their person's subdistrict, looked up by primary key row by row (OFFSET 0 keeps
    the planner from turning the lookup back into a join). Joined, the rows of an import's chunk were hashed
    against the whole register: 1.4 s for 20,000 people against a million, growing with the register."""
    return (
        f"{rows} r CROSS JOIN LATERAL (SELECT x.subdistrict_id FROM cardholders_cardholder x "
        "WHERE x.id = r.cardholder_id OFFSET 0) c"
    )


def _changed(summary: Summary, rows: str, other: str) -> str:
    """The rows of `rows` (new or old) whose columns the summary reads differ from `other`'s: an update that
    only moved a derived status (a progress file touching 100,000 assignments) adds and subtracts nothing
    for the project summary, so it need not look up 200,000 people to find that out."""
    columns = ", ".join(f'{{0}}."{column}"' for column in summary.reads)
    return (
        f"(SELECT x.* FROM {rows} x JOIN {other} y USING (id) "
        f"WHERE ROW({columns.format('x')}) IS DISTINCT FROM ROW({columns.format('y')}))"
    )


def _signed_changes(summary: Summary, new: str, old: str) -> str:
    """The rows of an update whose columns the summary reads changed and that count on at least one side, each
    twice: as it is now (sign 1) and as it was (sign -1), with its person's subdistrict (c). The old and new
    rows are matched once and the person is looked up once when the update kept them, where _changed() on
    both sides matches them twice and looks each person up twice.

    For summaries whose `where` reads the row alone and that join nothing (trigger_function() says which):
    the filter is applied to both sides before any lookup. A row whose person is not in the register counts
    nowhere, as in _from()."""
    assert not summary.joins and not re.search(r"\b(?!r\.)[a-z]+\.", summary.where), summary.table
    reads = summary.reads
    pairs = ", ".join(f'x."{column}" AS n{i}, y."{column}" AS o{i}' for i, column in enumerate(reads))
    lookup = "(SELECT z.subdistrict_id FROM cardholders_cardholder z WHERE z.id = {}.cardholder_id)"
    columns = ", ".join(f'"{column}"' for column in reads)
    now = ", ".join(f"pair.n{i}" for i in range(len(reads)))
    before = ", ".join(f"pair.o{i}" for i in range(len(reads)))
    changed = ", ".join(f'{{0}}."{column}"' for column in reads)
    return (
        f"(SELECT {pairs}, {lookup.format('x')} AS n_area, "
        f"CASE WHEN y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id THEN NULL ELSE {lookup.format('y')} END AS o_area, "
        "y.cardholder_id IS NOT DISTINCT FROM x.cardholder_id AS same_person "
        f"FROM {new} x JOIN {old} y USING (id) "
        f"WHERE ROW({changed.format('x')}) IS DISTINCT FROM ROW({changed.format('y')}) "
        f"AND (({summary.where.replace('r.', 'x.')}) OR ({summary.where.replace('r.', 'y.')})) OFFSET 0) pair "
        f"CROSS JOIN LATERAL (VALUES (1, {now}, pair.n_area), "
        f"(-1, {before}, CASE WHEN pair.same_person THEN pair.n_area ELSE pair.o_area END)) AS r (sign, {columns}, area) "
        "CROSS JOIN LATERAL (SELECT r.area AS subdistrict_id WHERE r.area IS NOT NULL) c"
    )


def _moved(rows: str) -> str:
    """The people among `rows` (old or new) whose subdistrict changed in this statement."""
    return f"(SELECT x.* FROM {rows} x JOIN people_old o USING (id) JOIN people_new n USING (id) WHERE o.subdistrict_id <> n.subdistrict_id)"


def planned_per_call(statement: str) -> str:
    """A statement of a trigger function, planned afresh at every call (EXECUTE) instead of once per session.

    PL/pgSQL keeps the plan of a static statement for the whole session, made for the transition table of
    the first call. A worker whose first import touched 3 rows kept nested loops fit for 3 rows for the
    next 100,000 (the cost grew with the square of the rows), and one whose first statement touched
    100,000 rows would keep hash joins that read a whole table for every later form save. Planning a
    statement costs well under a millisecond; EXECUTE sees the transition tables like static SQL does."""
    body = statement.strip().rstrip(";")
    assert "$stmt$" not in body
    return f"\n        EXECUTE $stmt${body}$stmt$;"


def _people_moved_function() -> str:
    """The trigger on the register of people: a person who moves carries their counts (their roster
    entries, current interviews and active assignments, of every round) to the new subdistrict."""
    deltas = [
        (
            summary,
            f"{BASE_TABLE[summary.source]} r JOIN {_moved('people_new')} c ON c.id = r.cardholder_id",
            f"{BASE_TABLE[summary.source]} r JOIN {_moved('people_old')} c ON c.id = r.cardholder_id",
        )
        for summary in SUMMARIES
    ]
    now = "".join(planned_per_call(apply_delta(*delta)) for delta in deltas)
    later = "".join(planned_per_call(pending_delta(*delta)) for delta in deltas)
    return f"""
CREATE OR REPLACE FUNCTION summary_people_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{DEFERRED}', true) = 'on' THEN {later}
    ELSE {now}
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS summary_people_insert ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_people_update ON cardholders_cardholder;
DROP TRIGGER IF EXISTS summary_people_delete ON cardholders_cardholder;
CREATE TRIGGER summary_people_update AFTER UPDATE ON cardholders_cardholder
    REFERENCING OLD TABLE AS people_old NEW TABLE AS people_new FOR EACH STATEMENT EXECUTE FUNCTION summary_people_changed();
"""


def trigger_function(source: str) -> str:
    """The statement-level trigger function for one base table (roster, interview, assignment)."""
    if source == "people":
        return _people_moved_function()
    mine = [s for s in SUMMARIES if s.source == source]
    name = BASE_TABLE[source]
    alias_new, alias_old = f"{source}_new", f"{source}_old"
    # An update counts only the rows whose summarised columns changed. The assignments' summaries count an
    # update in one pass (a progress file's status changes: 252 ms against 190 ms a 20,000-row chunk; the
    # agency's decisions, which end and insert assignments, pay about 5% for it, README). The
    # interviews' do not: their filters and joins (the current flag, the training agency) keep most people
    # from being looked up at all when the rows are taken side by side, and in one pass the current flag's
    # flips took 160–230 ms against 80–130 ms.
    if source == "assignment":
        update = [(s, None, None, _signed_changes(s, alias_new, alias_old)) for s in mine]
    else:
        update = [(s, _from(_changed(s, alias_new, alias_old)), _from(_changed(s, alias_old, alias_new))) for s in mine]
    deltas = {
        "INSERT": [(s, _from(alias_new), None) for s in mine],
        "DELETE": [(s, None, _from(alias_old)) for s in mine],
        "UPDATE": update,
    }
    now = {op: "".join(planned_per_call(apply_delta(*delta)) for delta in ds) for op, ds in deltas.items()}
    later = {op: "".join(planned_per_call(pending_delta(*delta)) for delta in ds) for op, ds in deltas.items()}
    return f"""
CREATE OR REPLACE FUNCTION summary_{source}_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('{DEFERRED}', true) = 'on' THEN
        IF TG_OP = 'INSERT' THEN {later["INSERT"]}
        ELSIF TG_OP = 'UPDATE' THEN {later["UPDATE"]}
        ELSE {later["DELETE"]}
        END IF;
    ELSIF TG_OP = 'INSERT' THEN {now["INSERT"]}
    ELSIF TG_OP = 'UPDATE' THEN {now["UPDATE"]}
    ELSE {now["DELETE"]}
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS summary_{source}_insert ON {name};
DROP TRIGGER IF EXISTS summary_{source}_update ON {name};
DROP TRIGGER IF EXISTS summary_{source}_delete ON {name};
CREATE TRIGGER summary_{source}_insert AFTER INSERT ON {name}
    REFERENCING NEW TABLE AS {alias_new} FOR EACH STATEMENT EXECUTE FUNCTION summary_{source}_changed();
CREATE TRIGGER summary_{source}_update AFTER UPDATE ON {name}
    REFERENCING OLD TABLE AS {alias_old} NEW TABLE AS {alias_new} FOR EACH STATEMENT EXECUTE FUNCTION summary_{source}_changed();
CREATE TRIGGER summary_{source}_delete AFTER DELETE ON {name}
    REFERENCING OLD TABLE AS {alias_old} FOR EACH STATEMENT EXECUTE FUNCTION summary_{source}_changed();
"""


def functions_sql() -> str:
    return "".join(trigger_function(source) for source in SOURCES)


def install_sql() -> str:
    return functions_sql() + rebuild_sql()


def uninstall_sql() -> str:
    statements = []
    for source, table in (("people", "cardholders_cardholder"), *BASE_TABLE.items()):
        for op in ("insert", "update", "delete"):
            statements.append(f"DROP TRIGGER IF EXISTS summary_{source}_{op} ON {table};")
        statements.append(f"DROP FUNCTION IF EXISTS summary_{source}_changed();")
    return "\n".join(statements)


def rebuild_sql() -> str:
    """Recount every summary from the base tables (after loads that bypass triggers, e.g. TRUNCATE)."""
    statements = []
    for s in SUMMARIES:
        statements.append(f"DELETE FROM {s.table};")
        statements.append(f"INSERT INTO {s.table} ({_keys(s)}, {', '.join(s.values)}) {_aggregated(s, _full_from(s))};")
    return "\n".join(statements)


def difference_sql(summary: Summary, round_id: int | None = None) -> str:
    """Rows where the summary and a fresh recount disagree (zero rows in the summary count as absent), of one
    round or of all."""
    keys = _keys(summary)
    values = ", ".join(summary.values)
    fresh = _aggregated(summary, _full_from(summary, round_id))
    nonzero = " OR ".join(f"{v} <> 0" for v in summary.values)
    in_round = "" if round_id is None else f"round = {int(round_id)} AND "
    stored = f"SELECT {keys}, {values} FROM {summary.table} WHERE {in_round}({nonzero})"
    return f"(({stored}) EXCEPT ({fresh})) UNION ALL (({fresh}) EXCEPT ({stored}))"
