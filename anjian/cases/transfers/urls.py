"""URL patterns of transfers (mounted under /cases/ with the other parts)."""

from django.urls import path

from anjian.cases.transfers import views

urlpatterns = [
    path("<int:pk>/transfers/new/", views.transfer_create, name="transfer_create"),
    path("transfers/inbox/", views.transfer_inbox, name="transfer_inbox"),
    path("transfers/outbox/", views.transfer_outbox, name="transfer_outbox"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/acknowledge/", views.transfer_acknowledge, name="transfer_acknowledge"),
    path("transfers/<int:pk>/receipt/", views.transfer_receipt, name="transfer_receipt"),
    path("transfers/<int:pk>/letter.pdf", views.transfer_letter, name="transfer_letter"),
]
