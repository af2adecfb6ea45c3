"""Statement files and queued imports stored before sealing are sealed now (and opened again on the way back)."""

from django.db import migrations

from iproceeds.investigations import sealed

# (model, kind in the associated data)
STORES = (("ImportedStatement", "statement"), ("ImportJob", "importjob"))


def seal_files(apps, schema_editor):
    for model_name, kind in STORES:
        model = apps.get_model("investigations", model_name)
        for row in model.objects.exclude(content=b"").iterator():
            data = bytes(row.content)
            if sealed.is_sealed(data):
                continue
            aad = sealed.aad_for(kind, case_id=row.case_id, sha256=row.sha256)
            model.objects.filter(pk=row.pk).update(content=sealed.seal(data, aad=aad))


def open_files(apps, schema_editor):
    for model_name, kind in STORES:
        model = apps.get_model("investigations", model_name)
        for row in model.objects.exclude(content=b"").iterator():
            data = bytes(row.content)
            if not sealed.is_sealed(data):
                continue
            aad = sealed.aad_for(kind, case_id=row.case_id, sha256=row.sha256)
            plain = sealed.unseal(data, aad=aad, sha256=row.sha256, file_name=row.file_name)
            model.objects.filter(pk=row.pk).update(content=plain)


class Migration(migrations.Migration):
    dependencies = [("investigations", "0008_imports_findings_requests")]

    operations = [migrations.RunPython(seal_files, open_files)]
