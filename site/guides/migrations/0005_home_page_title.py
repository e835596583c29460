"""Wagtail's default home page gets a title in our language, not its English welcome.

Editors meet it in the page explorer and in the page types report; no
catalogue translates page titles, which are data.
"""

from django.db import migrations

WAGTAIL_WELCOME = "Welcome to your new Wagtail site!"
HOME = "首页"


def name_home_page(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=2, title=WAGTAIL_WELCOME).update(
        title=HOME, draft_title=HOME
    )


class Migration(migrations.Migration):
    dependencies = [("guides", "0004_help_panel_places")]

    operations = [migrations.RunPython(name_home_page, migrations.RunPython.noop)]
