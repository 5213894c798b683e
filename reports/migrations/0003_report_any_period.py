"""A report covers any period: its first and last day replace the year and the half.

Existing rows keep what they showed: half 1 was 1 January–30 June, half 2 the whole year.
"""

import datetime as dt

from django.db import migrations, models


def half_to_dates(apps, schema_editor):
    StatusReport = apps.get_model("reports", "StatusReport")
    for report in StatusReport.objects.all():
        report.starts_on = dt.date(report.year, 1, 1)
        report.ends_on = dt.date(report.year, 6, 30) if report.half == 1 else dt.date(report.year, 12, 31)
        report.save(update_fields=["starts_on", "ends_on"])


def dates_to_half(apps, schema_editor):
    """Backwards: a 1st half-year stays half 1; anything else becomes the whole year."""
    StatusReport = apps.get_model("reports", "StatusReport")
    for report in StatusReport.objects.all():
        report.year = report.starts_on.year
        report.half = 1 if (report.starts_on.month, report.ends_on.month) == (1, 6) else 2
        report.save(update_fields=["year", "half"])


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0002_statusreport_slots_on"),
    ]

    operations = [
        migrations.AddField(
            model_name="statusreport",
            name="starts_on",
            field=models.DateField(null=True, verbose_name="periodens første dag"),
        ),
        migrations.AddField(
            model_name="statusreport",
            name="ends_on",
            field=models.DateField(null=True, verbose_name="periodens sidste dag"),
        ),
        migrations.AlterField(
            model_name="statusreport",
            name="year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="år"),
        ),
        migrations.AlterField(
            model_name="statusreport",
            name="half",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="halvår"),
        ),
        migrations.RunPython(half_to_dates, dates_to_half),
        migrations.RemoveConstraint(model_name="statusreport", name="report_half_1_or_2"),
        migrations.RemoveField(model_name="statusreport", name="year"),
        migrations.RemoveField(model_name="statusreport", name="half"),
        migrations.AlterField(
            model_name="statusreport",
            name="starts_on",
            field=models.DateField(verbose_name="periodens første dag"),
        ),
        migrations.AlterField(
            model_name="statusreport",
            name="ends_on",
            field=models.DateField(verbose_name="periodens sidste dag"),
        ),
        migrations.AddConstraint(
            model_name="statusreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("ends_on__gte", models.F("starts_on"))),
                name="report_period_ends_after_start",
            ),
        ),
    ]
