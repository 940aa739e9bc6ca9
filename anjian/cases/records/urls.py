"""URL patterns of the records part of penalty cases: disclosure, the due list, file check, archive, case file."""

from django.urls import path

from anjian.cases.records import views as v

urlpatterns = [
    path("disclosures/", v.disclosure_list, name="disclosures"),
    path("disclosures/publish/", v.disclose_batch, name="disclose_batch"),
    path("<int:pk>/disclosure/", v.disclose, name="disclose"),
    path("<int:pk>/disclosure/withdraw/", v.disclosure_withdraw, name="disclosure_withdraw"),
    path("<int:pk>/file-check/", v.file_check, name="file_check"),
    path("<int:pk>/archive/", v.archive, name="archive"),
    path("<int:pk>/case-file.pdf", v.case_file_download, name="case_file_pdf"),
    path("<int:pk>/case-file/job/", v.case_file_job, name="case_file_job"),
]
