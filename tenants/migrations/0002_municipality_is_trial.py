from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="municipality",
            name="is_trial",
            field=models.BooleanField(default=False, verbose_name="trial"),
        ),
    ]
