from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kunskapsnav.registry.models import (
    Body,
    Commission,
    CommissionVersion,
    Membership,
    Nomination,
    Organisation,
    Person,
    Seat,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    raw_id_fields = ["region", "kommun"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "organisation", "email"]
    search_fields = ["name", "email", "title"]
    autocomplete_fields = ["organisation", "user"]
    list_select_related = ["organisation"]


class SeatInline(admin.TabularInline[Seat, Body]):
    model = Seat
    fk_name = "body"
    extra = 0
    fields = ["title", "profile", "represents", "seat_type", "quota", "quota_min", "closed_on"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "level", "status", "region", "is_public"]
    list_filter = ["kind", "level", "status", "is_public", "region"]
    search_fields = ["name", "short_name"]
    list_select_related = ["region"]
    autocomplete_fields = ["parent", "owners"]
    inlines = [SeatInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "seat", "start_on", "end_on"]
    list_filter = ["role"]
    search_fields = ["person__name", "body__name"]
    autocomplete_fields = ["person", "body", "representing"]
    raw_id_fields = ["seat"]
    list_select_related = ["person", "body", "seat"]


@admin.register(Nomination)
class NominationAdmin(SimpleHistoryAdmin):
    list_display = ["seat", "status", "nominating_body", "candidate", "deadline"]
    list_filter = ["status"]
    raw_id_fields = ["seat", "membership"]
    autocomplete_fields = ["candidate", "nominating_body", "deciding_body"]
    list_select_related = ["seat", "seat__body", "nominating_body", "candidate"]


class CommissionVersionInline(admin.StackedInline[CommissionVersion, Commission]):
    model = CommissionVersion
    extra = 0


@admin.register(Commission)
class CommissionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "body", "kind"]
    autocomplete_fields = ["body"]
    inlines = [CommissionVersionInline]
