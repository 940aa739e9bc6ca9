from django.urls import path

from anjian.home import audit_views

app_name = "audit"
urlpatterns = [
    path("", audit_views.audit_list, name="list"),
    path("checkpoint/", audit_views.audit_checkpoint_download, name="checkpoint"),
]
