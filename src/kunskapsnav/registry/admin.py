from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kunskapsnav.registry.models import Body


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "status", "region", "is_public"]
    list_filter = ["kind", "level", "status", "is_public"]
    search_fields = ["name", "short_name"]
    list_select_related = ["region"]
    autocomplete_fields = ["parent"]
