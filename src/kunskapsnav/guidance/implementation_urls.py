"""Införande, gap analysis, handlingsplan and uppföljning; included into ``guidance:``."""

from django.urls import path

import kunskapsnav.guidance.implementation_views as views

urlpatterns = [
    path("inforanden/", views.implementation_list, name="implementation_list"),
    path("inforanden.<str:fmt>", views.implementation_export, name="implementation_export"),
    path("inforanden/nytt/", views.implementation_create, name="implementation_create"),
    path("inforanden/<int:pk>/", views.implementation_detail, name="implementation_detail"),
    path("inforanden/<int:pk>/andra/", views.implementation_edit, name="implementation_edit"),
    path("inforanden/<int:pk>/status/", views.implementation_status, name="implementation_status"),
    path(
        "inforanden/<int:pk>/handelser/ny/",
        views.implementation_event_add,
        name="implementation_event_add",
    ),
    path("inforanden/<int:pk>/enheter/ny/", views.unit_add, name="implementation_unit_add"),
    path(
        "inforanden/enheter/<int:pk>/ta-bort/",
        views.unit_remove,
        name="implementation_unit_remove",
    ),
    path(
        "inforanden/<int:pk>/rekommendationer/ny/",
        views.recommendation_add,
        name="implementation_recommendation_add",
    ),
    path(
        "inforanden/<int:pk>/rekommendationer/<int:rec>/andra/",
        views.recommendation_edit,
        name="implementation_recommendation_edit",
    ),
    path(
        "inforanden/<int:pk>/rekommendationer/<int:rec>/flytta/",
        views.recommendation_move,
        name="implementation_recommendation_move",
    ),
    path("inforanden/<int:pk>/gapanalys/", views.gap_analysis, name="gap_analysis"),
    path(
        "inforanden/<int:pk>/gapanalys/<int:unit>/<int:rec>/",
        views.assessment_cell,
        name="gap_assessment_cell",
    ),
    path("inforanden/<int:pk>/gapanalys.xlsx", views.gap_export, name="gap_export"),
    path("inforanden/<int:pk>/gapanalys/importera/", views.gap_import, name="gap_import"),
    path(
        "inforanden/<int:pk>/iakttagelser/ny/",
        views.finding_add,
        name="implementation_finding_add",
    ),
    path(
        "inforanden/<int:pk>/handlingsplan/",
        views.plan_create,
        name="implementation_plan_create",
    ),
    path(
        "inforanden/<int:pk>/handlingsplan/faststall/",
        views.plan_approve,
        name="implementation_plan_approve",
    ),
    path(
        "inforanden/<int:pk>/handlingsplan/atgarder/ny/",
        views.plan_action_add,
        name="implementation_plan_action_add",
    ),
    path(
        "inforanden/<int:pk>/indikatorer/ny/",
        views.indicator_add,
        name="implementation_indicator_add",
    ),
    path(
        "inforanden/<int:pk>/matvarden/ny/",
        views.measurement_add,
        name="implementation_measurement_add",
    ),
    path(
        "inforanden/<int:pk>/matvarden/importera/",
        views.measurement_import,
        name="implementation_measurement_import",
    ),
]
