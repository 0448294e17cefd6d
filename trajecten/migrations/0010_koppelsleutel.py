"""The match key of issue 16 point 4 (trajecten.koppeling): keys per participant, the matches found, and
`Deelnemer.persoon`. Existing participants get their keys here, computed with PORTAAL_KOPPEL_SLEUTEL of the
environment that migrates (`manage.py herbereken_koppelsleutels` does it again after a key change)."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


def vul_sleutels(apps, schema_editor):
    """Keys and `persoon` for every participant not anonymised, in id order: the first record of a match key
    gives the later ones its `persoon`. The key functions are pure (settings and the name normalisation)."""
    from trajecten import koppeling

    Deelnemer = apps.get_model("trajecten", "Deelnemer")
    Koppelsleutel = apps.get_model("trajecten", "Koppelsleutel")
    personen = {}
    for deelnemer in Deelnemer.objects.order_by("pk").iterator(chunk_size=2000):
        if deelnemer.geanonimiseerd_op is not None:
            Deelnemer.objects.filter(pk=deelnemer.pk).update(persoon=uuid.uuid4())
            continue
        gegevens = (deelnemer.regio_id, deelnemer.voornaam, deelnemer.achternaam, deelnemer.geboortedatum)
        exact = koppeling.exacte_sleutel(*gegevens)
        persoon = personen.setdefault(exact, uuid.uuid4())
        Deelnemer.objects.filter(pk=deelnemer.pk).update(koppelsleutel=exact, persoon=persoon)
        Koppelsleutel.objects.bulk_create(
            Koppelsleutel(regio_id=deelnemer.regio_id, deelnemer_id=deelnemer.pk, sleutel=sleutel)
            for sleutel in sorted(koppeling.opgeslagen_sleutels(*gegevens))
        )


class Migration(migrations.Migration):

    dependencies = [
        ('hoofdzaak', '0010_lidmaatschap_teamleider'),
        ('trajecten', '0009_inzage_export'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Koppeling',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('exact', models.BooleanField(verbose_name='exact')),
                ('gevonden_op', models.DateTimeField(default=django.utils.timezone.now, verbose_name='gevonden op')),
                ('overdracht_gevraagd_op', models.DateTimeField(blank=True, null=True, verbose_name='overdracht gevraagd op')),
            ],
            options={
                'verbose_name': 'koppeling',
                'verbose_name_plural': 'koppelingen',
                'default_permissions': (),
            },
        ),
        migrations.CreateModel(
            name='Koppelsleutel',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('sleutel', models.CharField(max_length=64, verbose_name='sleutel')),
            ],
            options={
                'verbose_name': 'koppelsleutel',
                'verbose_name_plural': 'koppelsleutels',
                'default_permissions': (),
            },
        ),
        migrations.AddField(
            model_name='deelnemer',
            name='koppelsleutel',
            field=models.CharField(blank=True, default='', editable=False, max_length=64, verbose_name='koppelsleutel'),
        ),
        # Nullable first: a callable default is evaluated once for all existing rows.
        migrations.AddField(
            model_name='deelnemer',
            name='persoon',
            field=models.UUIDField(null=True, editable=False, verbose_name='persoon'),
        ),
        migrations.AddIndex(
            model_name='deelnemer',
            index=models.Index(fields=['regio', 'koppelsleutel'], name='deelnemer_koppelsleutel'),
        ),
        migrations.AddField(
            model_name='koppeling',
            name='ander_traject',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='trajecten.traject'),
        ),
        migrations.AddField(
            model_name='koppeling',
            name='overdracht_gevraagd_door',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='koppeling',
            name='regio',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='hoofdzaak.regio'),
        ),
        migrations.AddField(
            model_name='koppeling',
            name='traject',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='koppelingen', to='trajecten.traject'),
        ),
        migrations.AddField(
            model_name='koppelsleutel',
            name='deelnemer',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='koppelsleutels', to='trajecten.deelnemer'),
        ),
        migrations.AddField(
            model_name='koppelsleutel',
            name='regio',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='hoofdzaak.regio'),
        ),
        migrations.AddConstraint(
            model_name='koppeling',
            constraint=models.UniqueConstraint(fields=('traject', 'ander_traject'), name='koppeling_uniek'),
        ),
        migrations.AddIndex(
            model_name='koppelsleutel',
            index=models.Index(fields=['regio', 'sleutel'], name='koppelsleutel_regio_sleutel'),
        ),
        migrations.RunPython(vul_sleutels, migrations.RunPython.noop),
    ]
