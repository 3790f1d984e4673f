from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("recall", "0001_recall_cases_and_drills"),
    ]

    operations = [
        migrations.AddField(
            model_name="recallcase",
            name="save_token",
            field=models.CharField(
                blank=True, max_length=64, null=True, unique=True, verbose_name="save token"
            ),
        ),
    ]
