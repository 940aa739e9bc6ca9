from django.urls import path

from anjian.inspections import views_rectification as v

urlpatterns = [
    path("", v.rectification_list, name="rectification"),
    path("extensions/", v.extension_list, name="rectification_extensions"),
    path("inspection/<int:pk>/", v.inspection_rectification, name="rectification_inspection"),
    path("inspection/<int:pk>/reinspect/", v.reinspection_create, name="rectification_reinspect"),
    path("enterprise/<int:enterprise_id>/", v.enterprise_hazards, name="rectification_enterprise"),
    path("hazard/<int:hazard_id>/extension/", v.extension_create, name="rectification_extension_add"),
    path("hazard/<int:hazard_id>/escalate/", v.hazard_escalate, name="rectification_escalate"),
    path("extension/<int:request_id>/decide/", v.extension_decide, name="rectification_extension_decide"),
    path("extension/<int:request_id>/return/", v.extension_return, name="rectification_extension_return"),
]
