"""The fields of content/calendar.yml, declared with the field kinds content files use: one
source for its check (calendar.loading), its JSON Schema and its part of the editors' guide."""

from __future__ import annotations

from .. import messages as msg
from ..content.field_kinds import MonthDay, Number, TimeRange
from ..content.fields import AGENCY, AGENCY_LIST, EVENT_DATES, ID, TEXT, TEXT_LIST, Choice, Date, Field, Items
from .events import RULE_FIXED, RULES, WEEKDAYS

PERIOD_FIELDS = (
    Field("start", Date(EVENT_DATES), "开始日期", "当年公布的开始日期。", "2018-12-02"),
    Field("end", Date(EVENT_DATES), "结束日期", "当年公布的结束日期（含当天）。", "2018-12-08"),
)

OBSERVANCE_FIELDS = (
    Field("id", ID, "编号", "本文件内唯一，活动用它关联纪念日。", "constitution-day"),
    Field("name", TEXT, "名称", "纪念日、宣传日、宣传周或宣传月的名称。", "国家宪法日"),
    Field("rule", Choice(RULES), "日期规则", "日期怎样逐年确定。", RULE_FIXED),
    Field("date", MonthDay(), "月-日", "固定日期、所在周和逐年公布（推定所在周）用，写成 12-04。", "12-04",
          required=False),
    Field("month", Number(1, 12, "bad-month", msg.bad_month, 5), "月份", "整月和第几个星期几用，1 到 12。", 5,
          required=False),
    Field("nth", Number(1, 4, "bad-nth", msg.bad_nth, 3), "第几个", "第几个星期几用，1 到 4。", 3, required=False),
    Field("weekday", Choice(WEEKDAYS), "星期几", "第几个星期几用。", "星期日", required=False),
    Field(
        "week_starts",
        Choice(WEEKDAYS),
        "每周从星期几开始",
        "所在周用，不写为星期一。",
        "星期一",
        required=False,
    ),
    Field(
        "periods",
        Items(PERIOD_FIELDS),
        "逐年公布的日期",
        "逐年公布用：每年的起止日期。",
        None,
        required=False,
    ),
    Field("since", Number(1900, 2200, "bad-since", msg.bad_year, 2014, r"19\d\d|2[01]\d\d|2200"), "始于年份",
          "第一次举办的年份；用于计算“第几个”。", 2014, required=False),
    Field(
        "basis",
        TEXT,
        "设立依据",
        "法律条文或决定的名称。",
        "《全国人民代表大会常务委员会关于设立国家宪法日的决定》",
    ),
    Field(
        "organiser", TEXT, "组织单位", "牵头组织的机关。", "中央宣传部、司法部、全国普法办", required=False
    ),
    Field("agencies", AGENCY_LIST, "相关机关", "本站哪些机关参与，机关编号。", ["moj"], required=False),
    Field("laws", TEXT_LIST, "宣传的法律", "法律全称。", ["中华人民共和国宪法"], required=False),
    Field(
        "description", TEXT, "说明", "一两句话的说明。", "1982年12月4日现行宪法通过并公布。", required=False
    ),
)

EVENT_FIELDS = (
    Field("id", ID, "编号", "本文件内唯一，也用于日历订阅的标识。", "moj-2026-constitution-week"),
    Field("title", TEXT, "活动名称", "群众看得懂的活动名称。", "宪法进社区：公民基本权利讲座"),
    Field("agency", AGENCY, "主办机关", "机关编号。", "moj"),
    Field("start", Date(EVENT_DATES), "开始日期", "活动日期或开始日期。", "2026-12-04"),
    Field(
        "end", Date(EVENT_DATES), "结束日期", "多日活动的结束日期（含当天）；一天的不写。", "2026-12-06", required=False,
    ),
    Field("time", TimeRange(), "时间", "北京时间，写成 09:30-11:30；全天活动不写。", "09:30-11:30", required=False),
    Field("place", TEXT, "地点", "活动地点。", "北京市西城区某社区文化活动中心", required=False),
    Field("observance", ID, "所属纪念日", "observances 中的编号。", "constitution-week", required=False),
    Field(
        "explainers",
        TEXT_LIST,
        "介绍的解读",
        "写“机关编号/网址名”。",
        ["moj/constitution-basic-rights"],
        required=False,
    ),
    Field(
        "cases",
        TEXT_LIST,
        "介绍的案例",
        "写“机关编号/网址名”。",
        ["moj/elderly-support-claim-with-legal-aid"],
        required=False,
    ),
    Field("description", TEXT, "说明", "活动内容。", "讲解宪法规定的公民基本权利。", required=False),
    Field("plan_item", ID, "对应计划事项", "本活动完成的年度普法计划事项编号（见机关档案的 plan）。", "p2026-03",
          required=False),
)
