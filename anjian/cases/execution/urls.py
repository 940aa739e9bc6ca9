"""URL patterns of execution and closing (mounted under /cases/ with the other parts)."""

from django.urls import path

from anjian.cases.execution import views

urlpatterns = [
    path("<int:pk>/execution/", views.execution_page, name="execution"),
    path("<int:pk>/execution/payments/", views.payment_record, name="payment_record"),
    path("<int:pk>/execution/installment/", views.installment_approve, name="installment_approve"),
    path("<int:pk>/execution/reminder/", views.reminder_serve, name="reminder_serve"),
    path("<int:pk>/execution/surcharge/", views.surcharge_decide, name="surcharge_decide"),
    path("<int:pk>/execution/enforcement/", views.enforcement_apply, name="enforcement_apply"),
    path("<int:pk>/execution/close/", views.case_close, name="case_close"),
]
