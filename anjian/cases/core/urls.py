"""URL patterns of the core part of penalty cases: list, new case, case page and its steps."""

from django.urls import path

from anjian.cases.core import views as v
from anjian.cases.core import views_steps as s
from anjian.cases.core import views_waiver as vw

urlpatterns = [
    path("", v.case_list, name="list"),
    path("new/", v.case_create, name="create"),
    path("<int:pk>/", v.case_detail, name="detail"),
    path("<int:pk>/file/approve/", s.file_approve, name="file_approve"),
    path("<int:pk>/file/refuse/", s.file_refuse, name="file_refuse"),
    path("<int:pk>/file/return/", s.file_return, name="file_return"),
    path("<int:pk>/file/resubmit/", s.filing_resubmit, name="filing_resubmit"),
    path("<int:pk>/legal-review/return/", s.review_return, name="review_return"),
    path("<int:pk>/discussion/return/", s.discussion_return, name="discussion_return"),
    path("<int:pk>/decide/return/", s.decision_return, name="decision_return"),
    path("<int:pk>/investigations/", s.investigation_add, name="investigation_add"),
    path("<int:pk>/preservation/decide/", s.preservation_decide, name="preservation_decide"),
    path("<int:pk>/extensions/", s.extension_approve, name="extension_approve"),
    path("<int:pk>/conclude/", s.conclude, name="conclude"),
    path("<int:pk>/submit/", s.submit, name="submit"),
    path("<int:pk>/legal-review/", s.legal_review, name="legal_review"),
    path("<int:pk>/discussion/", s.discussion, name="discussion"),
    path("<int:pk>/notify/", s.notify, name="notify"),
    path("<int:pk>/statement/", s.statement, name="statement"),
    path("<int:pk>/waiver/", vw.rights_waive, name="rights_waive"),
    path("<int:pk>/waiver/file/", vw.rights_waiver_file, name="rights_waiver_file"),
    path("<int:pk>/hearing/request/", s.hearing_request, name="hearing_request"),
    path("<int:pk>/hearing/hold/", s.hearing_hold, name="hearing_hold"),
    path("<int:pk>/decide/", s.decide, name="decide"),
    path("<int:pk>/serve/", s.serve, name="serve"),
    path("<int:pk>/documents/issue/", s.documents_issue, name="documents_issue"),
]
