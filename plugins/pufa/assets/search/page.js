/* pufa search page: the query box, results, snippets and the no-result help. Loaded only on the
   search page; the query logic is query.js. */
import { createEngine, fold, highlightTerms, placeOf, runsOf } from "./query.js";

const ROOT = new URL("../../../", import.meta.url);
const engine = createEngine(new URL("search/data/", ROOT));
const KIND_CLASS = { "解读": "explainer", "案例": "case", "法规": "statute", "指南": "guide" };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/* Text with the terms marked, around the first of them: a fragment of text nodes and <mark>s. */
function snippet(text, terms, from = -1) {
  const lower = text.toLowerCase();
  let at = from;
  for (let i = 0; i < terms.length && at < 0; i++) at = lower.indexOf(terms[i]);
  const start = Math.max(0, (at < 0 ? 0 : at) - 30), end = Math.min(text.length, start + 110);
  const piece = text.slice(start, end), fragment = document.createDocumentFragment();
  if (start > 0) fragment.appendChild(document.createTextNode("…"));
  const pieceLower = piece.toLowerCase();
  let pos = 0;
  while (pos < piece.length) {
    let next = -1, term = "";
    for (const t of terms) {
      const j = pieceLower.indexOf(t, pos);
      if (j >= 0 && (next < 0 || j < next || (j === next && t.length > term.length))) { next = j; term = t; }
    }
    if (next < 0) { fragment.appendChild(document.createTextNode(piece.slice(pos))); break; }
    if (next > pos) fragment.appendChild(document.createTextNode(piece.slice(pos, next)));
    fragment.appendChild(el("mark", null, piece.substr(next, term.length)));
    pos = next + term.length;
  }
  if (end < text.length) fragment.appendChild(document.createTextNode("…"));
  return fragment;
}

function hrefOf(url, anchor) {
  return new URL(anchor ? url.split("#")[0] + "#" + anchor : url, ROOT).href;
}

function renderHit(hit, parsed) {
  const item = el("li", "pufa-result");
  item.setAttribute("data-pufa-result", "");
  const link = el("a", "pufa-result__link");
  link.href = hrefOf(hit.url, hit.article ? "art-" + hit.article : "");
  link.appendChild(snippet(hit.title, hit.terms));
  item.appendChild(link);
  const meta = el("p", "pufa-result__meta");
  meta.appendChild(el("span", "pufa-kind pufa-kind--" + (KIND_CLASS[hit.kind] || "page"), hit.kind));
  if (hit.agency) meta.appendChild(el("span", "pufa-result__detail", hit.agency));
  const label = el("span", "pufa-result__detail", hit.heading);
  label.setAttribute("data-pufa-place", "");
  if (hit.heading) meta.appendChild(label);
  item.appendChild(meta);
  // the snippet follows the result: its text is fetched after the list is shown
  const p = el("p", "pufa-result__snippet");
  p.setAttribute("data-pufa-snippet", "");
  p.setAttribute("aria-busy", "true");
  item.appendChild(p);
  hit.text().then(doc => {
    const text = doc.x.replace(/\n/g, " "), terms = highlightTerms(parsed, hit.title + "\n" + text);
    // a statute section: the link and label go to the article that holds what matched
    const place = hit.article ? null : placeOf(text, doc.a, terms);
    if (place) {
      link.href = hrefOf(hit.url, place.anchor);
      label.textContent = place.label;
      if (place.label && !label.isConnected) meta.appendChild(label);
    }
    if (text) p.appendChild(snippet(text, terms, place ? firstAt(text, terms, place.at) : -1));
    else p.remove();
    p.setAttribute("aria-busy", "false");
  }, () => p.remove());
  return item;
}

function firstAt(text, terms, from) {
  const lower = text.toLowerCase();
  const found = terms.map(t => lower.indexOf(t, from)).filter(i => i >= 0);
  return found.length ? Math.min(...found) : from;
}

/* Topics nearest to a query: those whose name and description share most of its characters. */
function nearestTopics(meta, parsed, count) {
  const asked = new Set(parsed.phrases.flatMap(p => runsOf(p.text).join("").split("")));
  const scored = (meta.help.topics || []).map(([id, name, about], i) => {
    const words = fold(name + about);
    let shared = 0;
    for (const ch of new Set(words)) if (asked.has(ch)) shared += 1;
    const pages = (meta.topics.find(t => t[0] === id) || [0, 0, []])[2].length;
    return { id, name, url: meta.help.topic_urls[id], shared, pages, i };
  });
  scored.sort((a, b) => b.shared - a.shared || b.pages - a.pages || a.i - b.i);
  return scored.slice(0, count);
}

/* The hotline for what was asked (and the nearest topic, when it is nearer than the next one: 量子纠缠
   shares 纠 with several topics' 纠纷 and is about none): the one sharing most words, else the first. */
function hotlineFor(meta, parsed, topics) {
  const near = topics[0] && topics[0].shared > (topics[1] ? topics[1].shared : 0) ? [topics[0]] : [];
  const text = parsed.phrases.map(p => p.text).join(" ") + " " + near.map(t => t.name).join(" ");
  let best = meta.help.hotlines[0], most = 0;
  for (const line of meta.help.hotlines) {
    const hits = line[2].filter(word => text.indexOf(word) >= 0).length;
    if (hits > most) { most = hits; best = line; }
  }
  return best;
}

/* No result is not a dead end: the nearest topics, a hotline, how to ask an agency (the status says it once). */
function renderNoResults(box, result) {
  box.textContent = "";
  const topics = nearestTopics(result.meta, result.query, 3);
  box.appendChild(el("p", "pufa-no-results__message", "可以换个说法，或者看看这些专题："));
  const list = el("ul", "pufa-suggestions");
  list.setAttribute("data-pufa-topics", "");
  for (const topic of topics) {
    const li = el("li"), a = el("a", null, topic.name);
    a.href = new URL(topic.url, ROOT).href;
    li.appendChild(a);
    list.appendChild(li);
  }
  box.appendChild(list);
  const [number, name] = hotlineFor(result.meta, result.query, topics);
  const call = el("p", "pufa-no-results__hotline");
  call.setAttribute("data-pufa-hotline", "");
  call.appendChild(document.createTextNode("也可以拨打 "));
  const tel = el("a", null, number);
  tel.href = "tel:" + number;
  call.appendChild(tel);
  call.appendChild(document.createTextNode("（" + name + "）咨询。"));
  box.appendChild(call);
  const ask = el("p", "pufa-no-results__agency");
  ask.appendChild(document.createTextNode("想直接问主管机关：在"));
  const agencies = el("a", null, "普法机关");
  agencies.href = new URL(result.meta.help.agencies_url, ROOT).href;
  ask.appendChild(agencies);
  ask.appendChild(document.createTextNode("页面找到负责的机关，按其公布的电话或窗口咨询；也可以拨打 12345 政务服务便民热线。"));
  box.appendChild(ask);
  box.hidden = false;
}

function fillSelect(select, options) {
  for (const [value, text] of options) {
    const o = el("option", null, text);
    o.value = value;
    select.appendChild(o);
  }
}

function initSearchPage(form) {
  const input = form.querySelector("[data-pufa-search]");
  const list = document.querySelector("[data-pufa-results]");
  const status = document.querySelector("[data-pufa-status]");
  const empty = document.querySelector("[data-pufa-no-results]");
  const selects = {};
  form.querySelectorAll("[data-pufa-filter]").forEach(s => { selects[s.getAttribute("data-pufa-filter")] = s; });
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  // a query in the address is being answered: busy until its results are shown
  if (input.value.trim()) list.setAttribute("aria-busy", "true");
  let serial = 0, timer = null, composing = false;

  const filters = () => ({ kind: selects.kind.value, agency: selects.agency.value, topic: selects.topic.value });
  function syncUrl() {
    const next = new URLSearchParams();
    if (input.value.trim()) next.set("q", input.value.trim());
    for (const k of Object.keys(selects)) if (selects[k].value) next.set(k, selects[k].value);
    const qs = next.toString();
    history.replaceState(null, "", location.pathname + (qs ? "?" + qs : ""));
  }
  function run() {
    const query = input.value.trim(), mine = ++serial;
    if (!query) {
      syncUrl();
      list.textContent = "";
      list.setAttribute("aria-busy", "false");
      empty.hidden = true;
      status.textContent = "";
      return;
    }
    list.setAttribute("aria-busy", "true");
    engine.search(query, filters()).then(result => {
      if (mine !== serial) return;
      list.textContent = "";
      for (const hit of result.hits) list.appendChild(renderHit(hit, result.query));
      if (result.hits.length) {
        empty.hidden = true;
        status.textContent = "找到 " + result.total + " 个相关页面" + (result.total > result.hits.length ? "，显示前 " + result.hits.length + " 个" : "") + "。";
      } else {
        renderNoResults(empty, result);
        status.textContent = "没有找到与“" + query + "”相关的内容。";  // once: the help below does not repeat it
      }
      list.setAttribute("aria-busy", "false");
      setTimeout(syncUrl, 0);  // after the results are painted: not what the reader waits for
    }).catch(error => {
      if (mine !== serial) return;
      status.textContent = "搜索暂时无法使用，请稍后重试。";
      list.setAttribute("aria-busy", "false");
      syncUrl();
      throw error;
    });
  }
  function schedule() {
    // an input method is still composing: its letters are not the query yet
    if (composing) return;
    // busy from the keystroke on, so nobody reads the previous query's results as this one's
    list.setAttribute("aria-busy", "true");
    serial++;  // and an answer still on its way is for words no longer in the box: dropped
    clearTimeout(timer);
    timer = setTimeout(run, 0);  // no debounce: shards are cached and a stale query is dropped
  }

  engine.loadMeta().then(meta => {
    fillSelect(selects.kind, meta.kinds.map(k => [k[0], k[0] === "指南" ? "编辑指南" : k[0]]));
    fillSelect(selects.agency, meta.agencies);
    fillSelect(selects.topic, meta.topics);
    for (const k of Object.keys(selects)) {
      selects[k].value = params.get(k) || "";
      selects[k].addEventListener("change", run);
    }
    if (input.value.trim()) run();
  });
  input.addEventListener("compositionstart", () => { composing = true; });
  input.addEventListener("compositionend", () => { composing = false; schedule(); });
  input.addEventListener("input", event => { if (!event.isComposing) schedule(); });
  form.addEventListener("submit", event => { event.preventDefault(); clearTimeout(timer); run(); });

  // keyboard: ↓/↑ move between the query box and result links, Esc returns and clears
  const links = () => Array.from(list.querySelectorAll("[data-pufa-result] a"));
  input.addEventListener("keydown", event => {
    if (event.isComposing) return;
    if (event.key === "ArrowDown" && links().length) { event.preventDefault(); links()[0].focus(); }
    else if (event.key === "Escape") { event.preventDefault(); input.value = ""; run(); }
  });
  list.addEventListener("keydown", event => {
    const all = links(), at = all.indexOf(document.activeElement);
    if (at < 0) return;
    if (event.key === "ArrowDown") { event.preventDefault(); all[Math.min(at + 1, all.length - 1)].focus(); }
    else if (event.key === "ArrowUp") { event.preventDefault(); (at === 0 ? input : all[at - 1]).focus(); }
    else if (event.key === "Escape") { event.preventDefault(); input.focus(); }
  });
  if (!input.value) input.focus();
}

// for the benchmark and tests: the page's engine (hits' URLs absolute, as links show them)
window.pufaSearch = {
  loadMeta: engine.loadMeta, loadTraditional: engine.loadTraditional, rank: engine.rank, parse: engine.parse,
  search: (q, f) => engine.search(q, f).then(r => ({ ...r, hits: r.hits.map(h => ({ ...h, url: hrefOf(h.url, h.article ? "art-" + h.article : "") })) })),
};

const form = document.querySelector("[data-pufa-search-form]");
if (form) initSearchPage(form);
