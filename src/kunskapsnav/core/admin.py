"""Back office for the systemförvaltare: reference data, with history on every row."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kunskapsnav.core.models import (
    GlossaryTerm,
    Kommun,
    KunskapsstodType,
    ProgrammeArea,
    Region,
    Sjukvardsregion,
)


@admin.register(Sjukvardsregion)
class SjukvardsregionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "order", "verified"]
    search_fields = ["name", "code"]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "lan_name", "sjukvardsregion", "verified"]
    list_filter = ["sjukvardsregion"]
    search_fields = ["name", "code", "short_name"]
    list_select_related = ["sjukvardsregion"]


@admin.register(Kommun)
class KommunAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "region", "sjukvardsregion"]
    list_filter = ["region", "sjukvardsregion"]
    search_fields = ["name", "code", "official_name"]
    list_select_related = ["region", "sjukvardsregion"]


@admin.register(ProgrammeArea)
class ProgrammeAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "code", "host", "verified"]
    list_filter = ["kind", "verified"]
    search_fields = ["name", "full_name", "code"]


@admin.register(KunskapsstodType)
class KunskapsstodTypeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "verified"]
    search_fields = ["name", "code"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(SimpleHistoryAdmin):
    list_display = ["term", "abbreviation", "category", "verified"]
    list_filter = ["category", "verified"]
    search_fields = ["term", "abbreviation", "english", "definition"]
