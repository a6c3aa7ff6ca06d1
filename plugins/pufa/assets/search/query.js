/* pufa search: query understanding, shard access and ranking. No DOM: the page code is page.js.
   Mirrors core/search/text.py (fold, terms, shard hash) and core/statutes/numerals.py; the golden
   vectors in tests/data/search-golden.json, made from the Python side, hold the two in step. */

export const HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
const RUNS = new RegExp("[" + HAN + "]+|[0-9a-z]+", "g");
const HAN_RUN = new RegExp("^[" + HAN + "]+$");
const HAN_FIRST = new RegExp("^[" + HAN + "]");
const ARABIC_ARTICLE = /第?\s*([0-9]{1,4})\s*条/g;
const CN_ARTICLE = /第([零〇一二两三四五六七八九十百千]+)条/;
const LETTERS = /^[a-z]{2,}$/;
export const MAX_WORD = 8;
export const PAGE_SIZE = 10;
const DECODED_TERMS = 4000;
const PREFIX = "中华人民共和国";
const GUIDE = "指南";
// words of asking, not of the matter: they must not dilute the match (离婚冷静期多久 is about 离婚冷静期)
// (not 是否, 应当, 需要, 如何: statutes say them too, and a span of a statute must still find it)
export const QUESTION_WORDS = ["怎么办", "怎么样", "怎么", "怎样", "为什么", "是什么", "什么", "能不能", "可不可以",
  "可以吗", "是不是", "有没有", "会不会", "要不要", "该不该", "多少钱", "多久", "多长时间",
  "哪里", "哪个", "找谁", "谁负责", "算不算", "请问", "吗", "呢", "吧", "啊", "呀"];
const QUESTION = new RegExp(QUESTION_WORDS.join("|"), "g");
const LAW_NAME = /(法|法典|条例|规定|办法|解释|决定)$/;
const STATUTE_IN_QUESTION = 0.45;
const TITLE_MARK = "=", MAX_TITLE = 16;  // as text.TITLE_MARK, text.MAX_TITLE
const TITLED = 3;
const CITES = 2;  // a section holding the article a query names, of the law it names
const MAX_SPAN = 16;  // longer text is not a span a reader types to find
const SPAN_CHECKS = 10;  // sections read when no top hit holds a typed span  // a page whose whole title was typed (a law's name) outweighs pages that mention it  // a statute sharing characters with a question ranks below the pages that answer it

// ---- numerals (as core/statutes/numerals.py) ----
const CN = "零一二三四五六七八九";
export function intToChinese(n) {
  const parts = [];
  let pendingZero = false;
  for (const [unit, name] of [[1000, "千"], [100, "百"], [10, "十"], [1, ""]]) {
    const d = Math.floor(n / unit) % 10;
    if (d === 0) { pendingZero = parts.length > 0; continue; }
    if (pendingZero) { parts.push("零"); pendingZero = false; }
    parts.push(CN[d] + name);
  }
  const text = parts.join("");
  return text.indexOf("一十") === 0 ? text.slice(1) : text;
}
export function chineseToInt(text) {
  const digits = { "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9 };
  const units = { "十": 10, "百": 100, "千": 1000 };
  let total = 0, digit = null;
  for (const ch of text) {
    if (ch in digits) digit = digits[ch];
    else { total += (digit === null ? 1 : digit) * units[ch]; digit = null; }
  }
  return total + (digit || 0);
}

// ---- folding and terms (as core/search/text.py) ----
/* Traditional → simplified pairs as meta.json's t2s holds them: "離离婚婚…". */
export function traditionalTable(pairs) {
  // by characters, not UTF-16 units: some simplified forms are outside the BMP (㑮 → 𫝈), and counting
  // units put every pair after them out of step (當 → half a surrogate: 正当防卫 matched only 防卫)
  const chars = Array.from(pairs), table = {};
  for (let i = 0; i + 1 < chars.length; i += 2) table[chars[i]] = chars[i + 1];
  return table;
}
export function fold(text, t2s) {
  text = String(text).normalize("NFKC").toLowerCase();
  if (t2s) {
    let out = "";
    for (const ch of text) out += t2s[ch] || ch;
    text = out;
  }
  return text.replace(ARABIC_ARTICLE, (all, digits) => {
    const n = parseInt(digits, 10);
    return n > 0 && n < 10000 ? "第" + intToChinese(n) + "条" : all;
  });
}
export function runsOf(folded) { return folded.match(RUNS) || []; }
export function isHan(run) { return HAN_RUN.test(run); }
function unique(list) { return list.filter((x, i) => list.indexOf(x) === i); }

/* Terms a phrase may match: bigrams (every one must exist for an exact span), longer
   substrings (found only where jieba indexed them as words), Latin/digit tokens. */
export function termsOf(phrase) {
  const bigrams = [], words = [];
  for (const run of runsOf(phrase)) {
    if (!isHan(run) || run.length === 1) { bigrams.push(run); continue; }
    for (let i = 0; i + 1 < run.length; i++) {
      bigrams.push(run.slice(i, i + 2));
      for (let len = 3; len <= MAX_WORD && i + len <= run.length; len++) words.push(run.slice(i, i + len));
    }
  }
  return { bigrams: unique(bigrams), words: unique(words) };
}

/* The shard of a term: FNV-1a over the UTF-16 units of its key (a Chinese term's first two
   characters, a Latin/digit token whole), as text.shard_of. */
export function shardOf(term, count) {
  const key = HAN_FIRST.test(term) ? term.slice(0, 2) : term;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count;
}

/* The term of a page whose title is exactly this phrase (食品安全法 → "食品安全法="), as text.title_term. */
export function titleTerm(phrase) {
  let joined = runsOf(phrase).join("");
  if (joined.indexOf(PREFIX) === 0 && joined.length > PREFIX.length + 1) joined = joined.slice(PREFIX.length);
  return joined.length >= 2 && joined.length <= MAX_TITLE && HAN_FIRST.test(joined) ? joined + TITLE_MARK : null;
}

/* The query without its words of asking; the query itself if nothing else would be left. */
export function withoutQuestion(text) {
  if (text.search(QUESTION) < 0) return text;
  // a character left alone between words of asking (婚前财产怎么分) is not a term the index holds
  const rest = runsOf(text.replace(QUESTION, " ")).filter(run => !isHan(run) || run.length >= 2).join(" ");
  return runsOf(rest).join("").length >= 2 ? rest : text;
}

// ---- pinyin and homophones (data from core/search/pinyin.py, in py.json) ----
/* Words of the site for pinyin typed as letters: full pinyin (lihun), then several words
   run together (gongzituoqian), then initials (lhljq) where few words share them. */
export function pinyinWords(letters, py) {
  if (py.w[letters]) return py.w[letters];
  const best = new Array(letters.length + 1).fill(null);
  best[0] = [];
  for (let end = 1; end <= letters.length; end++) {
    for (let start = Math.max(0, end - 36); start < end; start++) {
      const words = best[start] && py.w[letters.slice(start, end)];
      if (words && (!best[end] || best[end].length > best[start].length + 1)) best[end] = best[start].concat([words[0]]);
    }
  }
  if (best[letters.length]) return [best[letters.length].join("")];
  return py.i[letters] || [];
}

let readingsOf = null;
function readingTable(py) {
  if (!readingsOf) {
    readingsOf = {};
    for (const [sound, chars] of Object.entries(py.r)) for (const ch of chars) (readingsOf[ch] = readingsOf[ch] || []).push(sound);
  }
  return readingsOf;
}

/* Words of the site that sound like a span of a Chinese run but are written differently
   (离昏 → 离婚): [{from, to}], longest spans first. */
export function homophones(run, py) {
  const table = readingTable(py), found = [], covered = new Array(run.length).fill(false);
  for (let len = Math.min(run.length, MAX_WORD); len >= 2; len--) {
    for (let i = 0; i + len <= run.length; i++) {
      // a longer word already accounts for these characters (离昏冷静期 → 离婚冷静期, not also 冷经济)
      if (covered.slice(i, i + len).some(Boolean)) continue;
      let keys = [""];
      for (const ch of run.slice(i, i + len)) {
        const sounds = table[ch];
        if (!sounds) { keys = []; break; }
        keys = keys.flatMap(k => sounds.map(s => k + s)).slice(0, 32);
      }
      const span = run.slice(i, i + len);
      const words = keys.flatMap(key => py.w[key] || []).filter(word => word.length === len);
      if (words.indexOf(span) >= 0) { covered.fill(true, i, i + len); continue; }  // written right already
      for (const word of words) found.push({ from: span, to: word });
      if (words.length) covered.fill(true, i, i + len);
    }
  }
  return found;
}

/* What the reader asked: the folded text, its phrases (the query without words of asking,
   synonym, short-title, pinyin and homophone variants) and an article number. */
export function parseQuery(raw, options = {}) {
  const { synonyms = {}, t2s = null, pinyin = null, sounds = false } = options;
  const text = fold(String(raw || ""), t2s).replace(/\s+/g, " ").trim();
  const asked = withoutQuestion(text);
  let core = asked;
  const phrases = [], seen = {};
  function add(variant, weight, main) {
    if (variant && !seen[variant]) { seen[variant] = true; phrases.push({ text: variant, weight, main }); }
  }
  // pinyin typed as letters becomes the site's words; the letters stay for Latin tokens (app, 12315)
  if (pinyin) {
    const replaced = core.replace(/[a-z]+/g, run => {
      if (!LETTERS.test(run)) return run;
      const words = pinyinWords(run, pinyin);
      return words.length ? " " + words[0] + " " : run;
    }).replace(/\s+/g, " ").trim();
    if (replaced !== core) { add(replaced, 1, true); core = replaced; }
  }
  add(core, 1, true);
  if (core !== text) add(text, 0.3, false);
  if (pinyin && sounds) {
    let fixed = core;
    const before = phrases.length;
    for (const run of runsOf(core).filter(isHan)) {
      const found = homophones(run, pinyin);
      for (const { from, to } of found.slice(0, 4)) add(core.split(from).join(to), 1, true);
      // every span with one reading fixed at once (工姿被拖钱 → 工资被拖欠)
      for (const { from, to } of found) if (found.filter(h => h.from === from).length === 1) fixed = fixed.split(from).join(to);
    }
    add(fixed, 1, true);
    // what was typed holds a character no page has there: it must not outweigh the words meant
    if (phrases.length > before) Object.assign(phrases[0], { weight: 0.3, main: false });
  }
  const base = phrases.slice();
  if (core.indexOf(PREFIX) >= 0 && core.replace(PREFIX, "").trim()) add(core.split(PREFIX).join(" ").trim(), 1, true);
  for (const key of Object.keys(synonyms)) {
    for (const phrase of base) {
      if (!key || phrase.text.indexOf(key) < 0) continue;
      for (const value of synonyms[key]) {
        add(phrase.text.split(key).join(" " + value + " ").replace(/\s+/g, " ").trim(), 0.9 * phrase.weight, false);
        add(value, 0.6 * phrase.weight, false);
      }
    }
  }
  const match = CN_ARTICLE.exec(text), article = match ? chineseToInt(match[1]) : null;
  if (article) add("art" + article, 1, false);
  const plain = runsOf(core).join("");
  // a question (words of asking) or a situation (not a law's name, not an article): pages that answer it come first
  const question = !article && asked !== text;
  const situation = !article && (question || (plain.length >= 4 && !LAW_NAME.test(plain) && !/[a-z0-9]/.test(plain)));
  return { text, core, phrases, article, question, situation,
           law: match ? runsOf(text.slice(0, match.index)).join("") : "" };
}

/* Postings as index.encode_postings writes them: base-32 digits; a pruned term adds "~" before
   them and "~" + a bitmap (six sections a character) of every section holding it. */
const DIGIT = {};
"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_".split("").forEach((c, i) => { DIGIT[c.charCodeAt(0)] = i; });
export function decodePostings(text) {
  const list = [];
  let members = null, n = 0, end = text.length, i = 0;
  if (text.charAt(0) === "~") {
    i = 1;
    end = text.indexOf("~", 1);
    members = [];
    for (let k = end + 1; k < text.length; k++) {
      const bits = DIGIT[text.charCodeAt(k)];
      for (let b = 0; b < 6; b++) if (bits >> b & 1) members.push(6 * (k - end - 1) + b);
    }
  }
  for (; i < end; i++) {
    const v = DIGIT[text.charCodeAt(i)];
    n = n * 32 + (v & 31);
    if (v < 32) { list.push(n); n = 0; }
  }
  return { list, members };
}

/* Ascending numbers as index.encode_ascending writes them: the gaps, as postings. */
export function decodeAscending(text) {
  const numbers = decodePostings(text).list;
  for (let i = 1; i < numbers.length; i++) numbers[i] += numbers[i - 1];
  return numbers;
}

/* meta.json with its number lists (section starts, pages of each agency and topic) decoded. */
export function expandMeta(meta) {
  meta.starts = decodeAscending(meta.starts);
  for (const facet of [meta.agencies, meta.topics]) facet.forEach(entry => { entry[2] = decodeAscending(entry[2]); });
  return meta;
}

export function pageOf(starts, doc) {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= doc) lo = mid; else hi = mid - 1;
  }
  return lo;
}

function kindRange(meta, kind) { return meta.kinds.filter(x => x[0] === kind)[0]; }

/* Which pages a result may come from: the filters, and never the editors' guide unless asked for. */
export function allowedPages(meta, filters) {
  const tests = [];
  const guide = kindRange(meta, GUIDE);
  if (filters.kind) {
    const k = kindRange(meta, filters.kind) || [filters.kind, 0, 0];
    tests.push(p => k[1] <= p && p < k[2]);
  } else if (guide) {
    tests.push(p => p < guide[1] || p >= guide[2]);
  }
  for (const [name, list] of [["agency", meta.agencies], ["topic", meta.topics]]) {
    if (!filters[name]) continue;
    const entry = list.filter(x => x[0] === filters[name])[0], set = new Set(entry ? entry[2] : []);
    tests.push(p => set.has(p));
  }
  return tests.length ? p => tests.every(t => t(p)) : null;
}

export function kindOf(meta, page) {
  const k = meta.kinds.filter(x => x[1] <= page && page < x[2])[0];
  return k ? k[0] : "";
}

/* Words to mark in a text: the longest pieces of the query's phrases that the text contains. */
export function highlightTerms(parsed, text) {
  const lower = text.toLowerCase(), terms = [];
  for (const p of parsed.phrases) {
    for (const run of runsOf(p.text)) {
      let i = 0;
      while (i < run.length) {
        let best = 0;
        for (let len = Math.min(run.length - i, 16); len >= (isHan(run) ? 2 : 1); len--) {
          if (lower.indexOf(run.substr(i, len)) >= 0) { best = len; break; }
        }
        if (best) { terms.push(run.substr(i, best)); i += best; } else i++;
      }
    }
  }
  return unique(terms).sort((a, b) => b.length - a.length);
}

/* The article of a statute section where the marked words are: {anchor, label, at} or null.
   `places` are [offset, anchor, label] as the section's d/ file holds them. */
export function placeOf(text, places, terms) {
  if (!places || !places.length) return null;
  const lower = text.toLowerCase();
  let at = -1;
  // the place holding the most of the words (the longest first), not just the first word seen
  let bestCount = 0;
  for (let k = 0; k < places.length; k++) {
    const start = places[k][0], end = k + 1 < places.length ? places[k + 1][0] : text.length;
    const piece = lower.slice(start, end);
    const count = terms.reduce((sum, t) => sum + (piece.indexOf(t) >= 0 ? t.length : 0), 0);
    if (count > bestCount) { bestCount = count; at = k; }
  }
  if (at < 0) return null;
  return { anchor: places[at][1], label: places[at][2], at: places[at][0] };
}

// ---- the engine: index files fetched on demand ----
export function createEngine(dataUrl, fetchJSON = defaultFetch) {
  let metaPromise = null, pinyinPromise = null, soundsPromise = null, t2sPromise = null, t2s = null;
  const shards = {}, docs = {}, chunks = {}, decoded = new Map();
  const url = path => new URL(path, dataUrl);
  function loadMeta() {
    if (!metaPromise) metaPromise = fetchJSON(url("meta.json")).then(expandMeta);
    return metaPromise;
  }
  /* The pinyin data (words by full pinyin and initials, characters by reading), fetched once, on demand
     (letters typed; the kiosk's keyboard). */
  function loadPinyin() {
    if (!pinyinPromise) pinyinPromise = fetchJSON(url("py.json"));
    return pinyinPromise;
  }
  // a Chinese query's homophones need words and readings, not initials: the smaller file, unless py.json came
  function loadSounds() {
    if (pinyinPromise) return pinyinPromise;
    if (!soundsPromise) soundsPromise = fetchJSON(url("sounds.json"));
    return soundsPromise;
  }
  function loadTraditional() {
    if (!t2sPromise) t2sPromise = fetchJSON(url("t2s.json")).then(pairs => { t2s = traditionalTable(pairs); return t2s; });
    return t2sPromise;
  }
  // a term's postings decoded once: the phrases of a query and the next keystrokes share most terms
  function decodeOnce(term, text) {
    if (decoded.has(term)) return decoded.get(term);
    if (decoded.size >= DECODED_TERMS) decoded.clear();  // a kiosk runs all day: bounded memory
    const entry = decodePostings(text);
    decoded.set(term, entry);
    return entry;
  }
  const loadShard = n => (shards[n] = shards[n] || fetchJSON(url("s/" + n + ".json")));
  const loadChunk = n => (chunks[n] = chunks[n] || fetchJSON(url("p/" + n + ".json")));
  // a section's text, for its snippet: at low priority, so the next query's shards go first
  const loadDoc = n => (docs[n] = docs[n] || fetchJSON(url("d/" + n + ".json"), { priority: "low" }));

  /* Rank pages: sum of BM25F impacts over the phrases' terms, a boost for sections holding
     every bigram of a main phrase (an exact span), best section per page. */
  function rankParsed(meta, parsed, filters) {
    const phraseTerms = parsed.phrases.map(p => termsOf(p.text));
    const titles = parsed.phrases.map(p => titleTerm(p.text));
    // an article query's law (民法典 of 民法典第1198条): pages citing that article of that law
    const lawBigrams = parsed.article && parsed.law ? termsOf(parsed.law).bigrams : [];
    const wanted = {};
    phraseTerms.forEach(t => t.bigrams.concat(t.words).forEach(term => { wanted[shardOf(term, meta.shards)] = true; }));
    titles.concat(lawBigrams).forEach(term => { if (term) wanted[shardOf(term, meta.shards)] = true; });
    return Promise.all(Object.keys(wanted).map(n => loadShard(n).then(data => [n, data]))).then(loaded => {
      const lookup = {};
      loaded.forEach(([n, data]) => { lookup[n] = data; });
      const postings = term => {
        const text = lookup[shardOf(term, meta.shards)][term];
        return text === undefined ? undefined : decodeOnce(term, text);
      };
      const score = {}, found = [], whole = {}, article = {}, exact = {}, titled = {};
      // 2: the title is what was typed (its words of asking aside); 1: what a synonym of it names
      titles.forEach((term, index) => {
        const entry = term && postings(term);
        if (!entry) return;
        let doc = 0;
        for (let i = 0; i < entry.list.length; i += 2) {
          doc += entry.list[i];
          titled[doc] = Math.max(titled[doc] || 0, parsed.phrases[index].main ? 2 : 1);
        }
      });
      const named = {};
      lawBigrams.forEach(term => {
        const entry = postings(term);
        if (!entry) return;
        let doc = 0;
        const seen = {};
        for (let i = 0; i < entry.list.length; i += 2) { doc += entry.list[i]; seen[doc] = true; }
        (entry.members || []).forEach(d => { seen[d] = true; });
        Object.keys(seen).forEach(d => { named[d] = (named[d] || 0) + 1; });
      });
      parsed.phrases.forEach((phrase, index) => {
        const terms = phraseTerms[index], covered = {}, need = terms.bigrams.length;
        terms.bigrams.concat(terms.words).forEach(term => {
          const entry = postings(term);
          if (!entry) return;
          found.push(term);
          const isBigram = terms.bigrams.indexOf(term) >= 0, list = entry.list, scored = {};
          const isArticle = parsed.article && term === "art" + parsed.article;
          // a whole word the index holds (正当防卫) weighs more than its bigrams
          const weight = phrase.weight * (isBigram ? 1 : 1 + 0.25 * (term.length - 2));
          let doc = 0, least = Infinity;
          for (let i = 0; i < list.length; i += 2) {
            doc += list[i];
            if (isArticle) article[doc] = true;
            score[doc] = (score[doc] || 0) + list[i + 1] * weight;
            scored[doc] = true;
            least = Math.min(least, list[i + 1]);
            if (isBigram && !entry.members) covered[doc] = (covered[doc] || 0) + 1;
          }
          // a pruned term: the sections below its best postings weigh at most the least of those
          (entry.members || []).forEach(d => {
            if (isArticle) article[d] = true;  // art23 is in hundreds of statutes: pruned like any common term
            if (!scored[d]) score[d] = (score[d] || 0) + least * weight;
            if (isBigram) covered[d] = (covered[d] || 0) + 1;
          });
        });
        Object.keys(covered).forEach(doc => {
          if (phrase.main && covered[doc] === need) whole[doc] = true;
          if (phrase.text === parsed.text && covered[doc] === need) exact[doc] = true;
          if (covered[doc] === need) score[doc] *= phrase.main ? 2 : 1.5;
          else score[doc] *= 0.5 + 0.5 * covered[doc] / need;
        });
      });
      const allowed = allowedPages(meta, filters || {});
      const statutes = kindRange(meta, "法规");
      const best = {};
      Object.keys(score).forEach(key => {
        const doc = +key, page = pageOf(meta.starts, doc);
        if (allowed && !allowed(page)) return;
        const cites = !!article[doc] && lawBigrams.length > 0 && named[doc] === lawBigrams.length;
        // (a title a synonym names only keeps its place beside the pages answering a question)
        let value = score[doc] * (titled[doc] === 2 ? TITLED : 1) * (cites ? CITES : 1);
        // a statute holding the whole of what was typed keeps its place unless it was asked as a question
        // (nor does one holding every bigram of the text as typed, question words and all)
        if (parsed.situation && !exact[doc] && !titled[doc] && (parsed.question || !whole[doc]) && statutes && statutes[1] <= page && page < statutes[2]) {
          value *= STATUTE_IN_QUESTION;
        }
        // the article a query names: its own section stands for the page, even where another scores higher
        // (the page keeps the score of its best section)
        const had = best[page];
        if (!had || (article[doc] && !had.article) || (!!article[doc] === had.article && had.own < value)) {
          best[page] = { page, doc, own: value, score: Math.max(value, had ? had.score : 0), whole: !!whole[doc],
                         exact: !!exact[doc], article: !!article[doc], titled: titled[doc] === 2 || !!(had && had.titled),
                         cites };
        } else if (had.score < value) {
          had.score = value;
        }
      });
      const ranked = Object.values(best);
      ranked.sort((a, b) => b.score - a.score || a.doc - b.doc);
      return { parsed, ranked, found: unique(found), meta };
    });
  }

  // a Chinese term of the query that no shard holds (a typo, a traditional character)
  const unfound = result => result.parsed.phrases.some(p => termsOf(p.text).bigrams.some(
    term => HAN_FIRST.test(term) && result.found.indexOf(term) < 0));

  /* Letters load the pinyin data first; a Chinese query none of whose phrases is found whole
     is asked again with the site's words that sound like it (离昏 → 离婚). The traditional table
     comes only for a query holding a term no shard has: the index is folded, so a term with a
     traditional character is never in it, and a query whose terms are all found folds to itself. */
  function rank(query, filters) {
    return loadMeta().then(meta => {
      const letters = /[a-z]{2,}/.test(fold(String(query || "")));
      const first = letters ? loadPinyin() : Promise.resolve(null);
      return first.then(pinyin => rankParsed(meta, parseQuery(query, { synonyms: meta.synonyms, t2s, pinyin }), filters)
        .then(result => {
          if (t2s || !unfound(result)) return result;
          return loadTraditional().then(() => {
            const parsed = parseQuery(query, { synonyms: meta.synonyms, t2s, pinyin });
            return parsed.text !== result.parsed.text ? rankParsed(meta, parsed, filters) : result;
          });
        }))
        .then(result => {
          const han = result.parsed.phrases.some(p => p.main && runsOf(p.text).some(r => isHan(r) && r.length >= 2));
          // an article's numerals are not a word misspelt (七十 is not 歧视)
          if (!han || result.parsed.article || result.ranked.some(hit => hit.whole)) return result;
          return (letters ? loadPinyin() : loadSounds()).then(pinyin => {
            const parsed = parseQuery(query, { synonyms: meta.synonyms, t2s, pinyin, sounds: true });
            return parsed.phrases.length > result.parsed.phrases.length ? rankParsed(meta, parsed, filters) : result;
          });
        });
    });
  }

  /* The page listing files holding these hits: {file number: entries}. */
  function listingsOf(meta, hits) {
    const wanted = {};
    hits.forEach(hit => { wanted[pageOf(meta.chunks, hit.page)] = true; });
    return Promise.all(Object.keys(wanted).map(n => loadChunk(n).then(data => [n, data]))).then(loaded => {
      const listed = {};
      loaded.forEach(([n, data]) => { listed[n] = data; });
      return listed;
    });
  }

  /* The first page of results for a typed span, checked against the text: bigrams say a section
     holds every pair of the span's characters, not that they stand together (理办理 is not in
     every 管理办法 that says 办理). When no top hit holds the span in its title or text, the
     next few sections holding all its bigrams are read, and those holding it come first. */
  function literalFirst(meta, parsed, ranked) {
    const top = ranked.slice(0, PAGE_SIZE), span = spanOf(parsed);
    const holds = (listed, hit) => fold(describe(meta, listed, hit).title, t2s).indexOf(span) >= 0;
    const inText = hit => loadDoc(hit.doc).then(d => fold(d.x, t2s).indexOf(span) >= 0);
    // nothing below the first page could hold it: the results need not wait for any text
    const more = span ? ranked.slice(PAGE_SIZE).filter(hit => hit.whole).slice(0, SPAN_CHECKS) : [];
    if (!more.length) return Promise.resolve(top);
    return listingsOf(meta, top).then(listed => {
      if (top.some(hit => holds(listed, hit))) return top;
      return Promise.all(top.map(inText)).then(found => {
        if (found.some(Boolean)) return top;
        return Promise.all([listingsOf(meta, more), Promise.all(more.map(inText))]).then(([extra, inMore]) => {
          const holders = more.filter((hit, i) => inMore[i] || holds(extra, hit));
          return holders.concat(top).slice(0, PAGE_SIZE);
        });
      });
    });
  }

  /* The search: ranked pages, whole-phrase matches first, each with `text()` for its snippet. */
  function search(query, filters) {
    return rank(query, filters).then(result => {
      const meta = result.meta;
      return literalFirst(meta, result.parsed, result.ranked).then(top => listingsOf(meta, top).then(listed => {
        const hits = top.map((hit, order) => {
          const shown = describe(meta, listed, hit);
          return { page: hit.page, section: hit.doc, score: hit.score, order, title: shown.title,
                   heading: shown.heading, kind: shown.kind, agency: agenciesOf(meta, hit.page),
                   priority: priority(result.parsed, hit, shown),
                   // only a statute's text has article anchors; an explainer citing the article has none
                   url: shown.url, article: hit.article && shown.kind === "法规" && result.parsed.article,
                   terms: highlightTerms(result.parsed, shown.title),
                   text: () => loadDoc(hit.doc) };
        });
        hits.sort((a, b) => (b.priority - a.priority) || (a.order - b.order));
        return { query: result.parsed, hits, total: result.ranked.length, found: result.found, meta };
      }));
    });
  }
  return { loadMeta, loadPinyin, loadTraditional, rank, search, loadDoc, parse: (q, o) => parseQuery(q, { t2s, ...o }) };
}

/* The site's pinyin data (py.json), fetched once when first asked: for scripts of other pages (the
   kiosk's keyboard), which ask for it here and never name the index's files themselves. */
export const SITE_DATA = new URL("../../../search/data/", import.meta.url);  // from assets/pufa/search/
let siteEngine = null;
export function loadSitePinyin() {
  siteEngine = siteEngine || createEngine(SITE_DATA);
  return siteEngine.loadPinyin();
}

function defaultFetch(url, init) {
  return fetch(url, init).then(r => {
    if (!r.ok) throw new Error(r.status + " " + url);
    return r.json();
  });
}

/* The span a query is, as typed (one Chinese run, no words of asking, no article), or null. */
export function spanOf(parsed) {
  const typed = parsed.phrases[0], found = runsOf(parsed.text);
  if (parsed.article || parsed.question || !typed || typed.text !== parsed.text || typed.weight !== 1) return null;
  return found.length === 1 && isHan(found[0]) && found[0].length >= 3 && found[0].length <= MAX_SPAN ? found[0] : null;
}

let agencyNames = null;
function agenciesOf(meta, page) {
  if (!agencyNames || agencyNames.meta !== meta) {
    agencyNames = { meta, pages: {} };
    meta.agencies.forEach(a => a[2].forEach(p => { (agencyNames.pages[p] = agencyNames.pages[p] || []).push(a[1]); }));
  }
  return (agencyNames.pages[page] || []).join("、");
}

/* What a result shows before its snippet: from the page listing file holding its page. */
function describe(meta, listed, hit) {
  const n = pageOf(meta.chunks, hit.page), entry = listed[n][hit.page - meta.chunks[n]];
  const section = hit.doc - meta.starts[hit.page];
  let anchor = "", heading = "";
  if (section > 0) { anchor = entry[2 * section] || ""; heading = entry[2 * section + 1] || ""; }
  return { url: entry[0] + (anchor ? "#" + anchor : ""), title: entry[1], heading, kind: kindOf(meta, hit.page) };
}

/* 3: the page whose title was typed; 2: the article the query names, in the law it names;
   1.5: a page citing that article; 1: the whole phrase; 0: the rest. */
function priority(parsed, hit, shown) {
  if (hit.titled) return 3;
  if (hit.article && shown.kind === "法规" && runsOf(fold(shown.title)).join("").indexOf(parsed.law) >= 0) return 2;
  if (hit.cites && shown.kind !== "法规") return 1.5;
  // sharing the words is not answering the question, unless the statute says it as asked
  if (parsed.question && shown.kind === "法规" && !hit.exact) return 0;
  return hit.whole && runsOf(parsed.core).join("").length >= 2 ? 1 : 0;
}
