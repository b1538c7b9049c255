"""Property-based tests: whatever people type, the ID parser and the import readers answer with a value or
a row-numbered error, never a crash."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum.th import pin

from cardholders.importers import InterviewImporter, RosterImporter
from cardholders.importers.base import parse_date, parse_national_id

from .builders import INTERVIEW_HEADER, ROSTER_HEADER, write_csv, write_xlsx

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 1, 1)),
    st.sampled_from(["3-1101-00000-00-1", "20/6/2561", "CDD01", "520101", "", " ", "=1+1", "\x00", "๑๒๓"]),
)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none()))
def test_national_id_parsing_returns_a_valid_id_or_a_message(value):
    try:
        parsed = parse_national_id(value)
    except ValueError as error:
        assert str(error)
    else:
        assert len(parsed) == 13 and parsed.isdigit() and pin.is_valid(parsed)


@given(
    st.integers(min_value=10**11, max_value=8 * 10**11), st.lists(st.sampled_from(["-", " "]), min_size=12, max_size=12)
)
def test_any_spacing_of_a_valid_id_parses_to_its_13_digits(base, separators):
    digits = str(base) + pin.calc_check_digit(str(base))
    typed = "".join(d + (separators[i] if i < 12 and i % 3 == 0 else "") for i, d in enumerate(digits))
    assert parse_national_id(typed) == digits


@given(cells)
def test_date_parsing_returns_a_date_or_a_message(value):
    try:
        assert isinstance(parse_date(value), datetime.date)
    except ValueError as error:
        assert str(error)


def _check(result, header):
    if not result.ok:
        for error in result.errors:
            assert error.row == 0 or error.row >= 2
            assert error.row == 0 or error.column in header
            assert error.message


@FAST
@given(st.lists(st.lists(cells, min_size=9, max_size=9), min_size=1, max_size=6), st.booleans())
def test_the_roster_reader_never_crashes_on_random_cells(db, tmp_path_factory, rows, as_xlsx):
    folder = tmp_path_factory.mktemp("roster")
    clean = [[c.replace("\x00", "") if isinstance(c, str) else c for c in row] for row in rows]
    if as_xlsx:
        safe = [
            [c if not isinstance(c, float) or c == c and abs(c) != float("inf") else None for c in row] for row in clean
        ]
        path = write_xlsx(folder / "r.xlsx", ROSTER_HEADER, [[_xlsx_safe(c) for c in row] for row in safe])
    else:
        path = write_csv(folder / "r.csv", ROSTER_HEADER, clean)
    _check(RosterImporter().run(path, dry_run=True), ROSTER_HEADER)


@FAST
@given(st.lists(st.lists(cells, min_size=8, max_size=8), min_size=1, max_size=6))
def test_the_interview_reader_never_crashes_on_random_cells(db, tmp_path_factory, rows):
    path = write_csv(tmp_path_factory.mktemp("interviews") / "i.csv", INTERVIEW_HEADER, rows)
    _check(InterviewImporter().run(path, dry_run=True), INTERVIEW_HEADER)


def _xlsx_safe(value):
    # openpyxl refuses control characters in cells; Excel cannot hold them either.
    if isinstance(value, str):
        return "".join(ch for ch in value if ch >= " " or ch in "\t\n")
    return value


@given(st.from_regex(r"\A[0-9]{12}\Z"))
def test_the_fast_check_digit_is_stdnums(digits):
    from cardholders.importers.base import check_digit

    assert check_digit(digits) == pin.calc_check_digit(digits)
