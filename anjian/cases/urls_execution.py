"""URL patterns of execution, closing and transfers (mounted under /cases/ with the other parts)."""

from django.urls import path

from anjian.cases import views_execution as views

urlpatterns = [
    path("<int:pk>/execution/", views.execution_page, name="execution"),
    path("<int:pk>/execution/payments/", views.payment_record, name="payment_record"),
    path("<int:pk>/execution/installment/", views.installment_approve, name="installment_approve"),
    path("<int:pk>/execution/reminder/", views.reminder_serve, name="reminder_serve"),
    path("<int:pk>/execution/surcharge/", views.surcharge_decide, name="surcharge_decide"),
    path("<int:pk>/execution/enforcement/", views.enforcement_apply, name="enforcement_apply"),
    path("<int:pk>/execution/close/", views.case_close, name="case_close"),
    path("<int:pk>/transfers/new/", views.transfer_create, name="transfer_create"),
    path("transfers/inbox/", views.transfer_inbox, name="transfer_inbox"),
    path("transfers/outbox/", views.transfer_outbox, name="transfer_outbox"),
    path("transfers/<int:pk>/", views.transfer_detail, name="transfer"),
    path("transfers/<int:pk>/acknowledge/", views.transfer_acknowledge, name="transfer_acknowledge"),
    path("transfers/<int:pk>/receipt/", views.transfer_receipt, name="transfer_receipt"),
    path("transfers/<int:pk>/letter.pdf", views.transfer_letter, name="transfer_letter"),
]
