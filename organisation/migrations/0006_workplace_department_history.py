"""Department history of workplaces: every existing workplace belongs to its present
department from the history's origin on (no earlier move is known)."""

import datetime

import core.db
import django.contrib.postgres.constraints
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def first_spells(apps, schema_editor):
    Workplace = apps.get_model("organisation", "Workplace")
    DepartmentSpell = apps.get_model("organisation", "DepartmentSpell")
    DepartmentSpell.objects.bulk_create(
        DepartmentSpell(
            workplace_id=pk, department_id=department_id, valid_from=datetime.date(2000, 1, 1)
        )
        for pk, department_id in Workplace.objects.values_list("pk", "department_id")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0005_copenhagen_organisation_to_demo"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalDepartmentSpell",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="gælder fra")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="gælder til")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="organisation.department",
                        verbose_name="forvaltning",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "workplace",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="organisation.workplace",
                        verbose_name="arbejdssted",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical arbejdssteds forvaltning",
                "verbose_name_plural": "historical arbejdssteders forvaltninger",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="DepartmentSpell",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("valid_from", models.DateField(verbose_name="gælder fra")),
                ("valid_to", models.DateField(blank=True, null=True, verbose_name="gælder til")),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="workplace_spells",
                        to="organisation.department",
                        verbose_name="forvaltning",
                    ),
                ),
                (
                    "workplace",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="department_spells",
                        to="organisation.workplace",
                        verbose_name="arbejdssted",
                    ),
                ),
            ],
            options={
                "verbose_name": "arbejdssteds forvaltning",
                "verbose_name_plural": "arbejdssteders forvaltninger",
                "ordering": ["workplace", "valid_from"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(
                            ("valid_to__isnull", True),
                            ("valid_to__gte", models.F("valid_from")),
                            _connector="OR",
                        ),
                        name="department_spell_valid_period",
                    ),
                    django.contrib.postgres.constraints.ExclusionConstraint(
                        expressions=[
                            (core.db.IntPointRange(models.F("workplace_id")), "&&"),
                            (core.db.DateRange(models.F("valid_from"), models.F("valid_to")), "&&"),
                        ],
                        name="one_department_per_workplace_per_day",
                        violation_error_message="Arbejdsstedet hører allerede til en forvaltning i en del af perioden.",
                    ),
                ],
            },
        ),
        migrations.RunPython(first_spells, migrations.RunPython.noop),
    ]
