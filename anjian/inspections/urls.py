from django.urls import include, path

from anjian.inspections import views_checklists, views_hazards, views_inspections, views_signatures

app_name = "inspections"
urlpatterns = [
    path("", views_inspections.inspection_list, name="list"),
    path("new/", views_inspections.inspection_create, name="create"),
    path("<int:pk>/", views_inspections.inspection_detail, name="detail"),
    path("<int:pk>/approve/", views_inspections.inspection_approve, name="approve"),
    path("<int:pk>/return/", views_inspections.inspection_return, name="return"),
    path("<int:pk>/resubmit/", views_inspections.inspection_resubmit, name="resubmit"),
    path("<int:pk>/start/", views_inspections.inspection_start, name="start"),
    path("<int:pk>/record/", views_inspections.inspection_record, name="record"),
    path("<int:pk>/close/", views_inspections.inspection_close, name="close"),
    path("<int:pk>/cancel/", views_inspections.inspection_cancel, name="cancel"),
    path("<int:pk>/join/<int:into>/", views_inspections.inspection_join, name="join"),
    path("<int:pk>/hazards/new/", views_hazards.hazard_create, name="hazard_add"),
    path("<int:pk>/hazards/<int:hazard_id>/edit/", views_hazards.hazard_edit, name="hazard_edit"),
    path("<int:pk>/evidence/", views_hazards.evidence_upload, name="evidence_upload"),
    path("evidence/<int:evidence_id>/", views_hazards.evidence_download, name="evidence"),
    path("<int:pk>/signatures/", views_signatures.signature_add, name="signature_add"),
    path("<int:pk>/signatures/<int:signature_id>/image", views_signatures.signature_image, name="signature_image"),
    path("checklist/", views_checklists.checklist_list, name="checklist"),
    path("checklist/new/", views_checklists.checklist_create, name="checklist_add"),
    path("checklist/<int:item_id>/edit/", views_checklists.checklist_edit, name="checklist_edit"),
    path("checklist/<int:item_id>/toggle/", views_checklists.checklist_toggle, name="checklist_toggle"),
    path("checklist/import/", views_checklists.checklist_import_page, name="checklist_import"),
    path("rectification/", include("anjian.inspections.urls_rectification")),
]
