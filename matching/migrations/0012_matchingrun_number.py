from django.db import migrations, models


class Migration(migrations.Migration):
    """Runs are numbered within their province (Lampang's second run is ครั้งที่ 2, not #78)."""

    dependencies = [("matching", "0011_name_check")]

    operations = [
        migrations.AddField(
            model_name="matchingrun",
            name="number",
            field=models.PositiveIntegerField(default=0, verbose_name="ครั้งที่"),
        ),
        migrations.RunSQL(
            """UPDATE matching_matchingrun r SET number = n.number FROM (
                   SELECT id, row_number() OVER (PARTITION BY province_id ORDER BY created_at, id) AS number
                   FROM matching_matchingrun) n
               WHERE n.id = r.id""",
            migrations.RunSQL.noop,
        ),
        migrations.AddConstraint(
            model_name="matchingrun",
            constraint=models.UniqueConstraint(fields=("province", "number"), name="one_run_number_per_province"),
        ),
    ]
