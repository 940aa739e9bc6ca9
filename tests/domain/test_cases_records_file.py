"""案卷评查 rules: required documents per path, standard order, pagination and the checks before archiving."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from anjian.domain import case_file as cf

D = date(2026, 3, 2)
AGENCY = "泌"


def doc(kind: str, n: int, *, number: str | None = None, pages: int = 1, **kw) -> cf.FileDocument:
    numbered = kind not in {"询笔", "申辩笔", "听笔", "卷目", cf.PAYMENT}
    if number is None and numbered:
        number = f"({AGENCY})应急{kind}〔2026〕{n}号"
    content = {"addressee": "泌阳县测试有限公司", "body": "正文"}
    content.update(kw.pop("content", {}))
    return cf.FileDocument(kind=kind, title=cf.LABELS.get(kind, kind), id=n, number=number or "", numbered=numbered,
                           year=2026, issued_on=kw.pop("issued_on", D), issued_by="officer", pages=pages,
                           content=content, **kw)


def full_penalty_file(changes: dict | None = None) -> list[cf.FileDocument]:
    changes = changes or {}
    docs = [
        doc("立", 1, content={"cause": "未按规定开展安全生产教育培训"}),
        doc("询笔", 2), doc("勘", 3), doc("终报", 4), doc("处呈", 5), doc("法审", 6),
        doc("罚告", 7), doc("罚", 8, pages=2, content={"body": "决定给予罚款人民币20000元的行政处罚。"}),
        doc("回", 9, serves=8, content={"recipient": "李四", "served_document": "(泌)应急罚〔2026〕8号"}),
        doc("结", 10),
    ]
    return [replace(d, **changes.get(d.id, {})) for d in docs]


COVER = cf.Cover(cause="未按规定开展安全生产教育培训", result_label="给予行政处罚", fine=Decimal("20000"))
PENALIZED = cf.CasePath(result="penalized")


def check(documents, path=PENALIZED, cover=COVER, **kw) -> cf.CheckResult:
    return cf.file_check(path=path, documents=documents, cover=cover, agency_short=AGENCY, on=D, **kw)


def codes(path: cf.CasePath) -> list[tuple[str, ...]]:
    return [r.codes for r in cf.required_documents(path)]


def test_required_documents_follow_the_path_of_the_case():
    assert codes(cf.CasePath(result="not_filed")) == [("立",)]
    assert codes(cf.CasePath(result="transferred")) == [("立",), ("移审",), ("移",), ("结",)]
    assert ("涉移",) in codes(cf.CasePath(result="transferred", criminal_transfer=True))
    no_penalty = codes(cf.CasePath(result="no_penalty"))
    assert ("法审",) in no_penalty and ("罚",) not in no_penalty and ("罚告",) not in no_penalty
    plain = codes(PENALIZED)
    assert not {("罚集",), ("听告",), ("听笔",), ("先保处",)} & set(plain)
    full = codes(cf.CasePath(result="penalized", major=True, hearing_notified=True, hearing_held=True,
                             preservation=True, extended=True, fine_paid=True, reminder=True, enforcement=True))
    for code in ("罚集", "听告", "听通", "听笔", "听报", "先保通", "先保处", "案延", "缴款", "催", "强执"):
        assert (code,) in full


def test_a_complete_file_passes_and_lists_cover_and_contents_first():
    result = check(full_penalty_file())
    assert result.findings == [] and result.passed
    assert [r["title"] for r in result.contents[:3]] == ["案卷（首页）", "卷内目录", "立案审批表"]
    assert [r["pages"] for r in result.contents] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10-11", "12", "13"]


def test_missing_draft_and_voided_documents_are_named():
    docs = full_penalty_file({8: {"status": "draft"}, 6: {"status": "voided"}})
    docs = [d for d in docs if d.kind != "终报"]
    findings = check(docs).findings
    assert "缺少调查终结报告" in findings
    assert "行政处罚决定书尚未签发（仍为草稿）" in findings
    assert "行政执法决定法制审核意见书已作废，且没有有效的更正文书" in findings


def test_a_draft_left_in_the_case_must_be_issued_or_discarded():
    docs = [*full_penalty_file(), replace(doc("勘", 11), status="draft"), replace(doc("罚", 12), status="draft")]
    assert check(docs).findings == ["勘验笔录（草稿）尚未签发或废弃，归档后将无法处理",
                                    "行政处罚决定书（草稿）尚未签发或废弃，归档后将无法处理"]


def test_major_case_needs_the_collective_discussion_record():
    findings = check(full_penalty_file(), path=cf.CasePath(result="penalized", major=True)).findings
    assert findings == ["缺少行政处罚集体讨论记录"]


def test_numbers_must_carry_year_and_belong_to_the_case_agency():
    docs = full_penalty_file({7: {"number": "(驻)应急罚告〔2026〕7号"}, 5: {"number": ""},
                                4: {"number": "(泌)应急终报〔2025〕4号"}, 10: {"number": "结案第10号"}})
    findings = check(docs).findings
    assert "案件处理呈批表没有文书编号" in findings
    assert "调查终结报告的编号「(泌)应急终报〔2025〕4号」缺少年度或年度与签发年度不符" in findings
    assert "行政处罚告知书的编号「(驻)应急罚告〔2026〕7号」不是本案办案机关（泌）的编号" in findings
    assert "行政处罚告知书与行政处罚决定书的编号不属于同一机关（驻 / 泌）" in findings
    assert "结案审批表的编号「结案第10号」格式不正确" in findings


def test_cover_must_match_the_filing_and_the_decision():
    other = cf.Cover(cause="未按规定配备安全生产管理人员", fine=Decimal("30000"))
    findings = check(full_penalty_file(), cover=other).findings
    assert findings == ["案卷首页的案由「未按规定配备安全生产管理人员」与立案审批表的案由「未按规定开展安全生产教育培训」不一致",
                        "行政处罚决定书未载明罚款30000元，与案卷首页的处理结果不一致"]


def test_signer_and_recipient_must_be_recorded_and_the_decision_served():
    docs = full_penalty_file({5: {"issued_by": ""}, 9: {"content": {"served_document": "x"}, "serves": None}})
    findings = check(docs).findings
    assert "案件处理呈批表（(泌)应急处呈〔2026〕5号）未记录签发人" in findings
    assert "文书送达回执（(泌)应急回〔2026〕9号）未记录受送达人（签收人）" in findings
    assert "行政处罚决定书（(泌)应急罚〔2026〕8号）没有送达回执" in findings


def test_late_steps_block_unless_explained():
    late = [cf.LateStep("service", "送达处罚决定书", date(2026, 3, 11), date(2026, 3, 13))]
    blocked = check(full_penalty_file(), late=late)
    assert blocked.findings == ["送达处罚决定书超过期限（应于2026-03-11前，实际2026-03-13完成），且未说明理由"]
    explained = check(full_penalty_file(), late=late, explanations={"service": "当事人外出，经邮寄送达"})
    assert explained.passed
    assert explained.notes == ["已说明：送达处罚决定书超过期限（应于2026-03-11前，实际2026-03-13完成）——当事人外出，经邮寄送达"]
    pending = check(full_penalty_file(), pending=[cf.LateStep("disclosure", "公开处罚决定", date(2026, 4, 1), None)])
    assert pending.findings == ["公开处罚决定尚未完成（期限2026-04-01），归档后不能再补"]


def test_documents_dated_against_the_procedure_are_found():
    docs = full_penalty_file({7: {"issued_on": date(2026, 3, 5)}})  # notice after the decision
    assert check(docs).findings == ["行政处罚告知书（(泌)应急罚告〔2026〕7号）的日期（2026-03-05）晚于行政处罚决定书"
                                    "（(泌)应急罚〔2026〕8号）（2026-03-02），不符合办案程序的先后"]


def test_listing_out_of_the_standard_order_is_found():
    docs = full_penalty_file()
    swapped = [docs[0], docs[5], docs[4]]
    assert cf.order_problems(swapped) == [f"{docs[4].label}排在{docs[5].label}之后，不符合卷内文件的排列顺序"]


def test_document_without_pdf_cannot_be_paginated():
    findings = check(full_penalty_file({3: {"pages": None}})).findings
    assert findings == ["勘验笔录（(泌)应急勘〔2026〕3号）没有可计页的PDF文件，无法编页"]


def test_gaps_and_overlaps_in_a_table_of_contents():
    rows = [{"title": "甲", "start": 1, "end": 2}, {"title": "乙", "start": 4, "end": 4},
            {"title": "丙", "start": 4, "end": 5}]
    assert cf.pagination_problems(rows) == ["乙自第4页起，应为第3页（缺页）", "丙自第4页起，应为第5页（页号重叠）"]


KINDS = [code for code, _ in cf.STANDARD_ORDER if code not in (cf.COVER, cf.TOC)] + ["检记"]


@given(st.lists(st.tuples(st.sampled_from(KINDS), st.integers(1, 9)), min_size=1, max_size=25), st.randoms())
def test_arranged_files_are_in_standard_order_and_paginated_without_gaps(items, rnd):
    docs = [doc(kind, i, pages=pages) for i, (kind, pages) in enumerate(items, 1)]
    rnd.shuffle(docs)
    arranged = cf.arrange(docs)
    ranks = [cf.RANK.get(d.kind, cf.OTHER_RANK) for d in arranged]
    assert ranks == sorted(ranks)
    contents = cf.paginate(arranged, D)
    assert cf.pagination_problems(contents) == []
    assert contents[-1]["end"] == 1 + cf.toc_pages(len(docs) + 2) + sum(p for _, p in items)
    assert [r["seq"] for r in contents] == list(range(1, len(docs) + 3))


@given(st.permutations(list(range(1, 11))))
def test_a_receipt_follows_the_document_it_served(order):
    docs = full_penalty_file()
    arranged = cf.arrange([docs[i - 1] for i in order])
    kinds = [d.kind for d in arranged]
    assert kinds.index("回") == kinds.index("罚") + 1
