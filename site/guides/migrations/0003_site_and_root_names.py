"""The default site and the root page carry the product's name, not "localhost" and "Root".

Editors see both in the page explorer (its site filter and its breadcrumbs);
Wagtail's own names for them are English data that no catalogue translates.
"""

from django.conf import settings
from django.db import migrations

WAGTAIL_DEFAULTS = {"Root", ""}


def name_site_and_root(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    name = settings.WAGTAIL_SITE_NAME
    Page.objects.filter(depth=1, title__in=WAGTAIL_DEFAULTS).update(
        title=name, draft_title=name
    )
    Site.objects.filter(site_name="").update(site_name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("guides", "0002_content_locales"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(name_site_and_root, migrations.RunPython.noop)]
