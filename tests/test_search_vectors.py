"""Golden vectors shared by the index (Python) and the browser's query.js, so the two cannot drift.

Regenerate after a deliberate change on the Python side:
    .venv/bin/python tests/test_search_vectors.py --write
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "plugins"))

from pufa.core.search.vectors import golden_vectors  # noqa: E402

GOLDEN = HERE / "golden" / "search-vectors.json"


def test_python_side_still_makes_the_golden_vectors():
    assert json.loads(json.dumps(golden_vectors())) == json.loads(GOLDEN.read_text(encoding="utf-8")), \
        "the Python side changed: rerun `python tests/test_search_vectors.py --write` and check query.js"


# what query.js makes of the same inputs, in Debian's Chromium
CHECK = """async vectors => {
  const q = await import(new URL('../assets/pufa/search/query.js', location.href).href);
  const t2s = q.traditionalTable(vectors.t2s), wrong = [];
  const same = (what, got, want) => { if (JSON.stringify(got) !== JSON.stringify(want)) wrong.push([what, got, want]); };
  for (const [text, want] of vectors.fold) same('fold ' + text, q.fold(text, t2s), want);
  for (const [n, text, back] of vectors.numerals) { same('int ' + n, q.intToChinese(n), text); same('cn ' + text, q.chineseToInt(text), back); }
  for (const [text, want] of vectors.bigrams) same('terms ' + text, q.termsOf(q.fold(text, t2s)).bigrams.slice().sort(), want);
  for (const [term, count, want] of vectors.shards) same('shard ' + term, q.shardOf(term, count), want);
  for (const [text, flat, members] of vectors.postings) same('postings ' + text, q.decodePostings(text), {list: flat, members});
  same('impacts', q.decodePostings(vectors.impacts[0]).list, vectors.impacts[1]);
  for (const [text, want] of vectors.titles) same('title ' + text, q.titleTerm(q.fold(text, t2s)), want);
  const py = vectors.pinyin.data;
  for (const [letters, word] of vectors.pinyin.typed) same('pinyin ' + letters, q.pinyinWords(letters, py)[0], word);
  for (const [text, words] of vectors.pinyin.sounds) {
    same('sounds ' + text, q.homophones(text, py).filter(h => h.from === text).map(h => h.to).sort(), words);
  }
  return wrong;
}"""


def test_query_js_makes_the_same_of_the_golden_vectors(browser, demo_server):
    from conftest import guarded_page

    context, page, outside, errors = guarded_page(browser)
    page.goto(demo_server + "/search/")
    wrong = page.evaluate(CHECK, json.loads(GOLDEN.read_text(encoding="utf-8")))
    context.close()
    assert wrong == []
    assert outside == [] and errors == []


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    GOLDEN.parent.mkdir(exist_ok=True)
    GOLDEN.write_text(json.dumps(golden_vectors(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
