from django.urls import URLPattern, path

from kunskapsnav.portal import feeds, views
from kunskapsnav.portal.caching import portal_cache

app_name = "portal"

urlpatterns: list[URLPattern] = [
    path("", views.start, name="start"),
    path("grupp/<str:key>/", views.group, name="group"),
    path("organ/<int:pk>/", views.body_detail, name="body_detail"),
    path("organ/<int:pk>/rss/", portal_cache(feeds.BodyMinutesFeed()), name="body_rss"),
    path("organ/<int:pk>/atom/", portal_cache(feeds.BodyMinutesAtomFeed()), name="body_atom"),
    path("organ/<int:pk>/kalender.ics", views.body_calendar, name="body_calendar"),
    path("moten/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("kunskapsstod/", views.kunskapsstod_list, name="kunskapsstod_list"),
    path("mognad/", views.matrix, name="matrix"),
]
