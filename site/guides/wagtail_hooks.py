from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_guide_urls():
    urls = [
        path("", views.GuideListView.as_view(), name="list"),
        path("<int:pk>/", views.GuideView.as_view(), name="guide"),
    ]
    return [path("guides/", include((urls, "guides_admin"), namespace="guides_admin"))]


@hooks.register("register_admin_menu_item")
def register_guides_menu_item():
    return MenuItem(
        _("Procedure guides"), reverse("guides_admin:list"), icon_name="help", order=900
    )
