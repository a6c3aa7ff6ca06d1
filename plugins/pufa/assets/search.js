/* pufa search: query understanding, on-demand shards, ranking and the search page.
   Mirrors plugins/pufa/core/search_text.py (fold, terms, shard hash); keep the two in step. */
(function () {
  "use strict";

  var script = document.currentScript;
  var ROOT = new URL("../../", script ? script.src : location.href);
  var DATA = new URL("search/data/", ROOT);
  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var RUNS = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g");
  var HAN_RUN = new RegExp("^[" + HAN + "]+$");
  var HAN_FIRST = new RegExp("^[" + HAN + "]");
  var ARABIC_ARTICLE = /第?\s*([0-9]{1,4})\s*条/g;
  var CN_ARTICLE = /第([零〇一二两三四五六七八九十百千]+)条/;
  var MAX_WORD = 8;
  var PAGE_SIZE = 10;
  var PREFIX = "中华人民共和国";

  // ---- numerals (as core/numerals.py) ----
  var CN = "零一二三四五六七八九";
  function intToChinese(n) {
    var parts = [], pendingZero = false;
    [[1000, "千"], [100, "百"], [10, "十"], [1, ""]].forEach(function (u) {
      var d = Math.floor(n / u[0]) % 10;
      if (d === 0) { pendingZero = parts.length > 0; return; }
      if (pendingZero) { parts.push("零"); pendingZero = false; }
      parts.push(CN[d] + u[1]);
    });
    var text = parts.join("");
    return text.indexOf("一十") === 0 ? text.slice(1) : text;
  }
  function chineseToInt(text) {
    var digits = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
    var units = { "十": 10, "百": 100, "千": 1000 };
    var total = 0, digit = null;
    for (var i = 0; i < text.length; i++) {
      var ch = text[i];
      if (ch in digits) digit = digits[ch];
      else { total += (digit === null ? 1 : digit) * units[ch]; digit = null; }
    }
    return total + (digit || 0);
  }

  // ---- folding and terms (as core/search_text.py) ----
  var t2sMap = null;
  function setTraditional(pairs) {
    t2sMap = {};
    for (var i = 0; i + 1 < pairs.length; i += 2) t2sMap[pairs[i]] = pairs[i + 1];
  }
  function fold(text) {
    text = text.normalize("NFKC").toLowerCase();
    if (t2sMap) {
      var out = "";
      for (var i = 0; i < text.length; i++) out += t2sMap[text[i]] || text[i];
      text = out;
    }
    return text.replace(ARABIC_ARTICLE, function (all, digits) {
      var n = parseInt(digits, 10);
      return n > 0 && n < 10000 ? "第" + intToChinese(n) + "条" : all;
    });
  }
  function runsOf(folded) { return folded.match(RUNS) || []; }
  function isHan(run) { return HAN_RUN.test(run); }

  /* Terms a phrase may match: bigrams (every one must exist for an exact span), longer
     substrings (found only where jieba indexed them as words), Latin/digit tokens. */
  function termsOf(phrase) {
    var bigrams = [], words = [];
    runsOf(phrase).forEach(function (run) {
      if (!isHan(run)) { bigrams.push(run); return; }
      if (run.length === 1) { bigrams.push(run); return; }
      for (var i = 0; i + 1 < run.length; i++) {
        bigrams.push(run.slice(i, i + 2));
        for (var len = 3; len <= MAX_WORD && i + len <= run.length; len++) words.push(run.slice(i, i + len));
      }
    });
    return { bigrams: unique(bigrams), words: unique(words) };
  }
  function unique(list) { return list.filter(function (x, i) { return list.indexOf(x) === i; }); }

  // a Chinese term's shard key is its first two characters, a Latin/digit token's the whole token
  function shardOf(term, count) {
    var h = 0x811c9dc5, key = HAN_FIRST.test(term) ? term.slice(0, 2) : term;
    for (var i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h % count;
  }

  /* What the reader asked: the folded text, synonym and short-title variants, an article number. */
  function parseQuery(raw, synonyms) {
    var text = fold(String(raw || "")).replace(/\s+/g, " ").trim();
    var phrases = [{ text: text, weight: 1, main: true }];
    var seen = {};
    seen[text] = true;
    function add(variant, weight) {
      if (variant && !seen[variant]) { seen[variant] = true; phrases.push({ text: variant, weight: weight, main: false }); }
    }
    if (text.indexOf(PREFIX) >= 0 && text.replace(PREFIX, "").trim()) add(text.split(PREFIX).join(" ").trim(), 1);
    Object.keys(synonyms || {}).forEach(function (key) {
      if (key && text.indexOf(key) >= 0) {
        synonyms[key].forEach(function (value) {
          add(text.split(key).join(" " + value + " ").replace(/\s+/g, " ").trim(), 0.9);
          add(value, 0.6);
        });
      }
    });
    var match = CN_ARTICLE.exec(text), article = match ? chineseToInt(match[1]) : null;
    if (article) add("art" + article, 1);
    return { text: text, phrases: phrases, article: article, law: match ? runsOf(text.slice(0, match.index)).join("") : "" };
  }

  // ---- index access ----
  var metaPromise = null, shardCache = {}, docCache = {}, chunkCache = {};
  function getJSON(url, init) {
    return fetch(url, init).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.json();
    });
  }
  function loadMeta() {
    if (!metaPromise) {
      metaPromise = getJSON(new URL("meta.json", DATA)).then(function (meta) {
        setTraditional(meta.t2s);
        return meta;
      });
    }
    return metaPromise;
  }
  function loadShard(n) {
    if (!shardCache[n]) shardCache[n] = getJSON(new URL("s/" + n + ".json", DATA));
    return shardCache[n];
  }
  function loadChunk(n) {
    if (!chunkCache[n]) chunkCache[n] = getJSON(new URL("p/" + n + ".json", DATA));
    return chunkCache[n];
  }
  /* A section's text, for its snippet: at low priority, so the next query's shards go first. */
  function loadDoc(n) {
    if (!docCache[n]) docCache[n] = getJSON(new URL("d/" + n + ".json", DATA), { priority: "low" });
    return docCache[n];
  }

  /* Postings as search_index.encode_postings writes them: base-32 digits; a pruned term adds
     "~" before them and "~" + a bitmap (six sections a character) of every section holding it.
     Returns {list: [doc delta, impact, ...], members: [section, ...] or null}. */
  var DIGIT = {};
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  function decodePostings(text) {
    var list = [], members = null, n = 0, end = text.length, i = 0;
    if (text.charAt(0) === "~") {
      i = 1;
      end = text.indexOf("~", 1);
      members = [];
      for (var k = end + 1; k < text.length; k++) {
        var bits = DIGIT[text.charCodeAt(k)];
        for (var b = 0; b < 6; b++) if (bits >> b & 1) members.push(6 * (k - end - 1) + b);
      }
    }
    for (; i < end; i++) {
      var v = DIGIT[text.charCodeAt(i)];
      n = n * 32 + (v & 31);
      if (v < 32) { list.push(n); n = 0; }
    }
    return { list: list, members: members };
  }

  function pageOf(starts, doc) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= doc) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  function allowedPages(meta, filters) {
    var sets = [];
    if (filters.kind) {
      var k = meta.kinds.filter(function (x) { return x[0] === filters.kind; })[0];
      var range = {};
      if (k) for (var p = k[1]; p < k[2]; p++) range[p] = true;
      sets.push(range);
    }
    [["agency", meta.agencies], ["topic", meta.topics]].forEach(function (f) {
      if (!filters[f[0]]) return;
      var entry = f[1].filter(function (x) { return x[0] === filters[f[0]]; })[0];
      var set = {};
      (entry ? entry[2] : []).forEach(function (p) { set[p] = true; });
      sets.push(set);
    });
    return sets.length ? function (page) { return sets.every(function (s) { return s[page]; }); } : null;
  }

  /* Rank pages for a query: sum of BM25F impacts over the phrases' terms, a boost for
     sections holding every bigram of a phrase (an exact span), best section per page. */
  function rank(query, filters) {
    return loadMeta().then(function (meta) {
      var parsed = parseQuery(query, meta.synonyms);
      var phraseTerms = parsed.phrases.map(function (p) { return termsOf(p.text); });
      var shards = {};
      phraseTerms.forEach(function (t) {
        t.bigrams.concat(t.words).forEach(function (term) { shards[shardOf(term, meta.shards)] = true; });
      });
      return Promise.all(Object.keys(shards).map(function (n) {
        return loadShard(n).then(function (data) { return [n, data]; });
      })).then(function (loaded) {
        var lookup = {};
        loaded.forEach(function (entry) { lookup[entry[0]] = entry[1]; });
        function postings(term) {
          var text = lookup[shardOf(term, meta.shards)][term];
          return text === undefined ? undefined : decodePostings(text);
        }
        var score = {}, found = [], whole = {}, article = {};
        parsed.phrases.forEach(function (phrase, index) {
          var terms = phraseTerms[index], covered = {}, need = terms.bigrams.length;
          terms.bigrams.concat(terms.words).forEach(function (term) {
            var entry = postings(term);
            if (!entry) return;
            found.push(term);
            var isBigram = terms.bigrams.indexOf(term) >= 0, list = entry.list, doc = 0, least = Infinity, scored = {};
            var isArticle = parsed.article && term === "art" + parsed.article;
            for (var i = 0; i < list.length; i += 2) {
              doc += list[i];
              if (isArticle) article[doc] = true;
              score[doc] = (score[doc] || 0) + list[i + 1] * phrase.weight;
              scored[doc] = true;
              least = Math.min(least, list[i + 1]);
              if (isBigram && !entry.members) covered[doc] = (covered[doc] || 0) + 1;
            }
            // a pruned term: the sections below its best postings weigh at most the least of those
            (entry.members || []).forEach(function (d) {
              if (!scored[d]) score[d] = (score[d] || 0) + least * phrase.weight;
              if (isBigram) covered[d] = (covered[d] || 0) + 1;
            });
          });
          Object.keys(covered).forEach(function (doc) {
            // every bigram of what the reader typed: the exact phrase, as far as the index can tell
            if (phrase.main && covered[doc] === need) whole[doc] = true;
            if (covered[doc] === need) score[doc] *= phrase.main ? 2 : 1.5;
            else score[doc] *= 0.5 + 0.5 * covered[doc] / need;
          });
        });
        var allowed = allowedPages(meta, filters || {});
        var best = {};
        Object.keys(score).forEach(function (key) {
          var doc = +key, page = pageOf(meta.starts, doc);
          if (allowed && !allowed(page)) return;
          if (!best[page] || best[page].score < score[doc]) {
            best[page] = { page: page, doc: doc, score: score[doc], whole: !!whole[doc], article: !!article[doc] };
          }
        });
        var ranked = Object.keys(best).map(function (p) { return best[p]; });
        ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
        return { parsed: parsed, ranked: ranked, found: unique(found), meta: meta };
      });
    });
  }

  function highlightTerms(parsed, text) {
    var lower = text.toLowerCase(), terms = [];
    parsed.phrases.forEach(function (p) {
      runsOf(p.text).forEach(function (run) {
        var i = 0;
        while (i < run.length) {
          var best = 0;
          for (var len = Math.min(run.length - i, 16); len >= (isHan(run) ? 2 : 1); len--) {
            if (lower.indexOf(run.substr(i, len)) >= 0) { best = len; break; }
          }
          if (best) { terms.push(run.substr(i, best)); i += best; } else i++;
        }
      });
    });
    return unique(terms).sort(function (a, b) { return b.length - a.length; });
  }

  function kindOf(meta, page) {
    var k = meta.kinds.filter(function (x) { return x[1] <= page && page < x[2]; })[0];
    return k ? k[0] : "页面";
  }
  var agencyNames = null;
  function agenciesOf(meta, page) {
    if (!agencyNames) {
      agencyNames = {};
      meta.agencies.forEach(function (a) {
        a[2].forEach(function (p) { (agencyNames[p] = agencyNames[p] || []).push(a[1]); });
      });
    }
    return (agencyNames[page] || []).join("、");
  }
  function chunkOf(meta, page) { return pageOf(meta.chunks, page); }

  /* What a result shows before its snippet: from the page listing file holding its page. */
  function describe(meta, chunks, hit) {
    var n = chunkOf(meta, hit.page), entry = chunks[n][hit.page - meta.chunks[n]];
    var section = hit.doc - meta.starts[hit.page], anchor = "", heading = "";
    if (section > 0) { anchor = entry[2 * section] || ""; heading = anchor ? entry[2 * section + 1] : ""; }
    return { url: entry[0] + (anchor ? "#" + anchor : ""), title: entry[1], heading: heading,
             kind: kindOf(meta, hit.page), agency: agenciesOf(meta, hit.page) };
  }

  /* 2: the article the query names, in the law it names; 1: the whole phrase; 0: the rest. */
  function priority(parsed, hit, shown) {
    if (hit.article && shown.kind === "法规" && runsOf(fold(shown.title)).join("").indexOf(parsed.law) >= 0) return 2;
    return hit.whole && runsOf(parsed.text).join("").length >= 2 ? 1 : 0;
  }

  /* The search: ranked pages, whole-phrase matches first, each with `text()` for its snippet. */
  function search(query, filters) {
    return rank(query, filters).then(function (result) {
      var meta = result.meta, top = result.ranked.slice(0, PAGE_SIZE), wanted = {};
      top.forEach(function (hit) { wanted[chunkOf(meta, hit.page)] = true; });
      return Promise.all(Object.keys(wanted).map(function (n) {
        return loadChunk(n).then(function (data) { return [n, data]; });
      })).then(function (loaded) {
        var chunks = {};
        loaded.forEach(function (entry) { chunks[entry[0]] = entry[1]; });
        var hits = top.map(function (hit, i) {
          var shown = describe(meta, chunks, hit);
          return { page: hit.page, section: hit.doc, score: hit.score, order: i, title: shown.title,
                   heading: shown.heading, kind: shown.kind, agency: shown.agency,
                   priority: priority(result.parsed, hit, shown),
                   url: resultUrl(shown.url, hit.article && result.parsed.article),
                   terms: highlightTerms(result.parsed, shown.title),
                   text: function () { return loadDoc(hit.doc).then(function (doc) { return doc.x; }); } };
        });
        hits.sort(function (a, b) { return (b.priority - a.priority) || (a.order - b.order); });
        return { query: result.parsed, hits: hits, total: result.ranked.length, found: result.found, meta: meta };
      });
    });
  }

  function resultUrl(url, article) {
    if (article) url = url.split("#")[0] + "#art-" + article;
    return new URL(url, ROOT).href;
  }

  // ---- rendering ----
  function snippet(text, terms) {
    var lower = text.toLowerCase(), at = -1;
    for (var i = 0; i < terms.length && at < 0; i++) at = lower.indexOf(terms[i]);
    var start = Math.max(0, (at < 0 ? 0 : at) - 30), end = Math.min(text.length, start + 110);
    var piece = text.slice(start, end), fragment = document.createDocumentFragment();
    if (start > 0) fragment.appendChild(document.createTextNode("…"));
    var pieceLower = piece.toLowerCase(), pos = 0;
    while (pos < piece.length) {
      var next = -1, term = "";
      terms.forEach(function (t) {
        var j = pieceLower.indexOf(t, pos);
        if (j >= 0 && (next < 0 || j < next || (j === next && t.length > term.length))) { next = j; term = t; }
      });
      if (next < 0) { fragment.appendChild(document.createTextNode(piece.slice(pos))); break; }
      if (next > pos) fragment.appendChild(document.createTextNode(piece.slice(pos, next)));
      var mark = document.createElement("mark");
      mark.textContent = piece.substr(next, term.length);
      fragment.appendChild(mark);
      pos = next + term.length;
    }
    if (end < text.length) fragment.appendChild(document.createTextNode("…"));
    return fragment;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function renderHit(hit, parsed) {
    var item = el("li", "pufa-result");
    item.setAttribute("data-pufa-result", "");
    var link = el("a", "pufa-result__link");
    link.href = hit.url;
    link.appendChild(snippet(hit.title, hit.terms));
    item.appendChild(link);
    var meta = el("p", "pufa-result__meta");
    meta.appendChild(el("span", "pufa-kind pufa-kind--" + ({ "解读": "explainer", "案例": "case", "法规": "statute" }[hit.kind] || "page"), hit.kind));
    [hit.agency, hit.heading].forEach(function (part) { if (part) meta.appendChild(el("span", "pufa-result__detail", part)); });
    item.appendChild(meta);
    // the snippet follows the result: its text is fetched after the list is shown
    var p = el("p", "pufa-result__snippet");
    p.setAttribute("data-pufa-snippet", "");
    p.setAttribute("aria-busy", "true");
    item.appendChild(p);
    hit.text().then(function (text) {
      if (text) p.appendChild(snippet(text.replace(/\n/g, " "), highlightTerms(parsed, hit.title + "\n" + text)));
      else p.remove();
      p.setAttribute("aria-busy", "false");
    }, function () { p.remove(); });
    return item;
  }

  function renderNoResults(box, result, query) {
    box.textContent = "";
    box.appendChild(el("p", null, "没有找到与“" + query + "”相关的内容。可以换个说法，或者试试下面的词："));
    var words = result.found.filter(function (t) { return t.length >= 2; });
    var phrases = result.query.phrases.filter(function (p) { return !p.main; }).map(function (p) { return p.text; });
    var suggestions = unique(phrases.concat(words.sort(function (a, b) { return b.length - a.length; }))).slice(0, 8);
    var list = el("ul", "pufa-suggestions");
    suggestions.forEach(function (word) {
      var li = el("li"), a = el("a", null, word);
      a.href = "?q=" + encodeURIComponent(word);
      li.appendChild(a);
      list.appendChild(li);
    });
    result.meta.topics.forEach(function (topic) {
      var li = el("li"), a = el("a", null, "专题：" + topic[1]);
      a.href = new URL("topics/" + topic[0] + "/", ROOT).href;
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(list);
    box.hidden = false;
  }

  function fillSelect(select, options) {
    options.forEach(function (option) {
      var o = el("option", null, option[1]);
      o.value = option[0];
      select.appendChild(o);
    });
  }

  function initSearchPage(form) {
    var input = form.querySelector("[data-pufa-search]");
    var list = document.querySelector("[data-pufa-results]");
    var status = document.querySelector("[data-pufa-status]");
    var empty = document.querySelector("[data-pufa-no-results]");
    var selects = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-pufa-filter]"), function (s) {
      selects[s.getAttribute("data-pufa-filter")] = s;
    });
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    var serial = 0, timer = null;

    function filters() {
      return { kind: selects.kind.value, agency: selects.agency.value, topic: selects.topic.value };
    }
    function syncUrl() {
      var next = new URLSearchParams();
      if (input.value.trim()) next.set("q", input.value.trim());
      Object.keys(selects).forEach(function (k) { if (selects[k].value) next.set(k, selects[k].value); });
      var qs = next.toString();
      history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
    }
    function run() {
      var query = input.value.trim(), mine = ++serial;
      if (!query) {
        syncUrl();
        list.textContent = "";
        list.setAttribute("aria-busy", "false");
        empty.hidden = true;
        status.textContent = "";
        return;
      }
      list.setAttribute("aria-busy", "true");
      search(query, filters()).then(function (result) {
        if (mine !== serial) return;
        list.textContent = "";
        result.hits.forEach(function (hit) { list.appendChild(renderHit(hit, result.query)); });
        if (result.hits.length) {
          empty.hidden = true;
          status.textContent = "找到 " + result.total + " 个相关页面" + (result.total > result.hits.length ? "，显示前 " + result.hits.length + " 个" : "") + "。";
        } else {
          renderNoResults(empty, result, query);
          status.textContent = "没有找到相关内容，下面是可以试试的词。";
        }
        list.setAttribute("aria-busy", "false");
        syncUrl();  // after the results: it is not what the reader waits for
      }).catch(function (error) {
        if (mine !== serial) return;
        status.textContent = "搜索暂时无法使用，请稍后重试。";
        list.setAttribute("aria-busy", "false");
        syncUrl();
        throw error;
      });
    }
    function schedule() {
      // busy from the keystroke on, so nobody reads the previous query's results as this one's
      list.setAttribute("aria-busy", "true");
      clearTimeout(timer);
      timer = setTimeout(run, 0);  // no debounce: shards are cached and a stale query is dropped
    }

    loadMeta().then(function (meta) {
      fillSelect(selects.kind, meta.kinds.map(function (k) { return [k[0], k[0]]; }));
      fillSelect(selects.agency, meta.agencies);
      fillSelect(selects.topic, meta.topics);
      Object.keys(selects).forEach(function (k) {
        selects[k].value = params.get(k) || "";
        selects[k].addEventListener("change", run);
      });
      if (input.value.trim()) run();
    });
    input.addEventListener("input", schedule);
    form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });

    // keyboard: ↓/↑ move between the query box and result links, Esc returns and clears
    function links() { return Array.prototype.slice.call(list.querySelectorAll("[data-pufa-result] a")); }
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
      else if (event.key === "Escape") { event.preventDefault(); input.value = ""; run(); }
    });
    list.addEventListener("keydown", function (event) {
      var all = links(), at = all.indexOf(document.activeElement);
      if (at < 0) return;
      if (event.key === "ArrowDown") { event.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); (at === 0 ? input : all[at - 1]).focus(); }
      else if (event.key === "Escape") { event.preventDefault(); input.focus(); }
    });
    if (!input.value) input.focus();
  }

  window.pufaSearch = {
    fold: fold, parseQuery: parseQuery, termsOf: termsOf, shardOf: shardOf, intToChinese: intToChinese,
    chineseToInt: chineseToInt, loadMeta: loadMeta, rank: rank, search: search
  };

  function start() {
    var form = document.querySelector("[data-pufa-search-form]");
    if (form) initSearchPage(form);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
