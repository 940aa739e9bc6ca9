from django.urls import path

from anjian.documents import views, views_templates

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/issue/", views.document_issue_view, name="issue"),
    path("<int:pk>/preview.pdf", views.document_preview, name="preview"),
    path("<int:pk>/correct/", views.document_correct_view, name="correct"),
    path("<int:pk>/void/", views.document_void_view, name="void"),
    path("<int:pk>/discard/", views.document_discard_view, name="discard"),
    path("<int:pk>/docx", views.document_download, {"which": "docx"}, name="docx"),
    path("<int:pk>/pdf", views.document_download, {"which": "pdf"}, name="pdf"),
    path("templates/", views_templates.template_list, name="templates"),
    path("templates/<str:code>.docx", views_templates.template_download, name="template_download"),
    path("templates/<str:code>/reset/", views_templates.template_reset, name="template_reset"),
]
