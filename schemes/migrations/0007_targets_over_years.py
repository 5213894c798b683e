"""Targets in force over several years, for the whole municipality, and with the decision.

`year` becomes `first_year`, and every existing target gets `last_year` = its year, so each
keeps exactly the year it had. The unit "antal forløb" is new.
"""

import core.db
import django.contrib.postgres.constraints
import django.db.models.deletion
import django.db.models.functions.comparison
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("organisation", "0005_copenhagen_organisation_to_demo"),
        ("schemes", "0006_dated_category_policy"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="target", name="one_target_per_category_and_year"),
        migrations.RenameField(model_name="target", old_name="year", new_name="first_year"),
        migrations.RenameField(model_name="historicaltarget", old_name="year", new_name="first_year"),
        migrations.AddField(
            model_name="target",
            name="last_year",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.AddField(
            model_name="historicaltarget",
            name="last_year",
            field=models.PositiveSmallIntegerField(null=True),
        ),
        migrations.RunSQL(
            [
                "UPDATE schemes_target SET last_year = first_year",
                "UPDATE schemes_historicaltarget SET last_year = first_year",
            ],
            migrations.RunSQL.noop,
        ),
        migrations.AlterModelOptions(
            name='target',
            options={'ordering': ['first_year', 'department__code', 'category__sort_order'], 'verbose_name': 'måltal', 'verbose_name_plural': 'måltal'},
        ),
        migrations.AddField(
            model_name='historicaltarget',
            name='case_number',
            field=models.CharField(blank=True, max_length=60, verbose_name='sagsnummer'),
        ),
        migrations.AddField(
            model_name='historicaltarget',
            name='decided_by',
            field=models.CharField(blank=True, help_text='Fx kommunalbestyrelsen.', max_length=150, verbose_name='besluttet af'),
        ),
        migrations.AddField(
            model_name='historicaltarget',
            name='decided_on',
            field=models.DateField(blank=True, null=True, verbose_name='beslutningsdato'),
        ),
        migrations.AddField(
            model_name='target',
            name='case_number',
            field=models.CharField(blank=True, max_length=60, verbose_name='sagsnummer'),
        ),
        migrations.AddField(
            model_name='target',
            name='decided_by',
            field=models.CharField(blank=True, help_text='Fx kommunalbestyrelsen.', max_length=150, verbose_name='besluttet af'),
        ),
        migrations.AddField(
            model_name='target',
            name='decided_on',
            field=models.DateField(blank=True, null=True, verbose_name='beslutningsdato'),
        ),
        migrations.AlterField(
            model_name='historicaltarget',
            name='department',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Tom: et måltal for hele kommunen, som sammenlignes med kommunen i alt.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='organisation.department', verbose_name='forvaltning'),
        ),
        migrations.AlterField(
            model_name='historicaltarget',
            name='first_year',
            field=models.PositiveSmallIntegerField(verbose_name='gælder fra år'),
        ),
        migrations.AlterField(
            model_name='historicaltarget',
            name='last_year',
            field=models.PositiveSmallIntegerField(help_text='Samme år som fra-året: et måltal for ét år.', verbose_name='gælder til og med år'),
        ),
        migrations.AlterField(
            model_name='historicaltarget',
            name='unit',
            field=models.CharField(choices=[('full_year_persons', 'helårspersoner'), ('head_count', 'antal personer'), ('slots', 'pladser'), ('share_of_employees', '% af ansatte'), ('placements', 'antal forløb')], max_length=20, verbose_name='enhed'),
        ),
        migrations.AlterField(
            model_name='historicaltarget',
            name='value',
            field=models.DecimalField(decimal_places=2, help_text='Værdien for hvert af årene.', max_digits=9, verbose_name='måltal'),
        ),
        migrations.AlterField(
            model_name='target',
            name='department',
            field=models.ForeignKey(blank=True, help_text='Tom: et måltal for hele kommunen, som sammenlignes med kommunen i alt.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='targets', to='organisation.department', verbose_name='forvaltning'),
        ),
        migrations.AlterField(
            model_name='target',
            name='first_year',
            field=models.PositiveSmallIntegerField(verbose_name='gælder fra år'),
        ),
        migrations.AlterField(
            model_name='target',
            name='last_year',
            field=models.PositiveSmallIntegerField(help_text='Samme år som fra-året: et måltal for ét år.', verbose_name='gælder til og med år'),
        ),
        migrations.AlterField(
            model_name='target',
            name='unit',
            field=models.CharField(choices=[('full_year_persons', 'helårspersoner'), ('head_count', 'antal personer'), ('slots', 'pladser'), ('share_of_employees', '% af ansatte'), ('placements', 'antal forløb')], max_length=20, verbose_name='enhed'),
        ),
        migrations.AlterField(
            model_name='target',
            name='value',
            field=models.DecimalField(decimal_places=2, help_text='Værdien for hvert af årene.', max_digits=9, verbose_name='måltal'),
        ),
        migrations.AddConstraint(
            model_name='target',
            constraint=models.CheckConstraint(condition=models.Q(('last_year__gte', models.F('first_year'))), name='target_years_in_order'),
        ),
        migrations.AddConstraint(
            model_name='target',
            constraint=django.contrib.postgres.constraints.ExclusionConstraint(expressions=[(core.db.IntPointRange(django.db.models.functions.comparison.Coalesce(models.F('department'), models.Value(0))), '&&'), (core.db.IntPointRange(models.F('category')), '&&'), (core.db.IntRange(models.F('first_year'), models.F('last_year')), '&&')], name='one_target_per_category_and_year', violation_error_message='Der er allerede et måltal for kategorien i en del af årene.'),
        ),
    ]
