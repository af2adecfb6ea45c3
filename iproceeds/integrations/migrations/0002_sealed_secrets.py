"""Webhook signing secrets are sealed at rest (and opened on the way back)."""

from django.db import migrations, models

from iproceeds.integrations import sealing


def seal_secrets(apps, schema_editor):
    endpoints = apps.get_model("integrations", "WebhookEndpoint")
    for endpoint in endpoints.objects.all().iterator():
        if endpoint.secret and not sealing.is_sealed(endpoint.secret):
            sealed = sealing.seal_secret(endpoint.secret, authority_id=endpoint.authority_id)
            endpoints.objects.filter(pk=endpoint.pk).update(secret=sealed)


def open_secrets(apps, schema_editor):
    endpoints = apps.get_model("integrations", "WebhookEndpoint")
    for endpoint in endpoints.objects.all().iterator():
        if sealing.is_sealed(endpoint.secret):
            plain = sealing.open_secret(endpoint.secret, authority_id=endpoint.authority_id)
            endpoints.objects.filter(pk=endpoint.pk).update(secret=plain)


class Migration(migrations.Migration):
    dependencies = [("integrations", "0001_initial")]

    operations = [
        migrations.AlterField(
            model_name="webhookendpoint",
            name="secret",
            field=models.CharField(editable=False, max_length=200, verbose_name="signing secret"),
        ),
        migrations.RunPython(seal_secrets, open_secrets),
    ]
