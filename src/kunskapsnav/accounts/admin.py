from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from kunskapsnav.accounts.models import BodyRole, User

# Roles live per body (BodyRole); Django's groups are not used.
admin.site.unregister(Group)


class BodyRoleInline(admin.TabularInline[BodyRole, User]):
    model = BodyRole
    extra = 0
    autocomplete_fields = ["body"]


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, DjangoUserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "full_name", "is_systemforvaltare", "is_active", "last_login"]
    list_filter = ["is_systemforvaltare", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    inlines = [BodyRoleInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("full_name", "title", "language")}),
        (
            _("Behörighet"),
            {"fields": ("is_active", "is_systemforvaltare", "is_staff", "is_superuser")},
        ),
        (_("Datum"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )
    readonly_fields = ["last_login", "date_joined"]
