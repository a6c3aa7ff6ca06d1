/* pufa: 朗读 (read aloud) on explainer, case, statute and calendar pages, with the browser's own
   speech synthesis and a Chinese voice. Only pages whose <head> carries the plugin's marker get the
   control (content cannot put anything in <head>). */
(function () {
  "use strict";
  if (!document.querySelector('meta[name="pufa-read-aloud"]')) return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  // leaf blocks only: a list item that holds paragraphs is read through its paragraphs
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, figcaption, summary";
  var SKIP = "[data-pufa-read-aloud], [data-pufa-page-qr], .headerlink, script, style, [hidden], [aria-hidden=true]";
  var NORMAL_RATE = 1;
  var ELDER_RATE = 0.75;  // 适老模式: slower, as older listeners asked for in the MIIT specification

  function start() {
    var article = document.querySelector("article.md-content__inner");
    var title = article && article.querySelector("h1");
    var synth = window.speechSynthesis;
    if (!title) return;

    var control = document.createElement("div");
    control.className = "pufa-read-aloud";
    control.setAttribute("data-pufa-read-aloud", "");
    control.setAttribute("role", "group");
    control.setAttribute("aria-label", "朗读本页");
    control.innerHTML =
      '<button type="button" class="pufa-read-aloud__button" data-pufa-read-play>' +
      '朗读</button>' +
      '<button type="button" class="pufa-read-aloud__button" data-pufa-read-pause hidden>暂停</button>' +
      '<button type="button" class="pufa-read-aloud__button" data-pufa-read-stop hidden>停止</button>' +
      '<span class="pufa-read-aloud__status" data-pufa-read-status role="status"></span>';
    title.insertAdjacentElement("afterend", control);
    var play = control.querySelector("[data-pufa-read-play]");
    var pause = control.querySelector("[data-pufa-read-pause]");
    var stop = control.querySelector("[data-pufa-read-stop]");
    var status = control.querySelector("[data-pufa-read-status]");

    var voice = null;
    var queue = [];
    var current = -1;
    var state = "idle";  // idle, speaking, paused
    var NO_VOICE = "本设备没有中文语音，暂时不能朗读。";

    function chineseVoice() {
      var voices = synth ? synth.getVoices() : [];
      var zh = voices.filter(function (v) { return /^(zh|cmn)([-_]|$)/i.test(v.lang); });
      // mainland Mandarin first, then any Chinese voice (Cantonese and Taiwanese voices read 简体 too);
      // espeak-ng (Linux) offers no zh-CN: its plain "cmn" reads 汉字 as pinyin with English tone
      // numbers (华 → "hua two"), its "cmn-latn-pinyin" reads them as Mandarin syllables
      return zh.filter(function (v) { return /^(zh|cmn)[-_]CN/i.test(v.lang); })[0] ||
        zh.filter(function (v) { return /^cmn[-_]latn[-_]pinyin$/i.test(v.lang); })[0] || zh[0] || null;
    }

    function blocks() {
      var found = [title];
      article.querySelectorAll(BLOCKS).forEach(function (el) {
        if (el === title || el.closest(SKIP) || el.querySelector(BLOCKS)) return;
        if (!el.checkVisibility || el.checkVisibility()) {
          if (words(el)) found.push(el);
        }
      });
      return found;
    }

    function show(next) {
      state = next;
      play.hidden = state !== "idle";
      pause.hidden = state === "idle";
      stop.hidden = state === "idle";
      pause.textContent = state === "paused" ? "继续" : "暂停";
      control.setAttribute("data-pufa-read-state", state);
    }

    function mark(el) {
      article.querySelectorAll("[data-pufa-reading]").forEach(function (old) {
        old.removeAttribute("data-pufa-reading");
      });
      if (!el) return;
      el.setAttribute("data-pufa-reading", "");
      var box = el.getBoundingClientRect();
      if (box.top < 0 || box.bottom > window.innerHeight * 0.75) el.scrollIntoView({ block: "center" });
    }

    // what a passage says, without the permalink mark (¶) and other parts not meant to be read
    function words(el) {
      var copy = el.cloneNode(true);
      copy.querySelectorAll(SKIP).forEach(function (part) { part.remove(); });
      return copy.textContent.replace(/\s+/g, " ").trim();
    }

    function speakNext() {
      current += 1;
      if (current >= queue.length) { finish(); return; }
      var el = queue[current];
      var utterance = new SpeechSynthesisUtterance(words(el));
      utterance.voice = voice;
      utterance.lang = voice.lang;
      utterance.rate = document.documentElement.classList.contains("pufa-elder") ? ELDER_RATE : NORMAL_RATE;
      utterance.onend = function () { if (state !== "idle" && queue[current] === el) speakNext(); };
      utterance.onerror = function () { if (state !== "idle" && queue[current] === el) speakNext(); };
      mark(el);
      // listening is using the kiosk: the idle question must not interrupt a page being read
      document.dispatchEvent(new Event("pufa-activity"));
      synth.speak(utterance);
    }

    function finish() {
      queue = [];
      current = -1;
      if (synth) synth.cancel();
      mark(null);
      show("idle");
    }

    play.addEventListener("click", function () {
      voice = chineseVoice();
      if (!voice) { status.textContent = NO_VOICE; return; }
      status.textContent = "";
      control.setAttribute("data-pufa-read-voice", voice.name);  // which voice, for a maintainer's check
      synth.cancel();
      queue = blocks();
      current = -1;
      show("speaking");
      speakNext();
    });
    pause.addEventListener("click", function () {
      if (state === "speaking") { synth.pause(); show("paused"); }
      else if (state === "paused") { synth.resume(); show("speaking"); }
    });
    stop.addEventListener("click", finish);

    // a reader who leaves the page, or the kiosk's idle reset, ends the reading
    window.addEventListener("pagehide", finish);
    document.addEventListener("pufa-kiosk-reset", finish);

    // voices arrive late in Chromium: say at once, not only on a tap, when there is no Chinese one
    function checkVoices() {
      if (!synth) { status.textContent = NO_VOICE; return; }
      if (chineseVoice()) { status.textContent = ""; return; }
      if (state === "idle") status.textContent = NO_VOICE;
    }
    if (synth && synth.addEventListener) synth.addEventListener("voiceschanged", checkVoices);
    setTimeout(checkVoices, 1500);
    show("idle");
  }
})();
