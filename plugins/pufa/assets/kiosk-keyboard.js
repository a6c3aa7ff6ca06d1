/* pufa: the kiosk's on-screen keyboard. Kiosks often have no Chinese input method, and Chromium on
   Linux has no on-screen keyboard: letters typed here are pinyin, held beside the keys until a
   candidate word is tapped, so the search box only ever gets Chinese (or digits) and the search
   never runs on half-typed letters. Kiosk mode only; the candidates are kiosk-keyboard-words.js. */
(function () {
  "use strict";
  var script = document.currentScript;
  var wordsModule = script ? new URL("kiosk-keyboard-words.js", script.src).href : null;
  var PAGE = 6;  // candidates on one page of the bar

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    if (!document.documentElement.classList.contains("pufa-kiosk") || !wordsModule) return;
    // the kiosk's own container, a child of <body> (as kiosk.js finds it): content cannot fake the keyboard
    var chrome = null;
    for (var i = document.body.children.length - 1; i >= 0 && !chrome; i--) {
      if (document.body.children[i].hasAttribute("data-pufa-kiosk-chrome")) chrome = document.body.children[i];
    }
    var panel = chrome && chrome.querySelector("[data-pufa-keyboard]");
    var field = document.querySelector(".md-header input[data-pufa-search]") ||
      document.querySelector("input[data-pufa-search]");
    if (!panel || !field) return;
    var opener = chrome.querySelector("[data-pufa-search-open]");
    var shownLetters = panel.querySelector("[data-pufa-keyboard-letters]");
    var bar = panel.querySelector("[data-pufa-keyboard-candidates]");
    var previous = panel.querySelector("[data-pufa-key=previous]");
    var more = panel.querySelector("[data-pufa-key=more]");
    var status = panel.querySelector("[data-pufa-keyboard-status]");
    var letters = "", found = [], page = 0;

    field.setAttribute("inputmode", "none");  // the device's own keyboard, if it has one, stays down

    // the words are fetched when the keyboard first opens, not with every page
    var words = null;
    function load() {
      if (!words) {
        words = import(wordsModule).then(function (module) {
          return module.loadKeyboardWords().then(function (table) { return { table: table, candidates: module.candidates }; });
        });
        words.catch(function () { status.textContent = "拼音词库暂时无法使用，可以直接输入数字。"; });
      }
      return words;
    }
    function refresh() {
      shownLetters.textContent = letters;
      shownLetters.hidden = !letters;
      if (!letters) { found = []; page = 0; status.textContent = ""; draw(); return; }
      var asked = letters;
      load().then(function (loaded) {
        if (asked !== letters) return;  // more was typed meanwhile
        found = loaded.candidates(letters, loaded.table);
        page = 0;
        draw();
        status.textContent = found.length ? "" : "没有与“" + letters + "”相符的词，可以删掉几个字母再试。";
      }, function () { /* said once, by load() */ });
    }
    function draw() {
      bar.textContent = "";
      found.slice(page * PAGE, page * PAGE + PAGE).forEach(function (candidate, i) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "pufa-keyboard__candidate";
        button.textContent = candidate.word;
        button.setAttribute("data-pufa-candidate", String(page * PAGE + i));
        bar.appendChild(button);
      });
      previous.hidden = page === 0;
      more.hidden = (page + 1) * PAGE >= found.length;
      fit();
    }
    // the page below can scroll clear of the keyboard, so the results it produced are never under it
    function fit() {
      document.documentElement.style.setProperty("--pufa-keyboard-height", panel.hidden ? "0px" : panel.offsetHeight + "px");
    }
    function setValue(value) {
      field.value = value;
      field.dispatchEvent(new Event("input", { bubbles: true }));  // the search page searches as the box changes
    }
    function put(text) { setValue(field.value + text); }
    // letters still waiting when something else is typed become their best word (as an input method does)
    function commit() {
      if (!letters) return;
      var word = found[0] ? found[0].word : letters;
      letters = "";
      refresh();
      put(word);
    }
    function open() {
      if (!panel.hidden) return;
      panel.hidden = false;
      document.documentElement.classList.add("pufa-keyboard-open");
      opener && opener.setAttribute("aria-expanded", "true");
      load();
      fit();
    }
    function close() {
      if (panel.hidden) return;
      letters = "";
      refresh();
      panel.hidden = true;
      document.documentElement.classList.remove("pufa-keyboard-open");
      opener && opener.setAttribute("aria-expanded", "false");
      fit();
    }

    var keys = {
      delete: function () {
        if (letters) { letters = letters.slice(0, -1); refresh(); }
        else if (field.value) setValue(Array.from(field.value).slice(0, -1).join(""));
      },
      clear: function () { letters = ""; refresh(); setValue(""); },
      space: function () { if (letters) commit(); else put(" "); },
      search: function () {
        commit();
        close();
        if (field.form) field.form.requestSubmit();
      },
      close: close,
      previous: function () { page = Math.max(0, page - 1); draw(); },
      more: function () { page += 1; draw(); }
    };

    // keys keep the focus (and the caret) in the search box, where a reader can see what is typed
    panel.addEventListener("mousedown", function (event) { event.preventDefault(); });
    panel.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !panel.contains(button)) return;
      if (button.hasAttribute("data-pufa-candidate")) {
        // the letters it stood for are used up (a single character may leave the next syllable's)
        var chosen = found[Number(button.getAttribute("data-pufa-candidate"))];
        letters = chosen.rest;
        refresh();
        put(chosen.word);
        return;
      }
      var key = button.getAttribute("data-pufa-key");
      if (keys[key]) keys[key]();
      else if (/^[a-z]$/.test(key)) { letters += key; refresh(); }
      else if (/^[0-9]$/.test(key)) { commit(); put(key); }
    });
    if (opener) opener.addEventListener("click", open);
    field.addEventListener("click", open);
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) close();
    });
    // a tap outside the keyboard, the box and the 搜索 button closes it; not one on another open dialog
    document.addEventListener("click", function (event) {
      var target = event.target;
      if (panel.hidden || panel.contains(target) || target === field || (opener && opener.contains(target))) return;
      if (target.closest && target.closest("dialog[open]")) return;
      close();
    }, true);
    // the idle reset: the next reader finds neither the keyboard nor the last reader's words
    document.addEventListener("pufa-kiosk-reset", function () {
      close();
      field.value = "";
    });
  }
})();
