# Tokens get a scope. Every token made before could write (writes took any valid token), so
# existing tokens, and their history, become "write"; new tokens are "read" unless chosen.

from django.db import migrations, models

CHOICES = [("read", "Läsa"), ("write", "Läsa och ändra")]
HELP = "En token för läsning kan inte ändra något, vilka roller du än har."


def scope(default: str) -> models.CharField:
    return models.CharField(
        choices=CHOICES, default=default, help_text=HELP, max_length=10, verbose_name="behörighet"
    )


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations = [
        migrations.AddField(model_name="apitoken", name="scope", field=scope("write")),
        migrations.AddField(model_name="historicalapitoken", name="scope", field=scope("write")),
        migrations.AlterField(model_name="apitoken", name="scope", field=scope("read")),
        migrations.AlterField(model_name="historicalapitoken", name="scope", field=scope("read")),
    ]
