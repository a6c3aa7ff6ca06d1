"""Every editor-facing message, in Chinese, in one place so wording is reviewed together.

Each function returns the text after `path:line: field: `; it says what was expected and
what was found.
"""

from __future__ import annotations


def _found(value: object) -> str:
    # repr shows invisible characters as escapes, so the report never carries them to a terminal
    visible = isinstance(value, str) and value.isprintable()
    text = f"“{value}”" if visible else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def not_utf8(guess: str | None) -> str:
    looks = f"，看起来是 {guess} 编码" if guess else ""
    return f"文件不是 UTF-8 编码{looks}。请在编辑器中“另存为 UTF-8”后再提交"


def no_front_matter() -> str:
    return "文件开头缺少元数据块：第一行应是“---”，随后写字段，再以一行“---”结束"


def unclosed_front_matter() -> str:
    return "元数据块没有结束：找不到结束的“---”行"


def yaml_syntax(problem: str, hint: str | None) -> str:
    extra = f"。{hint}" if hint else ""
    return f"YAML 格式错误（{problem}）{extra}"


def hint_fullwidth_colon() -> str:
    return "这一行用了全角冒号“：”，字段名后面应是半角冒号“: ”（冒号后有空格）"


def hint_tab() -> str:
    return "这一行用了 Tab 缩进，YAML 只能用空格缩进"


def not_a_mapping(found: object) -> str:
    return f"元数据应是“字段: 值”的列表，实际是 {type(found).__name__} {_found(found)}"


def duplicate_key(first_line: int) -> str:
    return f"字段重复出现（第 {first_line} 行已写过一次），后写的会覆盖先写的，请只保留一个"


def missing_field(label: str) -> str:
    return f"缺少必填字段（{label}）"


def unknown_field(suggestion: str | None) -> str:
    if suggestion:
        return f"不认识这个字段，您是不是想写“{suggestion}”？"
    return "不认识这个字段，请对照编辑指南中的字段表"


def wrong_type(expected: str, found: object) -> str:
    return f"应为{expected}，实际是 {_found(found)}"


def empty_value(label: str) -> str:
    return f"{label}不能为空"


def placeholder(found: str) -> str:
    return f"还是模板里的占位内容 {_found(found)}，请填写实际内容"


def bad_choice(choices: tuple[str, ...], found: object) -> str:
    return f"应为 {' / '.join(choices)} 之一，实际是 {_found(found)}"


def bad_date_format(found: object) -> str:
    return f"日期应写成 2026-12-04 或 2026年12月4日，实际是 {_found(found)}"


def impossible_date(year: int, month: int, day: int) -> str:
    return f"日期不存在：{year}年{month}月没有{day}日"


def bad_article(found: object) -> str:
    return f"条文号应写成 1077、“第一千零七十七条”或“第十条之一”，实际是 {_found(found)}"


def bad_url(found: object) -> str:
    return f"网址应以 https:// 或 http:// 开头，实际是 {_found(found)}"


def bad_id(found: object) -> str:
    return f"编号只能用小写字母、数字和连字符（如 p2026-01），实际是 {_found(found)}"


def duplicate_id(item_id: str, first_line: int) -> str:
    return f"编号“{item_id}”重复（第 {first_line} 行已使用）"


def date_order(later_label: str, later: str, earlier_label: str, earlier: str) -> str:
    return f"{later_label}（{later}）不能早于{earlier_label}（{earlier}）"


def comment_dates_required() -> str:
    return "状态为“征求意见”时必须写 comment_opens 和 comment_closes（征求意见起止日期）"


def unknown_agency(found: str, suggestion: str | None) -> str:
    hint = f"，您是不是想写“{suggestion}”？" if suggestion else "。机关须先在 content/agencies/ 下建档"
    return f"没有编号为“{found}”的机关{hint}"


def agency_folder_unknown(found: str) -> str:
    return f"文件所在目录“{found}”不是已登记的机关编号；文件应放在 content/<类型>/<机关编号>/ 下"


def not_in_agency_folder() -> str:
    return "文件应放在以机关编号命名的子目录里，例如 content/laws/moj/文件名.md"


def unknown_topic(found: str, suggestion: str | None, names: tuple[str, ...] = ()) -> str:
    hint = f"，您是不是想写“{suggestion}”？" if suggestion else "。"
    listed = f"可用的专题（content/topics.yml）：{'、'.join(names)}" if names else "可用的专题见 content/topics.yml"
    return f"没有“{found}”这个专题{hint}{listed}"


def parent_cycle(chain: str) -> str:
    return f"上级机关关系形成了循环：{chain}"


def duplicate_url(url: str, other: str) -> str:
    return f"网址 {url} 与 {other} 重复，请给其中一个文件改名或写 slug 字段"


def reserved_agency_id(agency_id: str) -> str:
    return (f"机关编号“{agency_id}”是网站保留名称（法律解读和案例列表的分页地址用它），"
            "请给文件换一个编号，如 page-office")


def reserved_slug(slug: str) -> str:
    return f"“{slug}”是保留名称，不能用作文件名或 slug"


def empty_body() -> str:
    return "正文是空的：元数据块下面要写解读或案例的正文"


def body_has_h1() -> str:
    return "正文里不要写一级标题（# 开头），页面标题取自 title 字段；请改用二级标题（##）"


def unsafe_html(what: str) -> str:
    return f"正文含有不安全的 HTML（{what}），会在读者浏览器中执行，发布前必须删除"


def missing_sections(missing: list[str]) -> str:
    return f"案例正文缺少惯用的小节：{'、'.join(missing)}（以二级标题 ## 书写）"


def unsupported_file(suffix: str) -> str:
    return f"不支持“{suffix}”文件：解读和案例须为 .md 文件，否则不会发布"


def no_topics_file() -> str:
    return "缺少专题词表 content/topics.yml"


def unreadable(reason: str) -> str:
    return f"无法读取文件：{reason}"


def draft_not_published() -> str:
    return "状态为“草稿”，本次构建不发布此文件"


def article_sequence(code: str, label: str) -> str:
    if code == "duplicate-article":
        return f"{label}重复出现，链接只会指向第一处"
    return f"{label}出现在比它大的条文之后，请核对条文顺序"


# content/calendar.yml


def calendar_not_a_mapping(found: object) -> str:
    return f"日历文件应包含 observances（纪念日和宣传日）和 events（普法活动）两个列表，实际是 {_found(found)}"


def bad_month_day(found: object) -> str:
    return f"日期应写成“月-日”，如 12-04，实际是 {_found(found)}"


def impossible_month_day(month: int, day: int) -> str:
    return f"日期不存在：{month}月没有{day}日"


def bad_month(found: object) -> str:
    return f"月份应为 1 到 12 的数字，实际是 {_found(found)}"


def bad_nth(found: object) -> str:
    return f"第几个应为 1 到 4 的数字，实际是 {_found(found)}"


def bad_year(found: object) -> str:
    return f"年份应写成四位数字，如 2014，实际是 {_found(found)}"


def bad_time(found: object) -> str:
    return f"时间应写成“开始-结束”，如 09:30-11:30，实际是 {_found(found)}"


def time_order(found: str) -> str:
    return f"结束时间不能早于或等于开始时间：{found}"


def rule_needs(rule: str, needed: str) -> str:
    return f"规则“{rule}”需要写 {needed}"


def unknown_explainer(found: str, suggestion: str | None) -> str:
    hint = f"，您是不是想写“{suggestion}”？" if suggestion else "。请写“机关编号/网址名”，如 moj/legal-aid-who-qualifies"
    return f"找不到解读“{found}”{hint}"


def unknown_case(found: str, suggestion: str | None) -> str:
    hint = f"，您是不是想写“{suggestion}”？" if suggestion else "。请写“机关编号/网址名”，如 moj/elderly-support-claim-with-legal-aid"
    return f"找不到案例“{found}”{hint}"


def unknown_observance(found: str, suggestion: str | None) -> str:
    hint = f"，您是不是想写“{suggestion}”？" if suggestion else "。须是本文件 observances 中的编号"
    return f"没有编号为“{found}”的纪念日或宣传日{hint}"


def citation_unknown_law(quoted: str, name: str) -> str:
    return f"引用“{quoted}”中的《{name}》不在本站法律库中，未加链接；请核对法律名称"


def citation_unknown_article(quoted: str, title: str, label: str) -> str:
    return f"引用“{quoted}”：《{title}》的现行文本没有{label}，未加链接；请核对条文号"


def citation_no_antecedent(quoted: str) -> str:
    return f"引用“{quoted}”前面没有提到具体的法律，无法确定指哪部法律，未加链接"


def unknown_plan_item(item: str, agency: str, suggestion: str | None) -> str:
    hint = f"，您是不是想写“{suggestion}”？" if suggestion else f"。计划事项写在 content/agencies/{agency}.yml 的 plan 中"
    return f"机关“{agency}”的年度普法计划里没有编号为“{item}”的事项{hint}"


def review_outdated(law: str, changed: str, reviewed: str) -> str:
    return f"《{law}》在 {changed} 有新的修改，晚于本文最近一次法律审核（{reviewed}），请复核后更新 reviewed"


# one build context: plugin order and configuration (shown to maintainers)


def content_plugin_missing(plugin: str) -> str:
    return (f"mkdocs.yml 的 plugins 中缺少 pufa/content：{plugin} 使用它检查过的内容，"
            f"请在 {plugin} 之前加上“- pufa/content”。")


def content_plugin_after(plugin: str) -> str:
    return f"mkdocs.yml 的 plugins 中 pufa/content 须写在 {plugin} 之前：{plugin} 使用它检查过的内容。"


def content_dir_deprecated() -> str:
    return "content_dir 已不再使用，本次忽略：内容目录只在 pufa/content 中设置一次，请删除这一行。"


def config_unreadable(path: str, error: str) -> str:
    return f"无法读取 {path}：{error}"


# checks: invisible characters, YAML anchors, bounds of dates and numbers, symlinks, names on the command line

_INVISIBLE_NAMES = {
    0x00: "空字符 NUL", 0x09: "制表符", 0x0B: "垂直制表符（Word 的手动换行符）", 0x0C: "换页符（Word 的分页符）",
    0x1E: "Word 的不间断连字符", 0x1F: "Word 的可选连字符", 0x1B: "转义符 ESC", 0x7F: "删除符 DEL",
    0x85: "下一行符 NEL", 0x2028: "行分隔符", 0x2029: "段分隔符",
}


def invisible_name(ch: str) -> str:
    code = ord(ch)
    name = _INVISIBLE_NAMES.get(code)
    if name is None:
        name = "控制字符" if code < 0xA0 else ("代理码位" if 0xD800 <= code <= 0xDFFF else "非字符")
    return f"{name}（U+{code:04X}）"


def control_chars(found: list[str]) -> str:
    names = "、".join(invisible_name(ch) for ch in found)
    return (f"这一行有看不见的字符：{names}，常见于从 Word 或网页复制的文字，会使网站无法生成。"
            "请删除它们（需要换行就直接回车）")


def yaml_anchor(name: str) -> str:
    return f"不支持 YAML 锚点“&{name}”：请把内容直接写出来（本站文件不需要锚点和引用）"


def yaml_alias(name: str) -> str:
    return f"不支持 YAML 引用“*{name}”：请把内容直接写出来（本站文件不需要锚点和引用）"


def yaml_too_deep(limit: int) -> str:
    return f"层次嵌套太深（超过 {limit} 层），请检查缩进和括号"


def date_out_of_range(found: str, earliest: str, latest: str) -> str:
    return f"日期 {found} 不在合理范围内：应在 {earliest} 至 {latest} 之间，请检查是否写错了年份"


def article_sub_out_of_range(found: object, limit: int) -> str:
    return f"“之几”应在 1 到 {limit} 之间，实际是 {_found(found)}"


def year_out_of_range(found: object, low: int, high: int) -> str:
    return f"年份应在 {low} 到 {high} 之间，实际是 {_found(found)}"


def link_outside(target: str, boundary: str = "仓库") -> str:
    return f"这是指向{boundary}之外（{target}）的符号链接，不会读取或发布；请把文件本身放进{boundary}"


def link_broken(target: str) -> str:
    return f"这是指向不存在的文件（{target}）的符号链接，请删除或改正"


def link_loop(target: str) -> str:
    return f"这是形成循环的符号链接（指向 {target}），请删除"


# publishing: what a maintainer is told when `mkdocs build` or `pufa kiosk-bundle` cannot publish


def publish_busy(folder: object) -> str:
    return f"另一个生成过程正在向 {folder} 发布，请等它结束后再运行；原有网站保持不变"


def site_link_not_ours(site: object, target: str) -> str:
    return (f"{site} 是指向 {target} 的符号链接，不是 pufa 发布的版本链接。"
            "请把 site_dir（或 mkdocs build -d）设为要发布的文件夹，或删除这个链接后再生成")


def site_not_a_folder(site: object) -> str:
    return f"{site} 是文件而不是文件夹，无法在这里发布网站；请检查 site_dir（或 mkdocs build -d）"


def keep_releases_too_small(found: object) -> str:
    return f"keep_releases 应为不小于 1 的整数（保留的网站版本数，含当前版本），实际是 {_found(found)}"


def published(site: object, release: str, kept: int) -> str:
    return f"网站已发布：{site} → {release}（共保留 {kept} 个版本，可回退）"


def build_not_published(site: object) -> str:
    return f"生成失败，没有发布；{site} 仍是原来的网站"


# pufa check --changed: reading git


def changes_unreadable(reason: str, base: str | None) -> str:
    fetch = f"；--base 指定的“{base}”须是本地已有的分支或提交（远程分支请先 git fetch）" if base else ""
    return f"无法从 git 读取本分支的改动（git 说：{reason}）。请在 git 仓库中运行{fetch}，或去掉 --changed 检查全部文件"


# --- escaping: the site's own classes, ids and data-pufa-* hooks in a body ---


def reserved_hook(name: str) -> str:
    return (f"正文使用了网站脚本和样式专用的名称“{name}”（触摸屏遮罩、元数据面板、搜索框等用这类名称），"
            "内容中不能使用；请删除，或改用不以 pufa-、md-、__ 开头的名称")


# --- kiosk: QR codes, read aloud, on-screen keyboard ---


def kiosk_codes_point_nowhere(site_url: str | None) -> str:
    where = f"site_url 是本机地址 {site_url}" if site_url else "mkdocs.yml 没有设置 site_url"
    return (f"注意：{where}，触摸屏页面上的二维码会指向读者手机无法打开的地址（或不显示二维码）。"
            "请在 mkdocs.yml 中把 site_url 设为正式网站的地址，再重新生成离线包")
# --- adopt: pufa init, one warnings policy, nginx-config, site configuration, footer ---


def strict_warnings() -> str:
    return ("有警告，按 --strict 算作不通过（持续集成中 mkdocs build --strict 同样会失败）；"
            "请按上面每行的提示修改。草稿等“提示”不算警告")


def init_exists(paths: list[str]) -> str:
    return ("以下文件已经存在，pufa init 不覆盖任何文件，什么也没有写：" + "、".join(paths)
            + "。请换一个空目录，或先移走这些文件")


def init_done(folder: str) -> str:
    return (f"已在 {folder} 创建网站仓库。下一步：cd {folder}，按 README.md 修改 mkdocs.yml 的 extra 和机关档案，"
            "然后运行 pufa check --strict 和 mkdocs build --strict")


def site_not_built(site: str) -> str:
    return f"找不到生成的网站 {site}：请先运行 mkdocs build，再生成 nginx 配置（CSP 的哈希取自生成的页面）"


def material_search_beside_pufa() -> str:
    return ("mkdocs.yml 的 plugins 中同时启用了 Material 的搜索插件（search 或 material/search）和 pufa/search："
            "网站只能有一个搜索。请删除 search 这一项（pufa/search 支持中文分词、同义词和法条号，代替它）")


def nginx_word_unsafe(value: str) -> str:
    return f"“{value}”不能写进 nginx 配置：不能为空，不能含空格、引号、分号、花括号、反斜杠、$ 或 #"


def nginx_written(out: str, path: str) -> str:
    return f"已写出 {out}（网站地址路径 {path}；CSP 哈希取自本次生成的页面，换主题或升级 pufa 后请重新生成）"


def parent_twice() -> str:
    return "同时写了 parent（本站机关的编号）和 parent_name（不在本站的上级机关）：只能写一个，请删除其中之一"


def parent_website_alone() -> str:
    return "写了 parent_website 却没有 parent_name：不在本站的上级机关请写全称 parent_name，网址 parent_website 可选"


# --- content checks that protect people (issue #12): personal data, broken pages, wrong law, Markdown ---

_PERSONAL_KINDS = {"id-card": "身份证号码", "mobile": "手机号码", "bank-card": "银行卡号", "licence-plate": "车牌号码"}


def personal_data(kind: str, masked: str) -> str:
    what = _PERSONAL_KINDS.get(kind, "个人信息")
    return (f"发现疑似{what}（{masked}）。公开发布的解读和案例不能含有个人信息，请隐去：姓名写作“张某”，"
            "号码写作“138****0000”这样的形式；如果这是本机关公开的服务电话，请写入机关档案的 public_numbers")


def unclosed_comment() -> str:
    return ("HTML 注释“<!--”没有结束的“-->”：从这里到文末的内容都会作为隐藏注释发布，"
            "任何人查看网页源代码都能看到。请删除内部批注，或补上“-->”")


def heading_skip(previous: int, found: int) -> str:
    return (f"标题级别跳级：上一级是 {previous} 级标题，这里直接用了 {found} 级（{'#' * found}）。"
            f"读屏软件和目录依靠标题层次，请改为 {'#' * (previous + 1)}")


def table_extra_cells(header: int, found: int) -> str:
    return (f"表格这一行有 {found} 格，表头只有 {header} 格，多出的内容不会显示。"
            "如果文字里本来就有竖线“|”，请写成“\\|”")


def indented_code() -> str:
    return ("这一段以四个空格（或 Tab）开头，会显示成代码框而不是正文。"
            "段首不用缩进；需要首行缩进时请用两个全角空格“　　”")


def summary_too_long(length: int, limit: int) -> str:
    return f"摘要有 {length} 个字，超过 {limit} 字的上限：摘要是列表和搜索结果里的一句话，请压缩到八十字左右"


def yaml_hint_fullwidth_space() -> str:
    return "这一行冒号后面是全角空格“　”，YAML 不认；请改成半角空格（英文输入法下的空格）"


def yaml_hint_broken_value(line: int) -> str:
    return (f"这个字段的值被断成了两行（第 {line} 行接着写了下去）：请把它接回同一行；"
            "确实要换行时，整段用英文引号括起来")


def broken_link(target: str, suggestion: str | None) -> str:
    hint = f"，您是不是想链接“{suggestion}”？" if suggestion else "，请核对地址"
    return f"链接的页面不存在：{_found(target)}{hint}"


def broken_image(target: str, suggestion: str | None) -> str:
    hint = (f"，您是不是想写“{suggestion}”？" if suggestion else
            "。图片要保存在 content/images/ 中，在解读或案例里写作 ../../images/文件名.png")
    return f"图片文件不存在：{_found(target)}{hint}"


def local_path(target: str, image: bool) -> str:
    what = "图片" if image else "链接"
    return (f"{what}指向编辑电脑上的文件 {_found(target)}，读者打不开。"
            "请把文件保存到 content/images/ 中，写作 ../../images/文件名.png")


def typora_assets(target: str) -> str:
    return (f"{_found(target)} 在 Typora 自动建立的“.assets”文件夹里，这个文件夹没有一起提交，网站上没有这张图片。"
            "请把图片移到 content/images/ 中，写作 ../../images/文件名.png")


def image_data_uri() -> str:
    return ("图片是直接粘贴进正文的（data: 开头的一长串字符），网站不发布这种图片。"
            "请把图片另存为文件，放进 content/images/，再写 ![图片说明](../../images/文件名.png)")


def image_no_alt() -> str:
    return ("图片缺少说明文字：方括号里写一句话说明图片内容，如 ![法律援助申请流程图](../../images/流程图.png)，"
            "看不见图片的读者（读屏软件）和图片加载失败时都靠它")


def image_format(suffix: str, formats: tuple[str, ...]) -> str:
    return f"不支持“{suffix or '无扩展名'}”格式的图片，请另存为 {' / '.join(formats)} 之一"


def image_too_large(size: int, limit: int) -> str:
    return (f"图片有 {size / 1024 / 1024:.1f} MB，超过 {limit // 1024 // 1024} MB：手机流量慢时要等很久。"
            "请压缩或缩小尺寸（宽度 1200 像素足够）后再提交")


def repealed_law(law: str, by: str) -> str:
    replaced = f"，已被《{by}》取代（该法施行时废止）" if by else "，法律库标注为已废止"
    return f"《{law.strip('《》')}》已经废止{replaced}。请改为解读或适用现行有效的法律，或在正文说明为何引用旧法"


def article_not_in_law(law: str, label: str) -> str:
    return f"《{law}》的现行文本没有{label}，请核对条文号（法律库中的现行文本为准）"


def law_date_differs(law: str, written: str, library: str) -> str:
    return (f"写的是 {written}，法律库中《{law}》没有这一天的公布、修改或施行记录（现行文本为 {library}），"
            "请核对")


def decided_before_law(decided: str, law: str, since: str) -> str:
    return f"裁判或处理日期 {decided} 早于《{law}》施行（{since}），案件不可能适用它；请核对日期或适用的法律"


def law_not_in_library(law: str, suggestion: str | None) -> str:
    hint = f"，您是不是想写“{suggestion}”？" if suggestion else "，请写法律的正式全称"
    return f"法律库中没有《{law.strip('《》')}》{hint}"


def law_date_implausible(found: str) -> str:
    return f"法律日期 {found} 晚于明年年底，不太可能；请检查是否写错了年份"


def published_in_future(found: str, today: str) -> str:
    return (f"发布日期 {found} 晚于今天（{today}）。网站不会等到那天才显示：本次生成就会发布本文，"
            "列表中按这个日期排序。还不想发布请把 status 写为“草稿”；否则请改为实际发布日期")
# --- fields: all problems at once (issue #12), field kinds (issue #11) ---


def library_checks_held() -> str:
    return ("法规库（content/statutes/）中有文件存在错误，本次没有核对解读和案例所写的条文、法律效力和日期、"
            "法律修改后是否重新审核，也没有核对正文中的法条引用；改正法规库的错误后再运行检查")


# --- importer: corpus files that are not legal texts (never imported as 法规) ---


def import_not_legal_folder(folder: str) -> str:
    return (f"“{folder}/”不是法律法规的分类（来源说明列出的分类中没有它），其中的文件不是法律文本，"
            "未作为法规导入")


def import_third_party_text(line: str) -> str:
    return f"标题区注明了出处“{line[:40]}”，这是第三方撰写的文章而不是法律文本，未作为法规导入"


def import_duplicate_text(first: str) -> str:
    return f"标题和正文与 {first} 完全相同（同一文本收在两个分类下），未重复导入"


def import_removed_left_out(name: str) -> str:
    return f"此前导入的 {name} 已删除（见上一条，此文件不再导入）"
# --- preview (`mkdocs serve`): a failed rebuild shown in the browser ---

PREVIEW_PROBLEMS_TITLE = "预览暂停：内容检查未通过"
PREVIEW_ERROR_TITLE = "预览暂停：网站生成出错"


def preview_problems_intro(errors: int, warnings: int) -> str:
    return (f"刚才保存的内容有 {errors} 个错误" + (f"、{warnings} 个警告" if warnings else "")
            + "，网站预览没有更新。请按下面的文件、行号和字段逐一改正并保存，本页会自动刷新。")


def preview_error_intro() -> str:
    return "刚才保存后，网站生成没有完成，预览没有更新。请根据下面的说明改正并保存，本页会自动刷新。"


PREVIEW_RECOVERS = "改正后无需重启预览：保存文件即可。"


# --- preview speed (`mkdocs serve`): what a save read again ---


def content_files_read(count: int) -> str:
    return f"pufa/content：本次保存读取了 {count} 个内容文件；未改动的法规文件没有再读取，沿用上次的检查结果。"


# --- render: links pufa writes itself into finished HTML (the calendar's), checked after rendering ---


def calendar_link_missing(page: str, href: str) -> str:
    return (f"pufa/calendar：页面 {page} 中普法日历的链接“{href}”指向的页面或文件不存在（可能已删除或改名），"
            "读者点击会看到“页面不存在”。请检查 content/calendar.yml 中对应条目引用的内容")
