"""Each SCORM package version records the SHA-256 of the zip it was stored from, so that uploading the same zip
again (the editor's autosave sends the chosen file with every save) reuses the version instead of adding one.

Versions stored before this migration get an empty value: only their unpacked files are kept, not the zip, and the
hash of a zip cannot be rebuilt from its contents (timestamps, order and compression all change the bytes). An
empty value matches no upload, so the next upload to such a package adds a version, as every upload did before.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("learning", "0016_opaque_ids")]

    operations = [
        migrations.AddField(
            model_name="scormpackageversion",
            name="sha256",
            field=models.CharField(
                blank=True,
                default="",
                help_text="SHA-256 of the uploaded zip, in hex; empty for versions stored before it was recorded.",
                max_length=64,
            ),
        ),
    ]
