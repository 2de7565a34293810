"""Documents that exercise one Word structure each: notes, comments, text boxes, revisions, hidden text, fields,
split runs, nested and merged tables, multi-section headers and footers, document properties."""

from __future__ import annotations

from .content_common import ACTIVE, NONE, ON_REQUEST, PLAN, WITHHELD, addressee, body, close, red_head, title
from .docx_features import DocxBuilder
from .segments import Decoy, Mark, Secret, Styled, pd
from .synth import Synth, card_style, id_style, mobile_style


def _opening(b: DocxBuilder, number: str, topic: str) -> None:
    red_head(b, "临沂市河东区人民政府办公室", number)
    title(b, topic)
    addressee(b, "各镇人民政府、街道办事处，区政府各部门：")


def notes(s: Synth, b: DocxBuilder) -> None:
    """Footnotes and an endnote holding contact data; a marking inside a footnote does not count."""
    _opening(b, "临东政办字〔2026〕31号", "关于报送2025年政府信息公开工作年度报告的通知")
    p1 = body(b, "各单位应于2026年1月31日前报送年度报告。")
    b.footnote(p1, "报送联系人：", pd("person_name", s.name()), "，手机：", pd("mobile", s.mobile()), "。")
    p2 = body(b, PLAN[0])
    b.footnote(p2, "本注释不是公开属性标注：", Mark("（此件不予公开）", "不予公开"))
    p3 = body(b, PLAN[2])
    b.footnote(p3, "电子版发送至", pd("email", "hdzfb_gk@126.com"), "。", endnote=True)
    close(b, "临沂市河东区人民政府办公室", "2026年1月6日", ACTIVE[0])


def comments(s: Synth, b: DocxBuilder) -> None:
    """Review comments that quote personal data and a contrary marking (comments never carry the attribute)."""
    _opening(b, "临东政办字〔2026〕32号", "关于调整部分社会救助对象保障标准的通知")
    p1 = body(b, "经区政府研究，决定自2026年4月1日起调整部分社会救助对象保障标准。")
    b.comment(p1, "请核实申请人：", pd("person_name", s.name()), "，身份证号：", pd("id_card", s.id_card()), "。")
    p2 = body(b, PLAN[3])
    b.comment(p2, "建议改为", Mark("公开属性：不予公开", "不予公开"), "，联系", pd("mobile", s.mobile()))
    close(b, "临沂市河东区人民政府办公室", "2026年3月17日", ACTIVE[3])


def textboxes(s: Synth, b: DocxBuilder) -> None:
    """Text boxes holding a contact card and the marking (Word writes each twice: DrawingML and VML)."""
    _opening(b, "临东政办字〔2026〕33号", "关于设立政务公开专区的通知")
    p1 = body(b, PLAN[9])
    b.textbox(p1, ("专区联系人：",), ("联系人：", pd("person_name", s.name())),
              ("电话：", pd("mobile", mobile_style(s.mobile(), "hyphen"))))
    body(b, PLAN[4])
    close(b, "临沂市河东区人民政府办公室", "2026年3月19日", ACTIVE[8])


def revisions(s: Synth, b: DocxBuilder) -> None:
    """Tracked changes: deleted personal data stays in the file; a deleted marking does not count."""
    _opening(b, "临东政办字〔2026〕34号", "关于公布区级行政许可事项清单的通知")
    p1 = body(b, "现将区级行政许可事项清单予以公布。承办人")
    b.tracked(p1, "：", pd("person_name", s.name()), "，身份证号：", pd("id_card", s.id_card()))
    b.tracked(p1, "，联系电话：", pd("mobile", s.mobile()), deleted=False)
    p2 = body(b, "各单位要严格执行。")
    b.tracked(p2, Mark("（此件不予公开）", "不予公开"), "家庭住址：", pd("address", s.village_address()))
    body(b, PLAN[9])
    close(b, "临沂市河东区人民政府办公室", "2026年3月20日", ACTIVE[2])


def hidden(s: Synth, b: DocxBuilder) -> None:
    """Hidden (w:vanish) text in the body and in a table cell: reported where its container is."""
    _opening(b, "临东政办字〔2026〕35号", "关于做好困难群众春节慰问工作的通知")
    body(b, PLAN[3])
    b.para("备注：", pd("person_name", s.name()), "，身份证号：", pd("id_card", id_style(s.id_card(), "space")),
           hidden=True)
    b.table([["序号", "姓名", "联系电话"],
             ["1", (pd("person_name", s.name()),), (pd("mobile", s.mobile()), Styled("（备用）", hidden=True))],
             ["2", (pd("person_name", s.name()),), None]], widths=(20, 60, 76))
    b.para("（隐藏）", pd("mobile", s.mobile()), hidden=True, target=b.doc.tables[-1].cell(2, 2), where="table",
           size=12)
    close(b, "临沂市河东区人民政府办公室", "2026年1月22日", ON_REQUEST[0])


def fields(s: Synth, b: DocxBuilder) -> None:
    """Complex fields (mail merge results) whose displayed text is personal data."""
    _opening(b, "临东民字〔2026〕36号", "关于领取临时救助金的告知书")
    p1 = b.para("申请人：")
    b.field(p1, "MERGEFIELD 申请人姓名 \\* MERGEFORMAT", pd("person_name", s.name()))
    p2 = b.para("联系电话：")
    b.field(p2, "MERGEFIELD 联系电话", pd("mobile", s.mobile()))
    p3 = b.para("银行卡号：")
    b.field(p3, "MERGEFIELD 卡号", pd("bank_card", card_style(s.bank_card(16), "space")))
    body(b, "请于2026年4月30日前持本人身份证到户籍所在地镇（街道）民政办领取。")
    close(b, "临沂市河东区民政局", "2026年3月24日", ACTIVE[5])


def many_runs(s: Synth, b: DocxBuilder) -> None:
    """Every text cut into runs of one to four characters; names split inside (surname | given name)."""
    _opening(b, "临东政办字〔2026〕37号", "关于公布2026年第一批就业见习人员名单的通知")
    body(b, "现将见习人员名单公布如下。见习人员：", pd("person_name", "欧阳", "晓", "东"), "，身份证号：",
         pd("id_card", *(lambda n: (n[:5], n[5:11], n[11:]))(s.id_card())), "，手机：",
         pd("mobile", *(lambda m: (m[:3], m[3:7], m[7:]))(s.mobile())), "。")
    body(b, "见习补贴收款人：", pd("person_name", "诸葛", "振华"), "，银行卡号：",
         pd("bank_card", *(lambda c: (c[:8], c[8:]))(s.bank_card(19))), "，住址：",
         pd("address", "河东区", "汤河镇", "前湖村", "5组", "18号"), "。")
    body(b, PLAN[9])
    close(b, "临沂市河东区人民政府办公室", "2026年3月25日", ACTIVE[6])


def nested_tables(s: Synth, b: DocxBuilder) -> None:
    """A household table with a vertically merged 户主 cell and a nested family-member table."""
    _opening(b, "临东民字〔2026〕38号", "关于2026年低保家庭复核情况的通报")
    body(b, "现将部分低保家庭复核情况通报如下：")

    def family(builder: DocxBuilder, cell: object) -> None:
        builder.table([["姓名", "身份证号", "关系"],
                       [(pd("person_name", s.name()),), (pd("id_card", s.id_card()),), "配偶"],
                       [(pd("person_name", s.name()),), (pd("id_card", id_style(s.id_card("X"), "lower")),), "子女"]],
                      target=cell, size=9)

    rows: list[list[object]] = [
        ["户主姓名", "家庭住址", "家庭成员情况"],
        [(pd("person_name", s.name()),), (pd("address", s.village_address()),), family],
        [None, "复核结果：继续保障", None],
    ]
    b.table(rows, merges=((1, 0, 2, 0), (1, 2, 2, 2)), size=10, widths=(26, 56, 74))
    body(b, "户主联系电话：", pd("mobile", s.mobile()), "。")
    close(b, "临沂市河东区民政局", "2026年3月26日", WITHHELD[0])


def sections(s: Synth, b: DocxBuilder) -> None:
    """Three sections with first-page, even-page and default headers and footers."""
    b.para(Decoy("000215"))
    b.para("临沂市河东区人民政府办公室文件", align="center", size=26, bold=True)
    b.para(Decoy("临东政办发〔2026〕39号"), align="center")
    title(b, "关于印发《河东区政务公开工作考核办法》的通知")
    b.header(Secret("机密★"), kind="first", align="left")
    b.header("河东区政务公开工作考核办法（值班电话：", pd("landline", s.landline()), "）")
    b.header("考核联络员：", pd("person_name", s.name()), "，", pd("mobile", s.mobile()), kind="even")
    b.footer(Mark("公开属性：主动公开", "主动公开"), kind="even")
    b.footer(Mark("公开属性：主动公开", "主动公开"))
    for _ in range(3):
        body(b, PLAN[s.rng.randint(0, 9)])
    b.new_section()
    b.header("附件1 考核细则　联系邮箱：", pd("email", "kaohe2026@hedong.gov.cn"), section=1)
    b.footer("第二节页脚　车辆：", pd("license_plate", "鲁Q1234学"), section=1)
    body(b, "附件1", PLAN[8])
    b.new_section()
    b.header("附件2 评分表", section=2, kind="first")
    body(b, "附件2", PLAN[1])
    close(b, "临沂市河东区人民政府办公室", "2026年3月27日", NONE)


def metadata(s: Synth, b: DocxBuilder) -> None:
    """Personal data in the core properties; a marking in the title property does not count."""
    _opening(b, "临东政办字〔2026〕40号", "关于印发政务服务事项清单的通知")
    body(b, PLAN[9])
    b.properties(title="关于印发政务服务事项清单的通知（此件不予公开）", subject="政务服务",
                 keywords=("政务服务;", pd("email", "li_xiaoming@hedong.gov.cn")),
                 comments=("起草人联系人：", pd("person_name", s.name()), "，电话：", pd("mobile", s.mobile())))
    close(b, "临沂市河东区人民政府办公室", "2026年3月30日", ACTIVE[1])


FEATURES = (
    ("tezheng_jiaozhu.docx", notes),
    ("tezheng_pizhu.docx", comments),
    ("tezheng_wenbenkuang.docx", textboxes),
    ("tezheng_xiuding.docx", revisions),
    ("tezheng_yincang.docx", hidden),
    ("tezheng_yu.docx", fields),
    ("tezheng_duo_run.docx", many_runs),
    ("tezheng_qiantao_biaoge.docx", nested_tables),
    ("tezheng_duojie_yemei.docx", sections),
    ("tezheng_yuanshuju.docx", metadata),
)
