"""Dated category policy: membership and the open-slot flag get validity dates. The
existing rows are the policy in force from an early date (2000-01-01) on, open-ended,
filled by the field's one-off default; one row per category and scheme per day."""

import core.db
import datetime
import django.contrib.postgres.constraints
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("schemes", "0005_other_municipalities_schemes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalTargetCategoryScheme",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="gælder fra")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="gælder til")),
                (
                    "open_slots_count",
                    models.BooleanField(default=False, verbose_name="åbne pladser tæller med"),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
            ],
            options={
                "verbose_name": "historical ordning i måltalskategori",
                "verbose_name_plural": "historical ordninger i måltalskategorier",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.AlterModelOptions(
            name="targetcategoryscheme",
            options={
                "ordering": ["category", "scheme", "valid_from"],
                "verbose_name": "ordning i måltalskategori",
                "verbose_name_plural": "ordninger i måltalskategorier",
            },
        ),
        migrations.RemoveConstraint(
            model_name="targetcategoryscheme",
            name="scheme_once_per_category",
        ),
        migrations.AddField(
            model_name="targetcategoryscheme",
            name="valid_from",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="gælder fra"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="targetcategoryscheme",
            name="valid_to",
            field=models.DateField(blank=True, null=True, verbose_name="gælder til"),
        ),
        migrations.AddConstraint(
            model_name="targetcategoryscheme",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True),
                    ("valid_to__gte", models.F("valid_from")),
                    _connector="OR",
                ),
                name="category_scheme_valid_period",
            ),
        ),
        migrations.AddConstraint(
            model_name="targetcategoryscheme",
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(
                expressions=[
                    (core.db.IntPointRange(models.F("category_id")), "&&"),
                    (core.db.IntPointRange(models.F("scheme_id")), "&&"),
                    (core.db.DateRange(models.F("valid_from"), models.F("valid_to")), "&&"),
                ],
                name="one_category_scheme_row_per_day",
                violation_error_message="Ordningen er allerede med i kategorien i en del af perioden.",
            ),
        ),
        migrations.AddField(
            model_name="historicaltargetcategoryscheme",
            name="category",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="schemes.targetcategory",
            ),
        ),
        migrations.AddField(
            model_name="historicaltargetcategoryscheme",
            name="history_user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicaltargetcategoryscheme",
            name="scheme",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="schemes.scheme",
            ),
        ),
    ]
