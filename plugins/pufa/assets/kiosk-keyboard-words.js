/* The kiosk keyboard's candidates: the site's own words for the pinyin letters typed. No DOM; the
   keys are kiosk-keyboard.js. The words and readings are search's py.json (core/search/pinyin.py,
   made with pypinyin), loaded through query.js; tests/golden/search-vectors.json checks the syllables
   found here against pypinyin's. */
import { loadSitePinyin, pinyinWords } from "./search/query.js";

const FIRST_CHARACTERS = 5;  // characters of a typed syllable offered before longer words that start with it

export function loadKeyboardWords() {
  return loadSitePinyin().then(keyboardWords);
}

/* py.json made ready for candidates(): each word with its syllables and how much the site uses it. */
export function keyboardWords(py) {
  const readings = {};
  for (const [sound, chars] of Object.entries(py.r)) for (const ch of chars) (readings[ch] = readings[ch] || []).push(sound);
  const sounds = Object.keys(py.r).sort((a, b) => b.length - a.length);
  const words = [], byWord = new Map();
  for (const [full, list] of Object.entries(py.w)) {
    for (const word of list) {
      const entry = { word, full, syllables: syllablesOf(full, Array.from(word), readings, sounds), uses: 0 };
      words.push(entry);
      byWord.set(word, entry);
    }
  }
  // of words typed alike, the one more of the site's words hold goes first (证据 in 证据保全, 政局 in none)
  const heard = {};  // a character as the site's words read it: 省 is sheng in 省级, so not offered for xian
  for (const entry of words) {
    const chars = Array.from(entry.word);
    (entry.syllables || []).forEach((sound, k) => { heard[chars[k] + sound] = (heard[chars[k] + sound] || 0) + 1; });
    for (let i = 0; i < chars.length; i++) {
      for (let j = i + 2; j <= chars.length; j++) {
        const inner = j - i < chars.length && byWord.get(chars.slice(i, j).join(""));
        if (inner) inner.uses += 1;
      }
    }
  }
  // then the one whose characters the site's words use more, as they read them (证据 before 政局)
  for (const entry of words) {
    const chars = Array.from(entry.word);
    entry.familiar = (entry.syllables || []).reduce((sum, sound, k) => sum + (heard[chars[k] + sound] || 0), 0);
  }
  const characters = {};
  for (const [sound, chars] of Object.entries(py.r)) {
    characters[sound] = Array.from(chars).sort((a, b) => (heard[b + sound] || 0) - (heard[a + sound] || 0));
  }
  return { py, words, characters, longest: Math.max(...sounds.map(s => s.length)) };
}

/* A word's pinyin split into one syllable per character, each a reading of that character
   (方案 fangan → fang an, not fan gan); null when no split fits. */
function syllablesOf(full, chars, readings, sounds) {
  const found = [];
  const walk = (at, k) => {
    if (k === chars.length) return at === full.length;
    for (const sound of readings[chars[k]] || sounds) {  // a character outside GB 2312's everyday ones: any syllable
      if (!full.startsWith(sound, at)) continue;
      found.push(sound);
      if (walk(at + sound.length, k + 1)) return true;
      found.pop();
    }
    return false;
  };
  return walk(0, 0) ? found : null;
}

/* The fewest whole syllables that spell the letters (xian: 1, lihun: 2, lhljq: none), the first of them. */
function spelling(letters, table) {
  const best = new Array(letters.length + 1).fill(null);
  best[0] = { count: 0, first: "" };
  for (let end = 1; end <= letters.length; end++) {
    for (let start = Math.max(0, end - table.longest); start < end; start++) {
      const sound = letters.slice(start, end);
      if (!best[start] || !table.characters[sound]) continue;
      if (!best[end] || best[end].count > best[start].count + 1) best[end] = { count: best[start].count + 1, first: best[start].first || sound };
    }
  }
  return best[letters.length];
}

/* 2: the letters spell every syllable, each by at least its first letter (lhljq, lihunljq);
   1: only the first syllables, the last one perhaps cut short (lihunl, lih): a longer word being typed. */
function coverage(letters, syllables) {
  let best = 0;
  const walk = (at, k) => {
    if (at === letters.length) {
      best = Math.max(best, k === syllables.length ? 2 : 1);
      return best === 2;
    }
    if (k === syllables.length) return false;
    const sound = syllables[k];
    for (let n = Math.min(sound.length, letters.length - at); n >= 1; n--) {
      if (letters.startsWith(sound.slice(0, n), at) && walk(at + n, k + 1)) return true;
    }
    return false;
  };
  walk(0, 0);
  return best;
}

/* The Chinese for the letters typed, best first, as {word, rest}: rest is what stays typed once the
   word is chosen ("" but for a character of the first syllable, below). In order: words spelt in
   full; several words run together; words by initials or cut-short syllables; the commonest
   characters of a single syllable; longer words that start so (fewest syllables first); words whose
   initials happen to spell a syllable (fa → 方案); the syllable's other characters; and where nothing
   else fits, the characters of the first syllable, to build a word the site does not list one by one. */
export function candidates(letters, table, limit = 60) {
  const out = [], seen = new Set();
  const add = (word, rest = "") => {
    if (!seen.has(word) && out.length < limit) { seen.add(word); out.push({ word, rest }); }
  };
  const byUse = list => list.slice().sort((a, b) => b.uses - a.uses || b.familiar - a.familiar);
  if (!/^[a-z]+$/.test(letters)) return out;
  const spelt = spelling(letters, table);
  byUse(table.words.filter(w => w.full === letters)).forEach(w => add(w.word));
  pinyinWords(letters, table.py).forEach(word => add(word));
  const whole = [], initials = [], started = [];
  for (const entry of table.words) {
    if (!entry.syllables) {
      if (entry.full.startsWith(letters)) started.push(entry);
      continue;
    }
    if (entry.syllables[0][0] !== letters[0]) continue;
    const covered = coverage(letters, entry.syllables);
    if (covered === 2) (spelt && entry.syllables.length > spelt.count ? initials : whole).push(entry);
    else if (covered === 1) started.push(entry);
  }
  byUse(whole).forEach(w => add(w.word));
  const characters = table.characters[letters] || [];
  characters.slice(0, FIRST_CHARACTERS).forEach(ch => add(ch));
  started.sort((a, b) => (a.syllables || a.word).length - (b.syllables || b.word).length || b.uses - a.uses ||
    b.familiar - a.familiar);
  started.forEach(w => add(w.word));
  byUse(initials).forEach(w => add(w.word));
  characters.forEach(ch => add(ch));
  if (!out.length && spelt && spelt.count > 1) {
    table.characters[spelt.first].forEach(ch => add(ch, letters.slice(spelt.first.length)));
  }
  return out;
}
