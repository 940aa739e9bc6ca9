"""案卷评查: what a penalty case's file must hold, in which order, and the checks before archiving. Pure Python.

Decision (ADR-like; the sources are enforcement-domain.md §4.2–4.3 and §5, the 2016 document set and Henan's
usage notes for 案卷首页):

1. **Standard order.** Documents are filed in the order of the procedure, which is also the order of the
   2016 set: 案卷（首页）, 卷内目录, 立案审批表, 案件延期审批表, evidence (询问通知书, 询问笔录, 勘验笔录,
   抽样取证凭证, 先行登记保存证据审批表／通知书／处理审批表／处理决定书, 鉴定委托书), 调查终结报告,
   案件处理呈批表, 法制审核意见书, 集体讨论记录, 行政处罚告知书, 陈述申辩笔录, 听证告知书, 听证会通知书,
   听证笔录, 听证会报告书, 行政处罚决定书, 送达回执, 延期（分期）缴纳审批表／批准书, 催告书, 加处罚款决定书,
   强制执行事先催告书, 强制执行申请书, 罚款缴纳凭证, 案件移送审批表, 案件移送书, 涉嫌犯罪案件移送书,
   结案审批表 (`STANDARD_ORDER`). A 送达回执 that names the document it served follows that document;
   one that does not goes after the decision. Kinds outside the list go just before 结案审批表.
2. **Required documents** depend on the path of the case (`required_documents`): every filed case has
   立案审批表 and 结案审批表; a penalty adds evidence, 调查终结报告, 案件处理呈批表, 法制审核意见书,
   行政处罚告知书, 行政处罚决定书 and its 送达回执, plus 集体讨论记录 for a major case, 听证告知书 when the
   party had the right to a hearing, 听证会通知书／听证笔录／听证会报告书 when one was held, the preservation
   notice and decision when evidence was preserved, 案件延期审批表 when the limit was extended, the payment
   record when a fine was paid, 催告书 and 强制执行申请书 when those steps were taken; no penalty needs the
   same up to the legal review; a transfer needs 案件移送审批表 and 案件移送书 (涉嫌犯罪案件移送书 for a
   suspected crime); 不予立案 needs only the 立案审批表.
3. **Pagination.** Pages are numbered from 1 on the cover, consecutively, without gaps; each document's page
   count is its PDF's. The cover is one page; the table of contents holds `TOC_ROWS_PER_PAGE` rows a page.
4. **Checks** (`file_check`): every required document present and issued (not draft, not voided), and no
   draft left behind; listed in the standard order, and dated in procedural order; paginated; every numbered
   document carries its number and year, issued by the case's agency (罚告 and 罚 by the same one); the
   cover's 案由 matches the 立案审批表 and its 处理结果 the decision (Henan usage notes); each issued document
   has its signer and each 送达回执 its recipient; every time limit met, or each missed one explained. Any
   finding blocks archiving.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from anjian.domain.numbering import parse_number

COVER, TOC, PAYMENT = "案", "卷目", "缴款"
TOC_ROWS_PER_PAGE = 15

STANDARD_ORDER: tuple[tuple[str, str], ...] = (
    (COVER, "案卷（首页）"),
    (TOC, "卷内目录"),
    ("立", "立案审批表"),
    ("案延", "案件延期审批表"),
    ("询", "询问通知书"),
    ("询笔", "询问笔录"),
    ("勘", "勘验笔录"),
    ("抽", "抽样取证凭证"),
    ("先保审", "先行登记保存证据审批表"),
    ("先保通", "先行登记保存证据通知书"),
    ("先保处审", "先行登记保存证据处理审批表"),
    ("先保处", "先行登记保存证据处理决定书"),
    ("鉴", "鉴定委托书"),
    ("终报", "调查终结报告"),
    ("处呈", "案件处理呈批表"),
    ("法审", "行政执法决定法制审核意见书"),
    ("罚集", "行政处罚集体讨论记录"),
    ("罚告", "行政处罚告知书"),
    ("申辩笔", "当事人陈述申辩笔录"),
    ("听告", "行政处罚听证告知书"),
    ("听通", "行政处罚听证会通知书"),
    ("听笔", "听证笔录"),
    ("听报", "听证会报告书"),
    ("罚", "行政处罚决定书"),
    ("回", "文书送达回执"),
    ("缴审", "延期（分期）缴纳罚款审批表"),
    ("缴批", "延期（分期）缴纳罚款批准书"),
    ("催", "缴纳罚款催告书"),
    ("加罚", "加处罚款决定书"),
    ("执行催告", "行政强制执行事先催告书"),
    ("强执", "强制执行申请书"),
    (PAYMENT, "罚款缴纳凭证"),
    ("移审", "案件移送审批表"),
    ("移", "案件移送书"),
    ("涉移", "涉嫌犯罪案件移送书"),
    ("结", "结案审批表"),
)
RANK: dict[str, int] = {code: i for i, (code, _) in enumerate(STANDARD_ORDER)}
LABELS: dict[str, str] = dict(STANDARD_ORDER)
OTHER_RANK = RANK["结"] - 0.5  # kinds outside the standard list
EVIDENCE = ("询笔", "勘", "抽", "鉴", "先保通")
# Procedural order of dates: a document of the left kind may not be dated after one of the right kind.
DATE_CHAIN: tuple[tuple[str, str], ...] = (
    ("立", "终报"), *((e, "终报") for e in EVIDENCE), ("终报", "罚告"), ("法审", "罚告"), ("罚告", "罚"),
    ("罚集", "罚"), ("听告", "罚"), ("听报", "罚"), ("罚", "催"), ("催", "强执"), ("移审", "移"),
    ("立", "结"), ("罚", "结"), ("移", "结"), ("涉移", "结"),
)
# The decision must have a receipt that names it (receipts of other documents are filed when present).
SERVED = ("罚",)


@dataclass(frozen=True)
class CasePath:
    """How the case went; decides which documents its file must hold."""

    result: str  # penalized / no_penalty / transferred / not_filed
    major: bool = False
    hearing_notified: bool = False  # the party was told of a right to a hearing
    hearing_held: bool = False
    preservation: bool = False
    extended: bool = False
    fine_paid: bool = False
    installment: bool = False
    reminder: bool = False
    enforcement: bool = False
    criminal_transfer: bool = False


@dataclass(frozen=True)
class Requirement:
    codes: tuple[str, ...]  # any one of these kinds satisfies it
    label: str


@dataclass(frozen=True)
class FileDocument:
    """One item that may go into the file: a document of the case, or the payment record."""

    kind: str
    title: str
    status: str = "issued"  # draft / issued / voided / discarded
    id: int | None = None
    number: str = ""
    numbered: bool = False
    year: int | None = None
    issued_on: date | None = None
    issued_by: str = ""
    pages: int | None = None  # pages of its PDF; None when there is no PDF
    content: Mapping[str, object] = field(default_factory=dict)
    serves: int | None = None  # for a 送达回执: id of the document it served
    sha256: str = ""

    @property
    def label(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title

    def text(self) -> str:
        return "\n".join(str(v) for v in self.content.values() if isinstance(v, str | int | float | Decimal))


@dataclass(frozen=True)
class Cover:
    """What the 案卷（首页） says about the case."""

    cause: str
    result_label: str = ""
    fine: Decimal | None = None


@dataclass(frozen=True)
class LateStep:
    key: str
    label: str
    due: date | None
    done_on: date | None


@dataclass(frozen=True)
class CheckResult:
    findings: list[str]
    notes: list[str]
    contents: list[dict]

    @property
    def passed(self) -> bool:
        return not self.findings


def required_documents(path: CasePath) -> list[Requirement]:
    def one(code: str) -> Requirement:
        return Requirement((code,), LABELS[code])

    out = [one("立")]
    if path.result == "not_filed":
        return out
    if path.extended:
        out.append(one("案延"))
    if path.result == "transferred":
        out += [one("移审"), one("涉移") if path.criminal_transfer else one("移"), one("结")]
        return out
    out.append(Requirement(EVIDENCE, "证据材料（询问笔录、勘验笔录、抽样取证凭证等）"))
    if path.preservation:
        out += [one("先保通"), one("先保处")]
    out += [one("终报"), one("处呈"), one("法审")]
    if path.major:
        out.append(one("罚集"))
    if path.result == "penalized":
        out.append(one("罚告"))
        if path.hearing_notified:
            out.append(one("听告"))
        if path.hearing_held:
            out += [one("听通"), one("听笔"), one("听报")]
        out += [one("罚"), one("回")]
        if path.installment:
            out.append(one("缴批"))
        if path.reminder:
            out.append(one("催"))
        if path.enforcement:
            out.append(one("强执"))
        if path.fine_paid:
            out.append(one(PAYMENT))
    out.append(one("结"))
    return out


def arrange(documents: Sequence[FileDocument]) -> list[FileDocument]:
    """Issued documents in the standard order (a receipt right after the document it served)."""
    issued = [d for d in documents if d.status == "issued"]
    by_id = {d.id: d for d in issued if d.id is not None}

    def key(d: FileDocument) -> tuple:
        served = by_id.get(d.serves) if d.kind == "回" and d.serves is not None else None
        if served is not None:
            return (RANK.get(served.kind, OTHER_RANK), served.issued_on or date.min, served.id or 0, 1,
                    d.issued_on or date.min, d.id or 0)
        return (RANK.get(d.kind, OTHER_RANK), d.issued_on or date.min, d.id or 0, 0, date.min, 0)

    return sorted(issued, key=key)


def toc_pages(items: int) -> int:
    return max(1, math.ceil(items / TOC_ROWS_PER_PAGE))


def paginate(documents: Sequence[FileDocument], on: date | None = None) -> list[dict]:
    """The 卷内目录: the cover, the table itself, then ``documents`` (already arranged), pages from 1."""
    rows = [(COVER, LABELS[COVER], "", on, 1, None, ""), (TOC, LABELS[TOC], "", on, toc_pages(len(documents) + 2),
                                                          None, "")]
    rows += [(d.kind, d.title, d.number, d.issued_on, d.pages, d.id, d.sha256) for d in documents]
    out, page = [], 1
    for seq, (kind, title, number, day, count, doc_id, sha) in enumerate(rows, 1):
        n = count or 0
        out.append({"seq": seq, "kind": kind, "title": title, "number": number,
                    "date": day.isoformat() if day else "", "start": page if n else None,
                    "end": page + n - 1 if n else None, "count": n,
                    "pages": (f"{page}" if n == 1 else f"{page}-{page + n - 1}") if n else "",
                    "document_id": doc_id, "sha256": sha, "remarks": ""})
        page += n
    return out


def pagination_problems(contents: Sequence[Mapping]) -> list[str]:
    """Pages consecutive from 1, no gaps, no overlaps, every item at least one page."""
    out, expected = [], 1
    for row in contents:
        name = row.get("title", "") + (f"（{row['number']}）" if row.get("number") else "")
        start, end = row.get("start"), row.get("end")
        if not start or not end:
            out.append(f"{name}没有可计页的PDF文件，无法编页")
            continue
        if end < start:
            out.append(f"{name}的页号{start}-{end}不正确")
        elif start != expected:
            what = "缺页" if start > expected else "页号重叠"
            out.append(f"{name}自第{start}页起，应为第{expected}页（{what}）")
        expected = max(expected, end + 1)
    return out


def order_problems(listed: Sequence[FileDocument]) -> list[str]:
    """Listed out of the standard order, or dated against the order of the procedure."""
    out = []
    last = None
    for d in listed:
        rank = RANK.get(d.kind, OTHER_RANK)
        if d.kind != "回" and last is not None and rank < RANK.get(last.kind, OTHER_RANK):
            out.append(f"{d.label}排在{last.label}之后，不符合卷内文件的排列顺序")
        if d.kind != "回":
            last = d
    dated: dict[str, list[FileDocument]] = {}
    for d in listed:
        if d.issued_on is not None:
            dated.setdefault(d.kind, []).append(d)
    for before, after in DATE_CHAIN:
        for a in dated.get(before, ()):
            for b in dated.get(after, ()):
                if a.issued_on > b.issued_on:
                    out.append(f"{a.label}的日期（{a.issued_on.isoformat()}）晚于{b.label}"
                               f"（{b.issued_on.isoformat()}），不符合办案程序的先后")
    return out


def _fine_forms(fine: Decimal) -> set[str]:
    forms = {f"{fine:.2f}", f"{fine:,.2f}"}
    if fine == fine.to_integral_value():
        forms |= {str(int(fine)), f"{int(fine):,}"}
    return forms


def _presence(path: CasePath, documents: Sequence[FileDocument]) -> list[str]:
    out = []
    for req in required_documents(path):
        same = [d for d in documents if d.kind in req.codes]
        if any(d.status == "issued" for d in same):
            continue
        if any(d.status == "draft" for d in same):
            out.append(f"{req.label}尚未签发（仍为草稿）")
        elif any(d.status == "voided" for d in same):
            out.append(f"{req.label}已作废，且没有有效的更正文书")
        else:
            out.append(f"缺少{req.label}")
    return out


def _stray_drafts(path: CasePath, documents: Sequence[FileDocument]) -> list[str]:
    """Drafts left in the case (not those `_presence` already names): issue or discard them before archiving."""
    unmet = {c for req in required_documents(path)
             if not any(d.kind in req.codes and d.status == "issued" for d in documents) for c in req.codes}
    return [f"{d.title}（草稿）尚未签发或废弃，归档后将无法处理" for d in documents
            if d.status == "draft" and d.kind not in unmet]


def _numbers(issued: Sequence[FileDocument], agency_short: str) -> list[str]:
    out = []
    issuers = {}
    for d in issued:
        if not d.numbered:
            continue
        if not d.number:
            out.append(f"{d.title}没有文书编号")
            continue
        try:
            parsed = parse_number(d.number)
        except ValueError:
            out.append(f"{d.title}的编号「{d.number}」格式不正确")
            continue
        if parsed.code != d.kind:
            out.append(f"{d.title}的编号「{d.number}」不是该文书种类的编号（应为“应急{d.kind}”）")
        if d.year is None or parsed.year != d.year:
            out.append(f"{d.title}的编号「{d.number}」缺少年度或年度与签发年度不符")
        if agency_short and parsed.issuer != agency_short:
            out.append(f"{d.title}的编号「{d.number}」不是本案办案机关（{agency_short}）的编号")
        if d.kind in ("罚告", "罚"):
            issuers.setdefault(d.kind, parsed.issuer)
    if len(set(issuers.values())) > 1:
        out.append(f"行政处罚告知书与行政处罚决定书的编号不属于同一机关（{issuers['罚告']} / {issuers['罚']}）")
    return out


def _consistency(cover: Cover, issued: Sequence[FileDocument], path: CasePath) -> list[str]:
    out = []
    filing = next((d for d in issued if d.kind == "立"), None)
    if filing is not None and cover.cause:
        stated = filing.content.get("cause")
        if isinstance(stated, str) and stated.strip():
            if stated.strip() != cover.cause.strip():
                out.append(f"案卷首页的案由「{cover.cause}」与立案审批表的案由「{stated.strip()}」不一致")
        elif cover.cause.strip() not in filing.text():
            out.append(f"立案审批表未载明案卷首页的案由「{cover.cause}」")
    decision = next((d for d in issued if d.kind == "罚"), None)
    if (path.result == "penalized" and decision is not None and cover.fine
            and not any(form in decision.text() for form in _fine_forms(cover.fine))):
        out.append(f"行政处罚决定书未载明罚款{cover.fine}元，与案卷首页的处理结果不一致")
    return out


def _signatures(issued: Sequence[FileDocument]) -> list[str]:
    out = []
    for d in issued:
        if d.kind == PAYMENT:
            continue
        if not d.issued_by:
            out.append(f"{d.label}未记录签发人")
        if d.kind == "回" and not str(d.content.get("recipient", "")).strip():
            out.append(f"{d.label}未记录受送达人（签收人）")
    receipts = [d for d in issued if d.kind == "回"]
    for d in issued:
        if d.kind in SERVED and d.number and not any(r.serves == d.id for r in receipts):
            out.append(f"{d.label}没有送达回执")
    return out


def _limits(late: Sequence[LateStep], explanations: Mapping[str, str], pending: Sequence[LateStep]
            ) -> tuple[list[str], list[str]]:
    findings, notes = [], []
    for step in late:
        due = step.due.isoformat() if step.due else "—"
        done = f"实际{step.done_on.isoformat()}完成" if step.done_on else "至今未完成"
        reason = (explanations.get(step.key) or "").strip()
        if reason:
            notes.append(f"已说明：{step.label}超过期限（应于{due}前，{done}）——{reason}")
        else:
            findings.append(f"{step.label}超过期限（应于{due}前，{done}），且未说明理由")
    for step in pending:
        due = step.due.isoformat() if step.due else "—"
        findings.append(f"{step.label}尚未完成（期限{due}），归档后不能再补")
    return findings, notes


def file_check(*, path: CasePath, documents: Sequence[FileDocument], cover: Cover, agency_short: str,
               late: Sequence[LateStep] = (), pending: Sequence[LateStep] = (),
               explanations: Mapping[str, str] | None = None, on: date | None = None) -> CheckResult:
    """Every check of the file as it would be archived; ``documents`` are all of the case's (any status)."""
    arranged = arrange(documents)
    contents = paginate(arranged, on)
    findings = _presence(path, documents) + _stray_drafts(path, documents)
    findings += order_problems(arranged)
    findings += pagination_problems(contents)
    findings += _numbers(arranged, agency_short)
    findings += _consistency(cover, arranged, path)
    findings += _signatures(arranged)
    limit_findings, notes = _limits(late, explanations or {}, pending)
    return CheckResult(findings + limit_findings, notes, contents)
