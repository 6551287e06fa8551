"""Every skill result stores its expiry (0003 filled the missing ones)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_result_expiry_stored"),
    ]

    operations = [
        migrations.AlterField(
            model_name="skillresult",
            name="expires_at",
            field=models.DateTimeField(
                help_text="The start of the local day the result stops counting (assessments.validity); always stored."
            ),
        ),
    ]
