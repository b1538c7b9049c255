"""The rules of the provincial subcommittee's matching, in one place so that a policy change is one edit.

TIE_RULE decides who goes first within a rank when a project has fewer seats than applicants. Each entry
is a column of the candidate table and a direction; DESCRIPTION is what the page shows the คจจ.
"""

TIE_RULE = (("interviewed_on", "ASC"), ("national_id", "ASC"))
TIE_RULE_DESCRIPTION = (
    "เมื่อที่นั่งของโครงการไม่พอ ผู้ที่ได้รับการสัมภาษณ์ก่อนได้รับการจับคู่ก่อน หากสัมภาษณ์วันเดียวกัน เรียงตามเลขประจำตัวประชาชนจากน้อยไปมาก"
)
RANKS = (1, 2, 3)


def tie_rule_sql(alias: str) -> str:
    return ", ".join(f"{alias}.{column} {direction}" for column, direction in TIE_RULE)
