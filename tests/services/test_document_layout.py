"""Real PDF rendering (marked pdf): a one-item 责令限期整改指令书 is one page with its signatures and seal on it; a
preview says 草稿 and carries the placeholder number."""

import io

import pytest
from pypdf import PdfReader

from anjian.documents.files import document_file_bytes
from anjian.documents.preview import document_preview_pdf
from anjian.documents.services import document_draft, document_issue
from anjian.domain.permissions import Role
from anjian.regions.models import Agency

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

ONE_ITEM = {
    "inspection_date": "2026-12-01",
    "problems": [{"text": "危险化学品仓库内安全出口被杂物堵塞，应急照明灯损坏未及时修复", "deadline": "2026-12-15"}],
    "legal_basis": "《中华人民共和国安全生产法》第六十五条第一款第（三）项",
    "inspectors": [{"name": "张执法", "certificate": "41172600000001"}, {"name": "李执法", "certificate": "41172600000002"}],
}


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text().replace("\n", "") for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture
def officer(make_user):
    return make_user("411726", Role.OFFICER)


@pytest.fixture
def draft(officer, make_enterprise):
    return document_draft(actor=officer, agency=Agency.objects.get(region_id="411726"), kind_code="责改",
                          content=ONE_ITEM, enterprise=make_enterprise("411726", name="泌阳县某某化工有限公司"))


def test_a_one_item_order_keeps_its_signatures_and_seal_on_page_one(officer, draft):
    issued = document_issue(actor=officer, document=draft)
    pages = _pages(document_file_bytes(issued, "pdf"))
    assert len(pages) == 1, pages
    for expected in ("执法人员（签名）", "负责人（签名）", "泌阳县应急管理局（印章）", f"签发人：{officer}", "六个月内",
                     issued.number):
        assert expected in pages[0], expected


def test_a_preview_is_marked_draft_and_numbered_with_a_placeholder(officer, draft):
    _, pdf = document_preview_pdf(officer, draft.pk)
    [page] = _pages(pdf)
    assert "草稿预览" in page and "〕—号" in page
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.number
