"""Build the shipped Word templates (templates_docx/*.docx) with python-docx. Run after changing a layout:

    python -m anjian.documents.make_templates

The generated files are committed; administrators may replace any of them from /documents/templates/.
Jinja tags follow docxtpl: `{%p … %}` on a paragraph of its own repeats or hides whole paragraphs.
Variables are those of anjian.documents.rendering.render_context (see the templates page for the list).
"""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent / "templates_docx"
BODY_FONT, TITLE_FONT, HEAD_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体"
RED = RGBColor(0xC0, 0x00, 0x00)

PEOPLE = "{% for i in inspectors %}{{ i.name }}{% if not loop.last %}、{% endif %}{% endfor %}"
CERTS = "{% for i in inspectors %}{{ i.certificate }}{% if not loop.last %}、{% endif %}{% endfor %}"


def loop(header, item: str, each: str) -> list:
    """Paragraph loop: one paragraph per element."""
    return [("tag", f"{{%p for {item} in {each} %}}"), header, ("tag", "{%p endfor %}")]


def when(condition: str, *paragraphs) -> list:
    return [("tag", f"{{%p if {condition} %}}"), *paragraphs, ("tag", "{%p endif %}")]


BODIES: dict[str, list] = {
    "zegai": [
        ("plain", "{{ addressee }}："),
        "{{ inspection_date_cn }}，本机关执法人员对你单位进行了现场检查，发现你单位存在下列问题：",
        *loop("{{ p.no }}. {{ p.text }}", "p", "problems"),
        *when("problems|length == 1",
              "{% if legal_basis %}依据{{ legal_basis }}的规定，{% endif %}现责令你单位于{{ problems[0].deadline_cn }}前"
              "将上述问题整改完毕，达到有关法律、法规、规章和国家标准或者行业标准规定的要求。"),
        *when("problems|length != 1",
              "{% if legal_basis %}依据{{ legal_basis }}的规定，{% endif %}现责令你单位对上述问题按下列期限整改完毕，"
              "达到有关法律、法规、规章和国家标准或者行业标准规定的要求：",
              *loop("对上述第{{ p.no }}项问题于{{ p.deadline_cn }}前整改完毕；", "p", "problems")),
        "整改期间，你单位应当采取措施，确保安全生产。因不可抗力无法在规定期限内完成整改的，应当在整改期限届满前十日内"
        "提出书面延期申请。",
    ],
    "xianjue": [
        ("plain", "{{ addressee }}："),
        "{{ inspection_date_cn }}，本机关执法人员在现场检查时，发现你单位存在下列违法违规行为和事故隐患：",
        *loop("{{ loop.index }}. {{ v }}", "v", "violations"),
        "依据{{ legal_basis }}的规定，现决定采取下列现场处理措施：",
        *loop("{{ loop.index }}. {{ m }}", "m", "measures"),
    ],
    "chakou": [
        ("plain", "{{ addressee }}："),
        *loop("{{ line }}", "line", "facts_lines"),
        "依据{{ legal_basis }}的规定，本机关决定对你单位下列场所、设施、财物予以查封（扣押），期限为{{ period }}：",
        *loop("{{ loop.index }}. {{ item }}", "item", "items"),
        "查封（扣押）期间，你单位不得擅自启封、使用、转移、损毁被查封（扣押）的场所、设施、财物。",
    ],
    "jianji": [
        ("plain", "被检查单位：{{ addressee }}"),
        ("plain", "地址：{{ address }}"),
        ("plain", "法定代表人（负责人）：{{ legal_representative }}    职务：{{ position }}    联系电话：{{ phone }}"),
        ("plain", "检查场所：{{ place }}"),
        ("plain", "检查时间：{{ time_from }} 至 {{ time_to }}"),
        f"我们是{{{{ agency_name }}}}行政执法人员{PEOPLE}，证件号码为{CERTS}，这是我们的证件（出示证件）。"
        "现依法对你单位进行现场检查，请予配合。",
        ("plain", "检查情况："),
        *loop("{{ line }}", "line", "findings_lines"),
    ],
    "fucha": [
        ("plain", "{{ addressee }}："),
        "本机关于{{ original_date_cn }}作出了《{{ original_title }}》（{{ original_number }}），"
        "经对你单位整改情况进行复查，提出如下意见：",
        *loop("{{ line }}", "line", "opinion_lines"),
    ],
    "xun": [
        ("plain", "{{ addressee }}："),
        "为调查了解{{ reason }}有关情况，请你（单位）于{{ time }}到{{ place }}接受询问调查。",
        *when("bring", "请携带下列材料：", *loop("{{ loop.index }}. {{ b }}", "b", "bring")),
        ("plain", "联系人：{{ contact }}    联系电话：{{ phone }}"),
    ],
    "huizhi": [
        ("plain", "送达文书名称及文号：{{ served_document }}"),
        ("plain", "受送达人：{{ addressee }}"),
        ("plain", "送达地点：{{ place }}"),
        ("plain", "送达方式：{{ method }}"),
        ("plain", "送达时间：{{ served_at }}"),
        ("plain", "受送达人（签收人）签名：{{ recipient }}"),
        ("plain", "备注：{{ remarks }}"),
        ("plain", "送达人（签名）："),
    ],
    "yijiao": [
        ("plain", "{{ receiver }}："),
        "本机关在对{{ addressee }}进行安全生产监督检查时，发现下列问题：",
        *loop("{{ loop.index }}. {{ item }}", "item", "problems_found"),
        *loop("{{ line }}", "line", "reason_lines"),
        "{% if legal_basis %}依据{{ legal_basis }}的规定，{% endif %}现将上述问题移交你单位依法处理，请将处理结果反馈本机关。",
        *when("attachments", "附件：", *loop("{{ loop.index }}. {{ a }}", "a", "attachments")),
        ("plain", "联系人：{{ contact }}    联系电话：{{ phone }}"),
    ],
    "duban": [
        ("plain", "{{ addressee }}："),
        "经查，你单位存在下列重大事故隐患：",  # hazard_lines come without a leading 经查
        *loop("{{ line }}", "line", "hazard_lines"),
        "本机关决定对该重大事故隐患实行挂牌督办。督办要求如下：",
        *loop("{{ loop.index }}. {{ r }}", "r", "requirements"),
        "请于{{ deadline_cn }}前完成整改，并将整改情况书面报告本机关。",
        ("plain", "督办单位联系人：{{ supervisor }}    联系电话：{{ phone }}"),
    ],
    "jiancha": [
        ("plain", "被检查单位：{{ addressee }}"),
        ("plain", "地址：{{ address }}"),
        ("plain", "检查时间：{{ inspection_date_cn }}"),
        ("plain", "检查依据：{{ basis }}"),
        ("plain", "检查内容："),
        *loop("{{ loop.index }}. {{ item }}", "item", "items"),
        ("plain", "检查方式：{{ method }}"),
        ("plain", "审批意见：                    负责人（签名）：          年    月    日"),
    ],
    "generic": [  # no field labels in the text: the body's lines, then the legal basis unless the body cites it
        *when("salutation", ("plain", "{{ addressee }}：")),
        *loop("{{ line }}", "line", "body_lines"),
        *when("basis_sentence", "{{ basis_sentence }}"),
    ],
}

# A signature taken on site (rendering: party_signatures, officer_signatures): the image, the name and the time
# signed; a refusal says so with its witness.
SIGNED = ("{{ s.label }}{% if s.refused %}：{{ s.name }}拒绝签字（见证人：{{ s.witness }}）{% else %}（签名）："
          "{{ s.image }} {{ s.name }}{% endif %}    {{ s.signed_at }}")

FOOTER = [
    *when("has_remedy_clause", "{{ remedy_clause }}"),
    *when("inspectors", ("plain", "执法人员（签名）："),
          *loop("{{ i.name }}    执法证号：{{ i.certificate }}", "i", "inspectors")),
    *loop(("plain", SIGNED), "s", "officer_signatures"),
    *when("party_signs and not party_signatures",
          ("plain", "被检查单位（当事人）负责人（签名）：                    年    月    日")),
    *when("party_signs", *loop(("plain", SIGNED), "s", "party_signatures")),
    *when("signer", ("plain", "签发人：{{ signer }}")),
    ("right", "{{ agency_name }}（印章）"),
    ("right", "{{ issued_date }}"),
    *when("copies", ("small", "{{ copies }}")),
]


def _run(paragraph, text: str, *, font: str = BODY_FONT, size: float = 16, bold: bool = False, color=None):
    run = paragraph.add_run(text)
    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    run.font.size = Pt(size)
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def _paragraph(doc, text: str, style: str = "body"):
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28)
    if style == "body":
        p.paragraph_format.first_line_indent = Pt(32)
    elif style == "right":
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run(p, text, size=12 if style == "small" else 16)
    return p


def build(name: str) -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(head, "{{ agency_name }}", font=TITLE_FONT, size=22, bold=True, color=RED)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(title, "{{ title }}", font=TITLE_FONT, size=22, bold=True)
    number = doc.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, "{{ number }}", font=BODY_FONT, size=14)
    closing = len(BODIES[name])
    for index, item in enumerate(BODIES[name] + FOOTER):
        style, text = ("body", item) if isinstance(item, str) else item
        if style == "tag":
            doc.add_paragraph().add_run(text)
            continue
        paragraph = _paragraph(doc, text, style)
        if index >= closing - 1 and index < closing + len(FOOTER) - 1:
            # the closing (remedy, signatures, signer, seal, date) stays with the text before it: never alone on a page
            paragraph.paragraph_format.keep_with_next = True
    return doc


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name in BODIES:
        build(name).save(OUT / f"{name}.docx")
        print(f"{OUT / name}.docx")


if __name__ == "__main__":
    main()
