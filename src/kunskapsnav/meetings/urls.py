from django.urls import path

from kunskapsnav.meetings import views

app_name = "meetings"

urlpatterns = [
    path("moten/", views.calendar, name="calendar"),
    path("organ/<int:pk>/moten/nytt/", views.meeting_create, name="meeting_create"),
    path("organ/<int:pk>/moten/planera/", views.series_plan, name="series_plan"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("moten/<int:pk>/andra/", views.meeting_edit, name="meeting_edit"),
    path("moten/<int:pk>/flytta/", views.meeting_move, name="meeting_move"),
    path("moten/<int:pk>/stall-in/", views.meeting_cancel, name="meeting_cancel"),
    path("moten/<int:pk>/rattelse/", views.meeting_reopen, name="meeting_reopen"),
    path("moten/<int:pk>/steg/<slug:step>/", views.meeting_transition, name="meeting_transition"),
    path("moten/<int:pk>/punkter/ny/", views.item_add, name="item_add"),
    path("moten/<int:pk>/narvaro/", views.attendance_set, name="attendance_set"),
    path("moten/<int:pk>/bilagor/ny/", views.attachment_add, name="attachment_add"),
    path("punkter/<int:pk>/andra/", views.item_edit, name="item_edit"),
    path("punkter/<int:pk>/text/", views.item_text, name="item_text"),
    path("punkter/<int:pk>/flytta/", views.item_move, name="item_move"),
    path("punkter/<int:pk>/utgar/", views.item_strike, name="item_strike"),
    path("punkter/<int:pk>/ta-bort/", views.item_delete, name="item_delete"),
    path("punkter/<int:pk>/beslut/nytt/", views.decision_add, name="decision_add"),
    path("punkter/<int:pk>/atgarder/ny/", views.action_add, name="action_add"),
    path("narvaro/<int:pk>/ta-bort/", views.attendance_remove, name="attendance_remove"),
    path("beslut/<int:pk>/ta-bort/", views.decision_delete, name="decision_delete"),
    path("atgarder/", views.action_list, name="action_list"),
    path("atgarder/<int:pk>/", views.action_detail, name="action_detail"),
    path("atgarder/<int:pk>/avsluta/", views.action_close, name="action_close"),
    path("bilagor/<int:pk>/", views.attachment_download, name="attachment_download"),
]
