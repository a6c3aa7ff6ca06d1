"""Field specs of the editors' files: the one source for validation, the JSON Schema,
the Chinese field guide and the `pufa new` templates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .field_kinds import (AgencyRef, ArticleNumber, Choice, Date, DateRange, Id, Items, Kind, ListOf, Text, Url,
                          split_topics)

# kinds without parameters, shared by every declaration (Choice, Date and Items take theirs)
TEXT = Text()
TEXT_LIST = ListOf(TEXT, "文字列表")
URL = Url()
ID = Id()
AGENCY = Id("机关编号", "moj")
AGENCY_LIST = ListOf(AgencyRef(), "机关编号列表")
TOPIC_LIST = ListOf(TEXT, "专题列表", split=split_topics)
ARTICLES = ListOf(ArticleNumber(), "条文号列表")

STATUS_PUBLISHED = "已发布"
STATUS_COMMENT = "征求意见"
STATUS_DRAFT = "草稿"
LEVELS = ("中央", "省级", "市级", "县级")
CASE_KINDS = ("民事", "刑事", "行政", "行政执法")

PRC = dt.date(1949, 10, 1)
PUBLICATION_DATES = DateRange(PRC, 1)  # published, reviewed, decided, comment period
LAW_DATES = DateRange(PRC, 5)  # a law may be promulgated now and take effect years later
PLAN_DATES = DateRange(PRC, 10)  # five-year legal-education plans and their deadlines
EVENT_DATES = DateRange(PRC, 5)  # calendar events and announced observance periods
DATE = Date(PUBLICATION_DATES)


@dataclass(frozen=True)
class Field:
    """One field of a file: its English name, kind, Chinese label and help, and an example."""

    name: str
    kind: Kind
    label: str
    help: str
    example: object
    required: bool = True

    @property
    def choices(self) -> tuple[str, ...]:
        return self.kind.choices

    @property
    def items(self) -> tuple["Field", ...]:
        return self.kind.fields


RESPONSIBILITY_FIELDS = (
    Field("id", ID, "编号", "本机关内唯一，供年度计划和报告引用。", "r1"),
    Field("title", TEXT, "事项", "要普及的法律或主题。", "宣传普及法律援助法"),
    Field("laws", TEXT_LIST, "涉及法律", "法律全称。", ["中华人民共和国法律援助法"], required=False),
    Field("measures", TEXT, "措施", "怎样普及：渠道、对象、频次。",
          "在公共法律服务中心设咨询窗口，每季度发布一篇申请指引。"),
)

PLAN_FIELDS = (
    Field("id", ID, "编号", "本机关内唯一；解读、案例可以引用它。", "p2026-01"),
    Field("title", TEXT, "计划事项", "要完成的普法工作。", "发布法律援助申请指引"),
    Field("kind", Choice(("解读", "案例", "活动")), "成果类型", "计划产出的内容类型。", "解读"),
    Field("due", Date(PLAN_DATES), "完成期限", "计划完成的日期。", "2026-06-30"),
)

AGENCY_FIELDS = (
    Field("name", TEXT, "机关全称", "机关的正式全称。", "中华人民共和国司法部"),
    Field("short_name", TEXT, "简称", "在导航和列表中显示。", "司法部"),
    Field("level", Choice(LEVELS), "层级", "机关的行政层级。", "中央"),
    Field("parent", AGENCY, "上级机关", "上级或业务指导机关的编号；没有就不写。", "moj", required=False),
    Field("parent_name", TEXT, "上级机关（不在本站）", "上级机关不在本站时写它的全称（此时不写 parent）。",
          "某省司法厅", required=False),
    Field("parent_website", URL, "上级机关网站", "不在本站的上级机关的网站地址；须同时写 parent_name。",
          "https://sft.example.gov.cn/", required=False),
    Field("kind", Choice(("行政机关", "审判机关", "检察机关", "其他")), "机关类别", "行政机关、审判机关等。", "行政机关",
          required=False),
    Field("description", TEXT, "职能简介", "一两句话说明执法职能和普法重点。",
          "负责法律援助、人民调解等工作的指导和监督。"),
    Field("website", URL, "官方网站", "机关官方网站地址。", "https://www.moj.gov.cn/", required=False),
    Field("responsibilities", Items(RESPONSIBILITY_FIELDS), "普法责任清单", "“谁执法谁普法”责任清单的各项内容。",
          None),
    Field("public_numbers", TEXT_LIST, "公开号码", "本机关对外公开的服务电话等号码（如 0571-12345678、13800000000），"
          "解读和案例里可以出现，不当作个人信息。", ["0571-12345678"], required=False),
    Field("plan", Items(PLAN_FIELDS), "年度普法计划", "本年度计划完成的普法事项。", None, required=False),
)

TOPIC_FIELDS = (
    Field("id", ID, "编号", "用于网址，如 food-safety。", "food-safety"),
    Field("name", TEXT, "专题名称", "编辑在 topics 字段里写的名称。", "食品安全"),
    Field("description", TEXT, "说明", "专题页面上显示的一句话说明。", "食品生产经营、网络订餐与赔偿。",
          required=False),
)

_COMMON_HEAD = (
    Field("title", TEXT, "标题", "用群众的话写，最好是一个问题或结论。", "协议离婚为什么要等三十天？"),
    Field("summary", TEXT, "一句话摘要", "显示在列表和搜索结果中，八十字以内。",
          "协议离婚要经过三十日冷静期，期间任何一方都可以撤回申请。"),
)

_COMMON_TAIL = (
    Field("topics", TOPIC_LIST, "专题", "从 content/topics.yml 中选一个或几个，写专题名称。", ["婚姻家庭"]),
    Field("published", DATE, "发布日期", "本文对外发布的日期。", "2026-03-10"),
    Field("co_agencies", AGENCY_LIST, "联合发布机关", "共同发布的其他机关编号。", ["zj-sft"],
          required=False),
    Field("slug", ID, "网址名", "不写则用文件名。", "divorce-cooling-off", required=False),
    Field("plan_item", ID, "对应计划事项", "本文完成的年度普法计划事项编号（见机关档案的 plan）。", "p2026-01",
          required=False),
)

EXPLAINER_FIELDS = _COMMON_HEAD + (
    Field("law", TEXT, "所释法律", "法律的正式全称。", "中华人民共和国民法典"),
    Field("articles", ARTICLES, "条文", "解读涉及的条文号，可写 1077 或“第一千零七十七条”。", [1077],
          required=False),
    Field("law_promulgated", Date(LAW_DATES), "法律公布日期", "现行文本通过或修改公布的日期。", "2020-05-28"),
    Field("law_effective", Date(LAW_DATES), "法律施行日期", "现行文本开始施行的日期。", "2021-01-01"),
    Field("audience", TEXT_LIST, "适用对象", "这篇解读写给谁看。", ["准备协议离婚的夫妻"], required=False),
    Field("rights", TEXT_LIST, "权利", "读者依法享有的权利，每条一句话。",
          ["冷静期内任何一方可以撤回离婚登记申请"], required=False),
    Field("obligations", TEXT_LIST, "义务", "读者应当履行的义务，每条一句话。",
          ["期满后三十日内双方亲自到婚姻登记机关申请发给离婚证"], required=False),
    Field("remedies", TEXT_LIST, "救济途径", "权利受侵害时可以找谁、怎么办。",
          ["协议不成的，可以向人民法院起诉离婚"], required=False),
    Field("status", Choice((STATUS_PUBLISHED, STATUS_COMMENT, STATUS_DRAFT)), "状态",
          "草稿不发布；征求意见稿须写意见征集起止日期。", STATUS_PUBLISHED,
          required=False),
    Field("comment_opens", DATE, "征求意见开始日期", "状态为“征求意见”时必填。", "2026-11-01",
          required=False),
    Field("comment_closes", DATE, "征求意见截止日期", "状态为“征求意见”时必填。", "2026-12-15",
          required=False),
    Field("comment_how", TEXT, "提交意见方式", "邮箱、信函地址或网址。",
          "请将意见发送至 yijian@example.gov.cn", required=False),
    Field("reviewed", DATE, "最近法律审核日期", "法制审核人员最近一次核对本文的日期。", "2026-03-10"),
) + _COMMON_TAIL

LAW_REF_FIELDS = (
    Field("law", TEXT, "法律全称", "案件适用的法律的正式全称。", "中华人民共和国民法典"),
    Field("articles", ARTICLES, "条文", "适用的条文号。", [1077], required=False),
)

CASE_FIELDS = _COMMON_HEAD + (
    Field("court", TEXT, "审理法院或处理机关", "作出裁判或处理决定的法院、机关。", "杭州市西湖区人民法院"),
    Field("case_number", TEXT, "案号或文书号", "裁判文书的案号或行政处罚决定书文号。", "（2023）浙0106民初1234号"),
    Field("decided", DATE, "裁判或处理日期", "作出裁判或决定的日期。", "2023-06-01"),
    Field("kind", Choice(CASE_KINDS), "案件类型", "案件的类型。", "民事"),
    Field("keywords", TEXT_LIST, "关键词", "群众可能搜索的词。", ["离婚冷静期", "撤回申请"]),
    Field("laws", Items(LAW_REF_FIELDS), "适用法律", "案件适用的法律和条文，可写多部。", None),
    Field("origin", TEXT, "案例来源", "如“最高人民法院指导性案例第X号”；自行编写的不写。",
          "最高人民法院发布的典型案例", required=False),
    Field("source", TEXT, "导入来源", "由导入工具写入的原始文件路径，编辑不要修改。", "案例/劳动人事/某案.md",
          required=False),
    Field("status", Choice((STATUS_PUBLISHED, STATUS_DRAFT)), "状态", "草稿不发布。", STATUS_PUBLISHED,
          required=False),
) + _COMMON_TAIL

# an imported case keeps what its source says; these may be missing from the source
IMPORTED_CASE_OPTIONAL = frozenset({"court", "case_number", "decided", "keywords", "laws", "topics", "summary"})

STATUTE_STATUSES = ("现行有效", "已被修改", "已废止", "尚未生效")

HISTORY_FIELDS = (
    Field("date", Date(LAW_DATES), "日期", "通过、修改、公布或施行的日期。", "2020-05-28"),
    Field("event", TEXT, "事项", "如“第十三届全国人民代表大会第三次会议通过”。", "第十三届全国人民代表大会第三次会议通过"),
)

STATUTE_FIELDS = (
    Field("title", TEXT, "法律名称", "法律、法规或司法解释的正式名称。", "中华人民共和国民法典"),
    Field("part", TEXT, "编", "法典分编的名称，如“婚姻家庭编”；不分编的不写。", "婚姻家庭编", required=False),
    Field("short_names", TEXT_LIST, "简称", "引用时常用的简称，用于识别“《民法典》第1077条”这样的引用。", ["民法典"],
          required=False),
    Field("issuer", TEXT, "制定机关", "通过或发布该文本的机关。", "全国人民代表大会", required=False),
    Field("promulgated", Date(LAW_DATES), "公布日期", "现行文本通过或最近一次修改的日期。", "2020-05-28", required=False),
    Field("effective", Date(LAW_DATES), "施行日期", "现行文本开始施行的日期。", "2021-01-01", required=False),
    Field("status", Choice(STATUTE_STATUSES), "效力状态", "不写则按版本先后自动判断。", "现行有效", required=False),
    Field("history", Items(HISTORY_FIELDS), "沿革", "历次通过、修改和施行。", None, required=False),
    Field("category", TEXT, "法律部门", "如“民法商法”“行政法规”“司法解释”。", "民法典", required=False),
    Field("source", TEXT, "导入来源", "由导入工具写入的原始文件路径，编辑不要修改。", "民法典/婚姻家庭编.md",
          required=False),
)

CASE_SECTIONS = ("基本案情", ("裁判结果", "处理结果"), "释法说理", "普法提示")

# Names editors reach for out of habit, mapped to the field they mean.
ALIASES = {
    "tags": "topics", "tag": "topics", "topic": "topics", "date": "published",
    "description": "summary", "case_no": "case_number", "case_num": "case_number",
    "court_name": "court", "article": "articles", "keyword": "keywords",
    "effective": "law_effective", "promulgated": "law_promulgated", "review_date": "reviewed",
}


def required_names(fields: tuple[Field, ...]) -> list[str]:
    return [f.name for f in fields if f.required]
