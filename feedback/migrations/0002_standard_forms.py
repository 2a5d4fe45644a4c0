"""Every municipality starts with the two standard forms (Annex 1 and 2) and the comment themes.

New municipalities are cloned from the template schema with its data, so they get them too.
"""

from django.db import migrations


def install(apps, schema_editor):
    from feedback.standard_forms import install as install_standard

    install_standard(apps)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
