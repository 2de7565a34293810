"""Case documents: 行政处罚决定书, 信访 and 举报 replies, 批复 — parties named with labels and contact details."""

from __future__ import annotations

from .content_common import ACTIVE, NONE, ON_REQUEST, PLAN, WITHHELD, Attr, addressee, body, close, red_head, title
from .docx_features import DocxBuilder
from .segments import Decoy, pd
from .synth import Synth, fullwidth, id_style, mobile_style


def penalty_company(s: Synth, b: DocxBuilder, attr: Attr = ACTIVE[2]) -> None:
    """A penalty decision against a company: the 法定代表人 is personal data, the company's codes are not."""
    red_head(b, "临沂市河东区市场监督管理局", "临东市监罚〔2026〕21号")
    title(b, "行政处罚决定书")
    b.para("当事人：", Decoy("临沂市河东区鑫源商贸有限公司"))
    b.para("统一社会信用代码：", Decoy("91371312MA3C8K2X4B"))
    b.para("法定代表人：", pd("person_name", s.name(compound=True)))
    b.para("单位地址：", Decoy("临沂市河东区工业大道16号"))
    b.para("联系电话：", pd("mobile", s.mobile()))
    body(b, "2026年1月15日，本局执法人员对当事人经营场所进行检查，发现当事人销售的预包装食品超过保质期。"
            "上述事实有现场笔录、询问笔录等证据为证。")
    body(b, "当事人的行为违反了《中华人民共和国食品安全法》第三十四条第（十）项的规定。依据该法第一百二十四条，"
            "本局决定：没收违法所得", Decoy("1,280.00元"), "，并处罚款人民币", Decoy("50000元"), "（伍万元整）。")
    body(b, "当事人应当自收到本决定书之日起十五日内，到代收银行缴纳罚款。"
            "逾期不缴纳的，每日按罚款数额的百分之三加处罚款。")
    body(b, "如不服本决定，可在收到本决定书之日起六十日内向临沂市河东区人民政府申请行政复议，"
            "或者在六个月内依法向临沂市河东区人民法院提起行政诉讼。")
    close(b, "临沂市河东区市场监督管理局", "2026年2月3日", attr)


def penalty_person(s: Synth, b: DocxBuilder, attr: Attr = NONE, plate: str = "鲁Q·8A629",
                   organ: str = "临沂市河东区交通运输局") -> None:
    """A penalty decision against a person: name, ID, address, phone and vehicle plate."""
    red_head(b, organ, "临东交罚〔2026〕8号")
    title(b, "行政处罚决定书")
    b.para("当事人：", pd("person_name", s.name()), "，性别：男，出生日期：", Decoy("1979年4月3日"))
    b.para("身份证号：", pd("id_card", s.id_card()))
    b.para("住址：", pd("address", s.village_address("临沂市河东区")))
    b.para("联系电话：", pd("mobile", mobile_style(s.mobile(), "hyphen")))
    b.para("车辆号牌：", pd("license_plate", plate))
    body(b, "2026年1月20日，当事人驾驶车牌号为", pd("license_plate", "鲁QD12345"), "的小型新能源汽车从事网约车经营，"
            "未取得网络预约出租汽车运输证。")
    body(b, "依据《网络预约出租汽车经营服务管理暂行办法》第三十四条，本机关决定给予当事人罚款", Decoy("10000元"),
         "的行政处罚。")
    body(b, "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议。监督电话：", Decoy("12345"), "。")
    close(b, organ, "2026年2月6日", attr)


def petition_reply(s: Synth, b: DocxBuilder, attr: Attr = WITHHELD[0]) -> None:
    """A 信访 reply: the complainant's contact details in prose, e-mail and a full-width phone."""
    red_head(b, "临沂市河东区生态环境分局", "临东环信复〔2026〕6号")
    title(b, "信访事项处理意见书")
    b.para("投诉人：", pd("person_name", s.name()))
    body(b, "你于2026年1月8日通过", Decoy("12369"), "环保热线反映的九曲街道某企业夜间噪声扰民问题收悉。现答复如下：")
    body(b, "经调查，该企业已于1月12日停止夜间生产，并加装隔声设施。我局将持续跟踪监管。")
    body(b, "你留下的联系电话：", pd("mobile", fullwidth(s.mobile())),
         "，电子邮箱：", pd("email", "zhao.lihua1986@163.com"), "。")
    body(b, "家庭住址：", pd("address", s.street_address()), "。")
    body(b, "如对本处理意见不服，可自收到本意见书之日起30日内向临沂市河东区人民政府信访局请求复查。"
            "邮政编码：", Decoy("276034"), "。")
    close(b, "临沂市河东区生态环境分局", "2026年2月10日", attr)


def report_reply(s: Synth, b: DocxBuilder, attr: Attr = ON_REQUEST[1]) -> None:
    """A 举报 reply to a foreign national: ·-joined name, passport, +86 phone, landline with extension."""
    red_head(b, "临沂市河东区公安分局", "临东公复〔2026〕2号")
    title(b, "关于举报事项的答复")
    body(b, "举报人：", pd("person_name", "阿依古丽·买买提"), "，护照号：", pd("passport", "E12345678"),
         "，联系电话：", pd("mobile", "+86 " + s.mobile()), "。")
    body(b, "你反映的问题，我局已转交相关部门依法处理。另据核实，同行人员持护照", pd("passport", "EA1234567"),
         "入境，旧版护照号码为", pd("passport", "G12345678"), "。")
    body(b, "联系人：", pd("person_name", s.name()), "，电话：", pd("landline", "0539-8765432"), "转801。")
    body(b, "本答复仅送举报人本人。产品型号", Decoy("AB1234567"), "不属于本案范围。")
    close(b, "临沂市河东区公安分局", "2026年2月12日", attr)


def approval(s: Synth, b: DocxBuilder, attr: Attr = ACTIVE[4]) -> None:
    """A 批复 to an applicant who is a private person."""
    red_head(b, "临沂市河东区人民政府", "临东政字〔2026〕17号")
    title(b, "临沂市河东区人民政府关于同意设立河东区颐养护理院的批复")
    addressee(b, "区民政局：")
    body(b, "你局《关于设立河东区颐养护理院的请示》（临东民字〔2026〕5号）收悉。经研究，批复如下：")
    body(b, "一、同意举办河东区颐养护理院，床位", Decoy("120"), "张。举办人：", pd("person_name", s.name()),
         "，身份证号：", pd("id_card", id_style(s.id_card(), "hyphen")), "。")
    body(b, "申请人：", pd("person_name", s.name()), "，居住地：",
         pd("address", s.estate_address("临沂市河东区")), "。")
    body(b, "二、护理院地址：", Decoy("临沂市河东区温泉路100号"), "，请严格按照养老机构管理有关规定开展服务。")
    body(b, PLAN[0])
    close(b, "临沂市河东区人民政府", "2026年2月14日", attr)


def penalty_hidden_party(s: Synth, b: DocxBuilder) -> None:
    """A 处罚 decision with a masked party: nothing personal is left, only masked values."""
    red_head(b, "临沂市河东区城市管理局", "临东城管罚〔2026〕3号")
    title(b, "行政处罚决定书（公开版）")
    b.para("当事人：", Decoy("张*"), "，身份证号：", Decoy("510902********8198"), "，联系电话：", Decoy("138****5678"))
    body(b, "当事人未经批准擅自在", Decoy("河东区东兴路"), "占道经营，违反了《城市市容和环境卫生管理条例》第十七条。"
            "本机关决定给予警告，并处罚款", Decoy("200元"), "。")
    body(b, "统一社会信用代码", Decoy("113713020041893721"), "的单位为本案协助调查单位。")
    body(b, "经核查，举报材料所列身份证号码", Decoy(s.bad_id()), "校验位错误，银行卡号", Decoy(s.bad_card(16)),
         "无效，交易流水号", Decoy("2026030113812345678001"), "无法对应，均不予采信。")
    close(b, "临沂市河东区城市管理局", "2026年2月18日", Attr("date", "（此件公开发布）", "主动公开"))


def permit_form(s: Synth, b: DocxBuilder, attr: Attr = ON_REQUEST[0]) -> None:
    """A 许可 decision whose applicant is a form laid out as a table: each label in the cell left of its value, no
    colon, the first row holding values too; 委托代理人 stands in the column the first row heads with 申请人."""
    red_head(b, "临沂市河东区行政审批服务局", "临东审批许〔2026〕12号")
    title(b, "准予行政许可决定书")
    b.table([
        ["申请人", pd("person_name", s.name()), "性别", "女"],
        ["身份证号", pd("id_card", s.id_card()), "联系电话", pd("mobile", s.mobile())],
        ["住址", pd("address", s.village_address("临沂市河东区")), None, None],
        ["委托代理人", pd("person_name", s.name()), "代理人电话", pd("mobile", s.mobile())],
        ["许可事项", "食品经营许可（新办）", None, None],
    ], merges=((2, 1, 2, 3), (4, 1, 4, 3)), widths=(30, 55, 30, 40), bold_header=False)
    body(b, "你于2026年2月9日提出的食品经营许可申请，经审查，符合《中华人民共和国食品安全法》第三十五条规定的条件，"
            "本机关决定准予行政许可。许可证编号：", Decoy("JY13713020026512"), "。")
    body(b, "如不服本决定，可以在收到本决定书之日起六十日内申请行政复议。")
    close(b, "临沂市河东区行政审批服务局", "2026年2月16日", attr)


def second_marking_in_prose(s: Synth, b: DocxBuilder) -> None:
    """A 通知 that talks about 主动公开 only in prose: no marking at all."""
    red_head(b, "临沂市河东区人民政府办公室", "临东政办字〔2026〕9号")
    title(b, "关于做好2026年政府信息主动公开基本目录编制工作的通知")
    addressee(b, "各镇人民政府、街道办事处，区政府各部门：")
    body(b, PLAN[4], "各单位要区分主动公开、依申请公开和不予公开三类信息，依申请公开工作按照条例规定办理。")
    body(b, PLAN[2])
    body(b, "联系人：", pd("person_name", s.name()), "，联系电话：", pd("landline", "（0539）8312345"), "。")
    close(b, "临沂市河东区人民政府办公室", "2026年2月20日", NONE)


CASES = (
    ("xingzheng_chufa_qiye.docx", penalty_company),
    ("xingzheng_chufa_geren.docx", penalty_person),
    ("xinfang_chuli_yijian.docx", petition_reply),
    ("jubao_dafu_waiji.docx", report_reply),
    ("pifu_yanghuyuan.docx", approval),
    ("chufa_gongkai_ban.docx", penalty_hidden_party),
    ("tongzhi_mulu_bianzhi.docx", second_marking_in_prose),
    ("xuke_biaoge_shenqingren.docx", permit_form),
)
