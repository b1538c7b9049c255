"""Room on each page of matching_progress for a second version of every row (fillfactor 50), so that a
progress row updated by form 4.1 or a progress file (its status and dates, none of them indexed) is a HOT
update: the new version stays on its page and the table's two indexes take no new entry. See
matching/migrations/0003_assignment_fillfactor.py for the assignments, which each progress row updates too."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("development", "0003_notified_status"), ("matching", "0003_assignment_fillfactor")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE matching_progress SET (fillfactor = 50)",
            "ALTER TABLE matching_progress RESET (fillfactor)",
        )
    ]
