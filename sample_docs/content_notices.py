"""通知, 通报 and 会议纪要: names with 同志, contact lines, secrecy markings and prose about 密级."""

from __future__ import annotations

from .content_common import (
    ACTIVE,
    NONE,
    ON_REQUEST,
    PLAN,
    SECRECY_PROSE,
    WITHHELD,
    Attr,
    addressee,
    attachments,
    body,
    close,
    red_head,
    title,
)
from .docx_features import DocxBuilder
from .segments import Decoy, Mark, Secret, pd
from .synth import Synth, mobile_style


def minutes(s: Synth, b: DocxBuilder, attr: Attr = WITHHELD[3], secret: str = "") -> None:
    """A 会议纪要: chair and attendees as "职务+姓名+同志", 全体同志 as a decoy."""
    red_head(b, "临沂市河东区人民政府", "〔2026〕3号", secret=secret, copy_no="000087" if secret else "")
    title(b, "区政府常务会议纪要")
    body(b, "2026年2月24日，副区长", pd("person_name", s.name()), "同志在区政府三楼会议室主持召开区政府常务会议，"
            "研究社会救助和政务公开有关工作。纪要如下：")
    body(b, "一、会议听取了区民政局", Decoy("局长"), pd("person_name", s.name()),
         "同志关于2026年城乡低保提标工作的汇报。")
    body(b, "二、会议同意区财政局", pd("person_name", s.name(compound=True)), "同志提出的资金保障方案。")
    body(b, "三、会议要求", Decoy("全体同志"), "提高认识，", Decoy("各位同志"), "要落实责任，", Decoy("广大同志"),
         "要主动作为。", PLAN[8])
    body(b, "出席：", pd("person_name", s.name()), "同志、", pd("person_name", s.name()), "同志。")
    body(b, "经办人：", pd("person_name", s.name()), "，联系电话：", pd("landline", s.landline()), "。")
    close(b, "临沂市河东区人民政府办公室", "2026年2月25日", attr)


def commendation(s: Synth, b: DocxBuilder, attr: Attr = ACTIVE[1]) -> None:
    """A 通报 praising staff: names glued after organisation names."""
    red_head(b, "临沂市河东区人民政府办公室", "临东政办发〔2026〕12号")
    title(b, "关于表扬2025年度政务公开工作先进个人的通报")
    addressee(b, "各镇人民政府、街道办事处，区政府各部门：")
    body(b, "2025年，全区政务公开工作取得明显成效。经研究，决定对区民政局", pd("person_name", s.name()),
         "同志、区财政局", pd("person_name", s.name()), "同志、九曲街道办事处", pd("person_name", s.name()),
         "同志予以通报表扬。")
    body(b, PLAN[8], PLAN[1])
    body(b, "希望受表扬的同志再接再厉。", Decoy("有关同志"), "要以先进为榜样。")
    attachments(b, "2025年度政务公开工作先进个人名单")
    close(b, "临沂市河东区人民政府办公室", "2026年3月3日", attr)


def contact_notice(s: Synth, b: DocxBuilder, attr: Attr = ACTIVE[3], secret: str = "", copy_no: str = "",
                   prose: bool = True) -> None:
    """A 通知 with a contact line at the end and, optionally, a secrecy marking and prose about secrecy."""
    red_head(b, "临沂市河东区人民政府办公室", "临东政办字〔2026〕15号", secret=secret, copy_no=copy_no)
    title(b, "关于开展2026年政府信息公开保密审查工作的通知")
    addressee(b, "各镇人民政府、街道办事处，区政府各部门：")
    body(b, PLAN[1])
    if prose:
        body(b, SECRECY_PROSE[0])
        body(b, SECRECY_PROSE[1])
    body(b, PLAN[5])
    body(b, "联系人：", pd("person_name", s.name()), "，联系电话：", pd("landline", s.landline()), "；")
    body(b, "手机：", pd("mobile", mobile_style(s.mobile(), "space")), "，电子邮箱：", pd("email", "hdzwgk@163.com"),
         "。")
    body(b, "政务服务热线：", Decoy("12345"), "；全国统一客服电话：", Decoy("400-810-8888"), "。")
    close(b, "临沂市河东区人民政府办公室", "2026年3月4日", attr)


def meeting_notice(s: Synth, b: DocxBuilder, attr: Attr = ON_REQUEST[2]) -> None:
    """A meeting notice: 报名 contact, a 传真 landline, e-mail, and the venue (an organisation address)."""
    red_head(b, "临沂市河东区人民政府办公室", "临东政办字〔2026〕21号")
    title(b, "关于召开全区政务公开工作培训会议的通知")
    addressee(b, "各镇人民政府、街道办事处，区政府各部门：")
    body(b, "经区政府同意，定于2026年3月12日（星期四）上午9:00召开全区政务公开工作培训会议。")
    body(b, "一、会议地点：区政府三楼第一会议室。办理地点：", Decoy("河东区政务服务中心一楼"), "。")
    body(b, "二、参会人员：各单位", Decoy("分管负责同志"), "和政务公开工作人员各1名。")
    body(b, "三、请于3月10日前将参会回执报送区政府办公室。联系人：", pd("person_name", s.name(compound=True)),
         "，电话：", pd("landline", "0539-8312266"), "，传真：", pd("landline", "0539 8312267"), "，邮箱：",
         pd("email", "hdq_zwgk@linyi.gov.cn"), "。")
    body(b, "地址：", Decoy("临沂市河东区人民大街88号"), "，邮编：", Decoy("276034"), "。")
    attachments(b, "参会回执")
    close(b, "临沂市河东区人民政府办公室", "2026年3月6日", attr)


def criticism(s: Synth, b: DocxBuilder) -> None:
    """A 通报批评 with two conflicting markings in body text (附注 says public, body says withheld)."""
    red_head(b, "临沂市河东区人民政府办公室", "临东政办发〔2026〕19号")
    title(b, "关于2025年第四季度政府网站检查情况的通报")
    addressee(b, "各镇人民政府、街道办事处，区政府各部门：")
    body(b, "按照省市有关要求，区政府办公室对全区政府网站进行了检查。区某部门网站未按要求对公示信息去标识化，"
            "公开了群众身份证号等个人信息。对此，", pd("person_name", s.name()), "同志已作出检查。")
    body(b, PLAN[5], PLAN[9])
    body(b, "本通报（", Mark("公开属性：不予公开", "不予公开"), "）仅发至各单位。")
    close(b, "临沂市河东区人民政府办公室", "2026年3月9日", ACTIVE[0])


def secret_notice(s: Synth, b: DocxBuilder, secret: str, copy_no: str = "", attr: Attr = WITHHELD[0]) -> None:
    """A 通知 under a secrecy marking: the marking at the head, nothing personal but a contact."""
    contact_notice(s, b, attr, secret=secret, copy_no=copy_no, prose=False)


def internal_material(s: Synth, b: DocxBuilder) -> None:
    """内部资料 in a head table cell (a common red-head layout) with 份号 in the cell beside it."""
    b.table([[(Decoy("000123"),), (Secret("内部资料 注意保存"),)]], size=14, bold_header=False)
    b.para("临沂市河东区人民政府办公室", align="center", size=26, bold=True)
    b.para("工作情况通报", align="center", size=22)
    b.para(Decoy("第3期"), align="center")
    body(b, "近期，区信访局受理群众来信来访", Decoy("126"), "件次，办结率", Decoy("98.4%"), "。")
    body(b, pd("person_name", s.name()), "，", pd("mobile", s.mobile()), "，反映住房保障问题，已转区住建局办理。")
    body(b, SECRECY_PROSE[1])
    close(b, "临沂市河东区人民政府办公室", "2026年3月11日", NONE)


def plain_notice(s: Synth, b: DocxBuilder, attr: Attr, number: str, topic: str) -> None:
    """A short 通知 with one contact line; used to vary marking forms."""
    red_head(b, "临沂市河东区人民政府办公室", number)
    title(b, f"关于{topic}的通知")
    addressee(b, "各镇人民政府、街道办事处，区政府各部门：")
    body(b, PLAN[s.rng.randint(0, 9)])
    body(b, PLAN[s.rng.randint(0, 9)])
    body(b, "联系人：", pd("person_name", s.name()), "，联系电话：", pd("mobile", s.mobile()), "。")
    close(b, "临沂市河东区人民政府办公室", "2026年3月13日", attr)


NOTICES = (
    ("huiyi_jiyao.docx", minutes),
    ("tongbao_biaoyang.docx", commendation),
    ("tongzhi_baomi_shencha.docx", contact_notice),
    ("tongzhi_peixun_huiyi.docx", meeting_notice),
    ("tongbao_piping_chongtu.docx", criticism),
    ("gongzuo_qingkuang_neibu.docx", internal_material),
    ("tongzhi_mimi_1nian.docx", lambda s, b: secret_notice(s, b, "秘密★1年", "000316")),
    ("tongzhi_jimi_5nian.docx", lambda s, b: secret_notice(s, b, "机密★5年")),
    ("huiyi_jiyao_juemi.docx", lambda s, b: minutes(s, b, WITHHELD[0], secret="绝密★长期")),
    ("tongzhi_zhuyi_baomi.docx", lambda s, b: secret_notice(s, b, "注意保密", attr=ON_REQUEST[3])),
    ("tongzhi_fenghao_mimi.docx", lambda s, b: secret_notice(s, b, "秘密", "000042", attr=WITHHELD[1])),
    ("tongzhi_banjiao_kuohao.docx", lambda s, b: plain_notice(s, b, ACTIVE[5], "临东政办字〔2026〕23号",
                                                               "做好春季森林防火工作")),
    ("tongzhi_kongge.docx", lambda s, b: plain_notice(s, b, ACTIVE[6], "临东政办字〔2026〕24号", "加强安全生产检查")),
    ("tongzhi_yemei.docx", lambda s, b: plain_notice(s, b, ACTIVE[9], "临东政办字〔2026〕25号", "开展爱国卫生运动")),
    ("tongzhi_wenbenkuang.docx", lambda s, b: plain_notice(s, b, ACTIVE[8], "临东政办字〔2026〕26号",
                                                             "做好2026年防汛准备工作")),
    ("tongzhi_wu_biaozhu.docx", lambda s, b: plain_notice(s, b, NONE, "临东政办字〔2026〕27号", "做好节日值班工作")),
)
