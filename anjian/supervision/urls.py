from django.urls import path

from anjian.supervision import views, views_listing

app_name = "supervision"
urlpatterns = [
    path("assignments/", views.assignment_list, name="assignments"),
    path("assignments/new/", views.assignment_create, name="assignment_add"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:pk>/enterprises/", views.assignment_enterprises, name="assignment_enterprises"),
    path("assignments/<int:pk>/enterprises/<int:enterprise_id>/plan/", views.assignment_plan, name="plan"),
    path("inspections/<int:pk>/handover/", views.handover_generate, name="handover_generate"),
    path("handovers/inbox/", views.handover_inbox, name="inbox"),
    path("handovers/outbox/", views.handover_outbox, name="outbox"),
    path("handovers/<int:pk>/", views.handover_detail, name="handover"),
    path("handovers/<int:pk>/print/", views.handover_print, name="handover_print"),
    path("handovers/<int:pk>/send/", views.handover_send, name="handover_send"),
    path("handovers/<int:pk>/acknowledge/", views.handover_acknowledge, name="handover_acknowledge"),
    path("handovers/<int:pk>/items/<int:item_id>/act/", views.handover_item_act, name="handover_item_act"),
    path("handovers/<int:pk>/close/", views.handover_close, name="handover_close"),
    path("listings/", views_listing.listing_list, name="listings"),
    path("listings/new/", views_listing.listing_create, name="listing_add"),
    path("listings/<int:pk>/", views_listing.listing_detail, name="listing"),
    path("listings/<int:pk>/progress/", views_listing.listing_progress, name="listing_progress"),
    path("listings/<int:pk>/delist/", views_listing.listing_delist, name="listing_delist"),
    path("listings/<int:pk>/evidence/<int:evidence_id>/", views_listing.listing_evidence, name="listing_evidence"),
]
