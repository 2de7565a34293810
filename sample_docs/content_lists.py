"""公示 documents: subsidy and relief lists with 姓名 / 身份证号 / 住址 / 联系电话 / 银行卡号 columns."""

from __future__ import annotations

from dataclasses import dataclass

from .content_common import ACTIVE, NONE, ON_REQUEST, PLAN, WITHHELD, Attr, addressee, body, close, red_head, title
from .docx_features import DocxBuilder
from .segments import Decoy, Mark, Piece, pd
from .synth import Synth, card_style, id_style, mobile_style


@dataclass(frozen=True)
class ListSpec:
    """One 公示: who publishes it, its columns and how its numbers are written."""

    organ: str
    number: str
    title: str
    purpose: str
    columns: tuple[str, ...]
    rows: int
    attr: Attr
    date: str
    id_styles: tuple[str, ...] = ("plain",)
    mobile_styles: tuple[str, ...] = ("plain",)
    card_styles: tuple[str, ...] = ("plain",)
    masked_row: bool = False
    compound: bool = False
    size: float = 8


def _cell(s: Synth, spec: ListSpec, column: str, r: int) -> tuple[Piece, ...]:
    if column == "序号":
        return (str(r + 1),)
    if column in ("姓名", "户主姓名", "申请人", "户主"):
        return (pd("person_name", s.name(compound=spec.compound and r % 3 == 1)),)
    if column in ("身份证号", "身份证号码", "公民身份号码"):
        style = spec.id_styles[r % len(spec.id_styles)]
        number = s.id_card15() if style == "15" else s.id_card("X" if style == "lower" else None)
        return (pd("id_card", id_style(number, style)),)
    if column in ("住址", "家庭住址", "现住址"):
        make = (s.village_address, s.street_address, s.estate_address)[r % 3]
        return (pd("address", make("河东区")),)
    if column in ("联系电话", "手机号码"):
        if r % 5 == 4:
            return (pd("landline", s.landline()),)
        return (pd("mobile", mobile_style(s.mobile(), spec.mobile_styles[r % len(spec.mobile_styles)])),)
    if column in ("银行卡号", "社保卡银行账号"):
        style = spec.card_styles[r % len(spec.card_styles)]
        return (pd("bank_card", card_style(s.bank_card(16 if style != "plain" else 19), style)),)
    if column in ("补贴金额（元）", "月保障金（元）", "救助金额（元）"):
        return (Decoy(s.amount()),)
    if column == "保障人数":
        return (str(s.rng.randint(1, 5)),)
    if column == "所在村（社区）":
        return (Decoy(s.pick(("沂河村", "前湖村", "东王庄村", "凤凰城社区"))),)
    return ("",)


def _masked(spec: ListSpec, r: int) -> list[tuple[Piece, ...]]:
    masked = {"姓名": "张*", "户主姓名": "李**", "申请人": "王*", "户主": "刘*", "身份证号": "510902********8198",
              "身份证号码": "371312********2213", "公民身份号码": "371302********091X", "联系电话": "138****5678",
              "手机号码": "139****0021", "住址": "河东区九曲街道", "家庭住址": "河东区汤河镇",
              "现住址": "河东区相公街道", "银行卡号": "6222 **** **** 1234", "社保卡银行账号": "6217********5678"}
    return [(str(r + 1),) if c == "序号" else (Decoy(masked[c]),) if c in masked else ("—",) for c in spec.columns]


def _widths(spec: ListSpec) -> tuple[float, ...]:
    """Column widths in mm that keep every ID, phone and address on one line, scaled to the 156 mm text block."""
    wide_id = "fw" in spec.id_styles
    weights = {"序号": 8, "保障人数": 10, "所在村（社区）": 20}
    out = []
    for column in spec.columns:
        if "身份" in column:
            out.append(58 if wide_id else 36)
        elif "址" in column:
            out.append(60)
        elif "电话" in column or "手机" in column:
            out.append(36 if "fw" in spec.mobile_styles else 32)
        elif "卡" in column or "账号" in column:
            out.append(38)
        elif "元" in column:
            out.append(18)
        else:
            out.append(weights.get(column, 14))
    scale = min(1.0, 160 / sum(out))
    return tuple(round(w * scale, 1) for w in out)


def build_list(s: Synth, b: DocxBuilder, spec: ListSpec) -> None:
    """A 公示 with its table of recipients."""
    red_head(b, spec.organ, spec.number)
    title(b, spec.title)
    addressee(b, "各镇人民政府、街道办事处，区直有关部门：")
    body(b, spec.purpose)
    body(b, PLAN[3])
    rows: list[list[object]] = [list(spec.columns)]
    for r in range(spec.rows):
        if spec.masked_row and r == spec.rows - 1:
            rows.append(list(_masked(spec, r)))
        else:
            rows.append([_cell(s, spec, c, r) for c in spec.columns])
    b.table(rows, size=spec.size, widths=_widths(spec))
    office = s.landline()
    body(b, "公示期为7个工作日。如有异议，请于公示期内向区民政局社会救助科反映，联系电话：",
         pd("landline", office), "，或拨打政务服务热线", Decoy("12345"), "。")
    body(b, "办公地址：", Decoy("临沂市河东区人民大街88号"), "，邮政编码：", Decoy("276034"), "。")
    close(b, spec.organ.replace("人民政府办公室", "民政局"), spec.date, spec.attr)


LISTS = (
    ListSpec("临沂市河东区民政局", "临东民发〔2026〕3号", "关于2026年第一季度城乡最低生活保障对象的公示",
             "根据《山东省最低生活保障办法》，经个人申请、镇街审核、区民政局审批，现将新增低保对象公示如下：",
             ("序号", "户主姓名", "身份证号", "家庭住址", "保障人数", "月保障金（元）"), 6, ACTIVE[0], "2026年3月2日",
             id_styles=("plain", "lower", "plain", "15", "space", "plain"), masked_row=True),
    ListSpec("临沂市河东区民政局", "临东民发〔2026〕7号", "关于临时救助对象的公示",
             "现将2026年2月临时救助审批结果公示如下，接受社会监督：",
             ("序号", "姓名", "身份证号码", "现住址", "联系电话", "救助金额（元）"), 5, ACTIVE[1], "2026年3月5日",
             id_styles=("plain", "hyphen"), mobile_styles=("plain", "hyphen", "+86", "space")),
    ListSpec("临沂市河东区农业农村局", "临东农发〔2026〕11号", "关于2026年耕地地力保护补贴发放对象的公示",
             "按照省市有关文件要求，现将我区2026年耕地地力保护补贴发放对象及补贴面积公示如下：",
             ("序号", "户主", "公民身份号码", "所在村（社区）", "社保卡银行账号", "补贴金额（元）"), 6, ACTIVE[3],
             "2026年3月9日", id_styles=("plain", "fw", "plain"), card_styles=("plain", "space", "hyphen"),
             masked_row=True),
    ListSpec("临沂市河东区民政局", "临东民发〔2026〕9号", "关于80周岁以上老年人高龄津贴发放名单的公示",
             "根据高龄津贴制度有关规定，现将新增享受高龄津贴人员名单公示如下：",
             ("序号", "姓名", "身份证号", "住址", "联系电话"), 6, ACTIVE[5], "2026年3月10日",
             id_styles=("15", "plain", "lower"), mobile_styles=("+86 ", "plain", "fw"), compound=True),
    ListSpec("临沂市河东区残疾人联合会", "临东残联发〔2026〕2号", "关于困难残疾人生活补贴和重度残疾人护理补贴的公示",
             "经审核，下列人员符合残疾人两项补贴发放条件，现予公示：",
             ("序号", "申请人", "身份证号", "家庭住址", "手机号码", "银行卡号"), 5, ON_REQUEST[0], "2026年3月12日",
             mobile_styles=("0086 ", "plain", "hyphen"), card_styles=("space", "plain"), masked_row=True),
    ListSpec("临沂市河东区人力资源和社会保障局", "临东人社发〔2026〕15号", "关于城乡公益性岗位拟聘用人员的公示",
             "根据公益性岗位开发管理办法，经报名、资格审查，现将拟聘用人员公示如下：",
             ("序号", "姓名", "身份证号", "住址", "联系电话"), 5, ACTIVE[7], "2026年3月16日",
             id_styles=("plain", "space"), mobile_styles=("plain", "86-", "space")),
    ListSpec("临沂市河东区住房和城乡建设局", "临东建发〔2026〕4号", "关于农村危房改造对象的公示",
             "经农户申请、村级评议、镇街审核，现将2026年度农村危房改造对象公示如下：",
             ("序号", "户主姓名", "身份证号码", "家庭住址", "联系电话", "补贴金额（元）"), 4, NONE, "2026年3月18日"),
    ListSpec("临沂市河东区民政局", "临东民发〔2026〕13号", "关于特困人员救助供养对象的公示",
             "现将新认定的特困人员救助供养对象公示如下：",
             ("序号", "姓名", "身份证号", "现住址", "月保障金（元）"), 5, WITHHELD[2], "2026年3月20日",
             id_styles=("lower", "plain"), compound=True),
)


def conflict_list(s: Synth, b: DocxBuilder) -> None:
    """A 公示 whose 附注 and 版记 disagree: the office must see a conflict."""
    spec = ListSpec("临沂市河东区退役军人事务局", "临东退役军人发〔2026〕5号",
                    "关于2026年度优抚对象定期抚恤补助发放的公示",
                    "现将2026年度优抚对象定期抚恤补助发放名单公示如下：",
                    ("序号", "姓名", "身份证号", "住址", "联系电话"), 4, ACTIVE[0], "2026年3月23日")
    build_list(s, b, spec)
    b.blank()
    b.table([["抄送：区委办公室，区人大常委会办公室。"], [(Mark("公开属性：不予公开", "不予公开"),)],
             [("临沂市河东区退役军人事务局办公室　　", Decoy("2026年3月23日"), "印发")]], size=14, bold_header=False)
