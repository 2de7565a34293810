"""The parts every 公文 shares (GB/T 9704 layout): red head, title, 主送, closing, 附注 and 版记.

``close`` places the 公开属性 marking where a recipe asks: as the 附注 after the date, glued to the date or the
signature line, in the 版记 table, in a header, footer or text box, or nowhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml import parse_xml

from .docx_features import RED, TITLE_FONT, DocxBuilder
from .segments import Decoy, Mark, Piece, Secret

# Sentences from the 2018 河东区 work plan (shared/reference), used as realistic body text.
PLAN = (
    "要把公开透明作为政府工作的基本要求，坚持以公开为常态、不公开为例外，健全落实重大决策预公开制度。",
    "严格执行政府信息公开保密审查制度，坚持“谁公开谁审查，谁审查谁负责”“先审查后公开”“一事一审”的原则。",
    "进一步落实和完善政府信息公开属性源头认定机制，拟制公文时，要明确主动公开、依申请公开、不予公开等属性，"
    "随公文一并报批，拟不公开的，要依法依规说明理由。",
    "推进社会救助领域信息公开。公布城乡最低生活保障、特困人员救助供养、医疗救助、临时救助等社会救助政策、"
    "保障标准、办理流程，增强公开的针对性和有效性。",
    "推动主动公开目录体系建设，各镇街、经开区、各部门单位要全面启动主动公开目录编制工作。",
    "要依法保护好个人隐私，除惩戒公示、强制性信息披露外，对涉及个人隐私的政府信息，应当进行去标识化处理。",
    "积极借助行风热线、12345政务服务热线等渠道，精心设置议题，畅通公众反映诉求的渠道。",
    "整合12369环保热线、信访举报等环境投诉渠道，持续解决人民群众身边的环境污染问题。",
    "各级各部门要高度重视政务公开工作，健全完善政务公开领导体制和工作机制。",
    "加强实体政务大厅建设管理，推动线下线上融合，群众和企业必须到现场办理的事项力争“只进一扇门”“最多跑一次”。",
)
# Prose about secrecy that must not be read as a secrecy marking.
SECRECY_PROSE = (
    "严禁在非涉密计算机上处理涉密信息，属于国家秘密的事项按照密级管理规定办理，不得公开。",
    "各单位要落实保密审查责任，涉及国家秘密、商业秘密和个人隐私的内容不得公开。",
)


@dataclass(frozen=True)
class Attr:
    """Where and how the marking goes; ``position`` None means the document carries no marking."""

    position: str | None = None
    text: str = ""
    value: str = ""

    @property
    def mark(self) -> Mark:
        return Mark(self.text, self.value)


def red_line(b: DocxBuilder) -> None:
    """The red separator line under the 发文字号."""
    paragraph = b.doc.add_paragraph()
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml('<w:pBdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                         '<w:bottom w:val="single" w:sz="18" w:space="1" w:color="E00000"/></w:pBdr>'))


def red_head(b: DocxBuilder, organ: str, number: str, *, copy_no: str = "", secret: str = "",
             extra_head: tuple[Piece, ...] = ()) -> None:
    """份号 and 密级 (when given), the red 发文机关标志, the 发文字号 and the red line."""
    head: list[Piece] = []
    if copy_no:
        head += [Decoy(copy_no), "  "]
    if secret:
        head.append(Secret(secret))
    head.extend(extra_head)
    if head:
        b.para(*head, size=16)
    b.para(f"{organ}文件", align="center", size=30, color=RED, font=TITLE_FONT, bold=True)
    b.para(Decoy(number), align="center")
    red_line(b)


def title(b: DocxBuilder, text: str) -> None:
    """The title, centred in the title font."""
    b.para(text, align="center", size=22, font=TITLE_FONT)


def addressee(b: DocxBuilder, text: str) -> None:
    """The 主送机关 line."""
    b.para(text)


def body(b: DocxBuilder, *pieces: Piece) -> object:
    """A body paragraph, first-line indented."""
    return b.para(*pieces, indent=True, align="justify")


def attachments(b: DocxBuilder, *names: str) -> None:
    """The 附件 list after the body."""
    for i, name in enumerate(names, 1):
        label = "附件：" if i == 1 else "　　　"
        b.para(f"{label}{i}．{name}" if len(names) > 1 else f"附件：{name}", indent=True)


def close(b: DocxBuilder, organ: str, date: str, attr: Attr = Attr(), *, banji: tuple[str, str] | None = None,
          note_extra: tuple[Piece, ...] = ()) -> None:
    """署名, 成文日期, 附注 and 版记, with the marking where ``attr`` says."""
    pos = attr.position
    b.blank()
    b.para(organ, *([attr.mark] if pos == "sign" else []), align="right")
    b.para(Decoy(date), *([attr.mark] if pos == "date" else []), align="right")
    if pos == "note":
        b.para(attr.mark, indent=True)
    if note_extra:
        b.para(*note_extra, indent=True)
    if pos == "body":
        b.para("本文件公开属性说明：", attr.mark, indent=True)
    if banji is not None or pos == "banji":
        cc, printer = banji or ("区委办公室，区人大常委会办公室，区政协办公室。", organ)
        rows: list[list[object]] = [["抄送：" + cc]]
        if pos == "banji":
            rows.append([(attr.mark,)])
        rows.append([(f"{printer}", "　　　　", Decoy(date), "印发")])
        b.blank()
        b.table(rows, size=14, bold_header=False)
    if pos in ("header", "footer"):
        b.header(attr.mark, footer=pos == "footer")
    if pos == "textbox":
        anchor = b.para("")
        b.textbox(anchor, (attr.mark,))


# Marking forms cycled through the recipes (detection-rules.md, 公开属性 markings).
ACTIVE = (
    Attr("note", "（此件公开发布）", "主动公开"),
    Attr("date", "（此件公开发布）", "主动公开"),
    Attr("sign", "（此件主动公开）", "主动公开"),
    Attr("banji", "公开属性：主动公开", "主动公开"),
    Attr("footer", "公开方式：主动公开", "主动公开"),
    Attr("note", "(此件公开发布)", "主动公开"),
    Attr("note", "（ 此件 主动公开 ）", "主动公开"),
    Attr("banji", "公开属性 : 主动公开", "主动公开"),
    Attr("textbox", "（此件公开发布）", "主动公开"),
    Attr("header", "信息公开选项：主动公开", "主动公开"),
)
ON_REQUEST = (
    Attr("note", "（此件依申请公开）", "依申请公开"),
    Attr("date", "(此件可依申请公开)", "依申请公开"),
    Attr("banji", "公开方式:依申请公开", "依申请公开"),
    Attr("footer", "信息公开选项：依申请公开", "依申请公开"),
)
WITHHELD = (
    Attr("note", "（此件不予公开）", "不予公开"),
    Attr("sign", "（此件不公开）", "不予公开"),
    Attr("banji", "公开属性：不公开", "不予公开"),
    Attr("note", "公开属性：不予公开", "不予公开"),
)
NONE = Attr()
