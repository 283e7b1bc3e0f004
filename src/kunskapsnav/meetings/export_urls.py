"""Downloads of meetings; the project includes these with ``path("", include(...))``."""

from django.urls import path

from kunskapsnav.meetings import export_views

app_name = "meetings_export"

urlpatterns = [
    path("moten/<int:pk>/protokoll.docx", export_views.minutes_docx, name="minutes_docx"),
    path("moten/<int:pk>/protokoll.pdf", export_views.minutes_pdf, name="minutes_pdf"),
    path("moten/<int:pk>/kallelse.docx", export_views.kallelse_docx, name="kallelse_docx"),
    path("moten/<int:pk>/kallelse.pdf", export_views.kallelse_pdf, name="kallelse_pdf"),
    path("kalender/<str:token>.ics", export_views.calendar_feed, name="calendar_feed"),
    path("moten.<str:fmt>", export_views.calendar_export, name="calendar_export"),
    path("atgarder.<str:fmt>", export_views.action_export, name="action_export"),
]
