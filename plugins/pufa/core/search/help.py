"""What the search page offers when nothing is found: the nearest topics, a hotline, how to ask an agency."""

from __future__ import annotations

from .. import routes
from ..content.catalog import Catalog
from ..routes import Routes

# National hotlines a reader can call, with the words of the matters each answers; the first is
# the default (legal services answer any legal question).
HOTLINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("12348", "公共法律服务热线", ("法律援助", "调解", "律师", "诉讼", "打官司")),
    ("12333", "人力资源和社会保障咨询热线", ("劳动", "就业", "工资", "劳动报酬", "辞退", "社保", "工伤", "用人单位",
                                        "仲裁", "欠薪", "加班")),
    ("12315", "市场监管投诉举报热线", ("消费", "食品", "退货", "网购", "商家", "假货", "价格", "维权", "赔十")),
    ("12338", "妇女维权公益服务热线", ("家暴", "家庭暴力", "婚姻", "离婚", "妇女", "抚养")),
    ("12320", "卫生健康热线", ("医疗", "看病", "医院", "医保", "卫生")),
    ("12369", "生态环境举报热线", ("环境", "污染", "噪声", "排放")),
    ("12350", "安全生产举报热线", ("安全生产", "事故", "隐患")),
    ("96110", "反诈预警劝阻专线", ("诈骗", "电诈", "反诈", "银行卡", "转账")),
    ("12345", "政务服务便民热线", ("低保", "救助", "征收", "拆迁", "征地", "补偿", "社会救助")),
)


def search_help(catalog: Catalog, paths: Routes) -> dict[str, object]:
    """The data the no-result help needs, in meta.json: topics with their descriptions and addresses, hotlines."""
    return {
        "topics": [[t.id, t.name, t.description] for t in catalog.topics],
        "topic_urls": {t.id: paths.path(routes.topic_src(t.id)) for t in catalog.topics},
        "agencies_url": paths.path(routes.AGENCIES),
        "hotlines": [[number, name, list(words)] for number, name, words in HOTLINES],
    }
