"""The search benchmark's judgment loading and metrics, on tiny fixtures with known answers.

Every figure of the README's search table comes from this code; if it broke silently the
table would be wrong without anybody noticing.
"""

from __future__ import annotations

import importlib.util
import math
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / "search" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


judgments = _load("judgments")


def test_ndcg_of_a_known_ranking() -> None:
    judged = {"a": 3, "b": 2, "c": 1}
    # gains 7, 3, 1 at ranks 1..3; the ideal order is a, b, c
    ideal = 7 + 3 / math.log2(3) + 1 / 2
    assert judgments.ndcg(["a", "b", "c"], judged) == pytest.approx(1.0)
    # c, x, a: 1 + 0 + 7/2
    assert judgments.ndcg(["c", "x", "a"], judged) == pytest.approx((1 + 7 / 2) / ideal)
    assert judgments.ndcg([], judged) == 0.0
    # a relevant page below rank 10 earns nothing
    assert judgments.ndcg([f"x{i}" for i in range(10)] + ["a"], judged) == 0.0
    # a page shown twice counts once
    assert judgments.ndcg(["b", "b", "a"], judged) == pytest.approx((3 + 7 / math.log2(3)) / ideal)


def test_recall_and_spans() -> None:
    judged = {"a": 3, "b": 1, "z": 0}
    assert judgments.recall(["b", "x"], judged) == 0.5
    assert judgments.recall(["a", "b", "z"], judged) == 1.0
    texts = {"a": "离婚冷静期为三十日", "b": "其他"}
    assert judgments.span_found("冷静期", ["b", "a"], texts)
    assert not judgments.span_found("冷静期", ["b"], texts)


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert judgments.percentile(values, 0.95) == 95.0
    assert judgments.percentile([5.0, 1.0, 3.0], 0.5) == 3.0
    assert judgments.percentile([7.0], 0.95) == 7.0


QUERIES = """\
- q: 劳动合同法
  kind: law
  rel: {statutes/劳动合同法: 3, laws/x/dismissal: 2}
- q: 老板不给工资
  kind: everyday
  rel: {laws/x/wages: 3, statutes/劳动合同法: 1}
- q: 冷静期
  kind: phrase
  rel: {laws/x/divorce: 3, cases/spc/冷静期内撤回离婚: 2}
"""


def test_quality_by_kind_and_overall(tmp_path: Path) -> None:
    path = tmp_path / "queries.yml"
    path.write_text(QUERIES, encoding="utf-8")
    queries = judgments.load_queries(path)
    assert [(q.text, q.kind) for q in queries] == [("劳动合同法", "law"), ("老板不给工资", "everyday"),
                                                   ("冷静期", "phrase")]
    texts = {"statutes/劳动合同法": "中华人民共和国劳动合同法", "laws/x/dismissal": "劳动合同法第四十六条",
             "laws/x/wages": "工资", "laws/x/divorce": "离婚冷静期",
             "cases/spc/冷静期内撤回离婚": "冷静期内撤回"}
    rankings = {"劳动合同法": ["laws/x/dismissal", "statutes/劳动合同法"], "老板不给工资": [],
                "冷静期": ["laws/x/divorce", "cases/spc/冷静期内撤回离婚"]}
    result = judgments.quality(queries, rankings, texts)
    law = (3 / 1 + 7 / math.log2(3)) / (7 + 3 / math.log2(3))
    assert result["law"]["ndcg10"] == pytest.approx(law)
    assert result["everyday"]["ndcg10"] == 0.0
    assert result["everyday"]["no_result"] == ["老板不给工资"]
    assert result["phrase"]["ndcg10"] == pytest.approx(1.0)
    assert result["all"]["ndcg10"] == pytest.approx((law + 0 + 1) / 3)
    assert result["all"]["recall10"] == pytest.approx((1 + 0 + 1) / 3)
    assert result["all"]["no_result"] == ["老板不给工资"]
    # 老板不给工资 occurs on no page, so it is not an exact-span query
    assert result["all"]["span_queries"] == 2
    assert result["all"]["span_recall"] == 1.0
    assert result["article"]["queries"] == 0 and result["article"]["ndcg10"] is None


def test_judgments_checked_against_the_built_site(tmp_path: Path) -> None:
    path = tmp_path / "queries.yml"
    path.write_text(QUERIES, encoding="utf-8")
    queries = judgments.load_queries(path)
    demo = {"laws/x/dismissal", "laws/x/wages", "laws/x/divorce"}
    # without the library, judgments of its statutes and cases are left out, the rest kept
    kept = judgments.on_site(queries, demo, library=False)
    assert [q.judged for q in kept] == [{"laws/x/dismissal": 2}, {"laws/x/wages": 3}, {"laws/x/divorce": 3}]
    # with the library, a statute the import did not produce is an error, not a silent drop
    with pytest.raises(judgments.JudgmentError, match="劳动合同法: statutes/劳动合同法"):
        judgments.on_site(queries, demo, library=True)
    # a content page that is missing is an error on either site
    with pytest.raises(judgments.JudgmentError, match="冷静期: laws/x/divorce"):
        judgments.on_site(queries, demo - {"laws/x/divorce"}, library=False)


def test_every_problem_of_the_judgment_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "queries.yml"
    path.write_text("- q: 甲\n  kind: question\n  rel: {a: 4}\n- q: 甲\n  kind: law\n  rel: {a: 0}\n"
                    "- kind: law\n  rel: {a: 1}\n", encoding="utf-8")
    with pytest.raises(judgments.JudgmentError) as error:
        judgments.load_queries(path)
    lines = str(error.value).splitlines()
    assert any("kind 'question'" in line for line in lines)
    assert any("grade 4" in line for line in lines)
    assert any("judged twice" in line for line in lines)
    assert any("no page is judged relevant" in line for line in lines)
    assert any("q is empty" in line for line in lines)


def test_the_benchmark_queries_load() -> None:
    """The shipped judgments: 150+ queries, every kind, a third everyday questions."""
    queries = judgments.load_queries(REPO / "benchmarks" / "search" / "queries.yml")
    kinds = [q.kind for q in queries]
    assert len(queries) >= 150
    assert set(kinds) == set(judgments.KINDS)
    assert kinds.count("everyday") * 3 >= len(queries)


def test_the_three_builds_differ_only_in_the_search_plugin() -> None:
    run = _load("run")
    built = run.configs((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = {name: text[text.index("\nplugins:\n"):text.index("\nmarkdown_extensions:")]
               for name, text in built.items()}
    assert "pufa/search" in plugins["pufa"] and "pufa/search" not in plugins["base"]
    assert "  - search:" in plugins["material"] and "pufa/search" not in plugins["material"]
    for text in plugins.values():
        assert "pufa/calendar" in text and "pufa/kiosk" in text and "pufa/feeds" in text
    assert built["base"].replace("\nplugins:\n", "") == built["material"].replace(
        "\nplugins:\n" + run.MATERIAL_SEARCH, "")


# an engine that answers the first query and then never again: the run goes on without it
HANGING_ENGINE = """<!doctype html><html><body><article>
<input data-pufa-search><p data-pufa-status></p><ol data-pufa-results aria-busy="false"></ol>
<script>
let asked = 0;
document.querySelector('[data-pufa-search]').addEventListener('input', () => {
  const list = document.querySelector('[data-pufa-results]');
  list.setAttribute('aria-busy', 'true');
  if (asked++ > 0) return;
  list.innerHTML = '<li data-pufa-result><a href="/laws/x/divorce/">离婚冷静期</a></li>';
  list.setAttribute('aria-busy', 'false');
});
</script></article></body></html>
"""


def test_an_engine_that_stops_answering_is_reported_within_its_budget(tmp_path: Path, browser) -> None:
    """Served by nginx like every engine of the run; the budget stops the wait, the figures of the
    query it answered are kept and everything it left is counted, not dropped."""
    run = _load("run")
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "search" / "index.html").write_text(HANGING_ENGINE, encoding="utf-8")
    (tmp_path / "queries.yml").write_text(QUERIES, encoding="utf-8")
    queries = judgments.load_queries(tmp_path / "queries.yml")[::-1]  # 冷静期 first: answered
    texts = {"laws/x/divorce": "离婚冷静期", "laws/x/wages": "工资"}
    base, server = run.serve(site, "pufa", tmp_path / "nginx")
    start = time.monotonic()
    try:
        result = run.measure(browser, "pufa", base, site, queries, ["冷静", "工资"], texts, 1, run.Budget(0.1))
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert time.monotonic() - start < 60
    assert result["budget_spent"]
    assert result["rankings"] == {"冷静期": ["laws/x/divorce"]}
    assert result["unanswered"] == {"judged": 2, "warm": 3, "spans": 2, "cold": 3}  # no article query
    assert result["unanswered_queries"] == ["老板不给工资", "劳动合同法"]
    assert result["by_kind"]["phrase"]["ndcg10"] == pytest.approx(7 / (7 + 3 / math.log2(3)))
    assert result["by_kind"]["all"]["queries"] == 1
    report = {"site": "t", "pages": 2, "content_pages": 2, "queries": 3, "kinds": {k: 1 for k in judgments.KINDS},
              "spans": 2, "build_seconds": {}, "engines": {"pufa": result}}
    table = run.to_markdown(report, "python benchmarks/search/run.py", "1 1 1")
    assert "pufa (did not answer within 0.1 min: 2 judged queries, 2 spans, 3 cold loads unanswered)" in table
    assert "unanswered: 2 judged, 3 warm, 2 spans, 3 cold" in table
