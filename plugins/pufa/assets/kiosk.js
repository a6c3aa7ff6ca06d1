/* pufa: elder mode (适老模式) on the public site; kiosk mode on touchscreens.
   The class on <html> is set before first paint by the inline script the kiosk plugin adds. */
(function () {
  "use strict";
  // the kiosk bar and dialogs come after this script in the page
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    var root = document.documentElement;
    var kiosk = root.classList.contains("pufa-kiosk");
    var $ = function (selector) { return document.querySelector(selector); };

    function store(storage, key, value) {
      try {
        if (value === null) storage.removeItem(key); else storage.setItem(key, value);
      } catch (e) { /* private mode: the setting lasts for this page only */ }
    }

    // elder mode: persists in localStorage, reachable from the header
    var toggle = $("[data-pufa-elder-toggle]");
    if (toggle) {
      var show = function () { toggle.setAttribute("aria-pressed", String(root.classList.contains("pufa-elder"))); };
      show();
      toggle.addEventListener("click", function () {
        var on = root.classList.toggle("pufa-elder");
        store(localStorage, "pufa.elder", on ? "1" : null);
        show();
      });
    }

    // wide tables scroll sideways: keyboard users must be able to reach and scroll them (WCAG 2.1.1)
    window.addEventListener("load", function () {
      document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
        if (wrap.scrollWidth > wrap.clientWidth && !wrap.hasAttribute("tabindex")) {
          wrap.setAttribute("tabindex", "0");
          wrap.setAttribute("role", "region");
          wrap.setAttribute("aria-label", "表格，可左右滚动");
        }
      });
    });

    if (!kiosk) return;

    var idle = $("[data-pufa-idle]");
    var settings = {
      idle: Number(idle.dataset.idleSeconds) * 1000,
      countdown: Number(idle.dataset.countdownSeconds),
      attract: Number(idle.dataset.attractSeconds) * 1000,
      start: idle.dataset.start
    };
    // a fresh page always opens at its top: the next reader must not see where the last one was
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";

    // no long-press menus, text selection or dragging on a public screen
    document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
    document.addEventListener("dragstart", function (event) { event.preventDefault(); });
    document.addEventListener("selectstart", function (event) {
      if (!event.target.closest || !event.target.closest("input, textarea")) event.preventDefault();
    });

    // "back" goes back only within this reader's visit; the trail is cleared with the session
    var trail = [];
    try { trail = JSON.parse(sessionStorage.getItem("pufa.trail") || "[]"); } catch (e) { trail = []; }
    var here = location.pathname;
    if (trail.length > 1 && trail[trail.length - 2] === here) trail.pop();
    else if (trail[trail.length - 1] !== here) trail.push(here);
    store(sessionStorage, "pufa.trail", JSON.stringify(trail));
    var back = $("[data-pufa-back]");
    back.addEventListener("click", function () {
      if (trail.length > 1) history.back(); else location.href = settings.start;
    });

    // search: focus the site's search field so the device's on-screen keyboard comes up
    var searchButton = $("[data-pufa-search-open]");
    var searchField = $("input[data-pufa-search]") || $("[data-md-component=search-query]");
    var searchToggle = document.getElementById("__search");  // Material's own search, if it is used
    if (searchField) {
      searchButton.addEventListener("click", function () {
        if (searchToggle) { searchToggle.checked = true; searchToggle.dispatchEvent(new Event("change")); }
        searchField.scrollIntoView({ block: "center" });
        searchField.focus();
      });
    } else {
      searchButton.hidden = true;
    }

    // links that leave the site show a QR code instead of navigating
    var qrDialog = $("[data-pufa-qr-dialog]");
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href]");
      if (!link || link.origin === location.origin || !/^https?:$/.test(link.protocol)) return;
      event.preventDefault();
      var image = qrDialog.querySelector("[data-pufa-qr-image]");
      image.hidden = !link.dataset.pufaQr;
      if (link.dataset.pufaQr) {
        image.src = link.dataset.pufaQr;
        image.alt = "二维码：" + link.href;
      }
      qrDialog.querySelector("[data-pufa-qr-url]").textContent = link.href;
      qrDialog.showModal();
    }, true);
    qrDialog.querySelector("[data-pufa-qr-close]").addEventListener("click", function () { qrDialog.close(); });

    // idle: ask "还在使用吗？", count down, then reset to the start screen
    var idleTimer = null;
    var tick = null;
    var attractShown = false;

    function reset() {
      try { sessionStorage.clear(); } catch (e) { /* nothing stored */ }
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var key = localStorage.key(i);
          if (key !== "pufa.kiosk") localStorage.removeItem(key);
        }
      } catch (e) { /* nothing stored */ }
      // replace, so the last reader's page is not one "back" away
      location.replace(settings.start + "?attract=1");
    }

    function ask() {
      var left = settings.countdown;
      var shown = idle.querySelector("[data-pufa-countdown]");
      shown.textContent = String(left);
      idle.showModal();
      tick = setInterval(function () {
        left -= 1;
        shown.textContent = String(Math.max(left, 0));
        if (left <= 0) { clearInterval(tick); reset(); }
      }, 1000);
    }

    function arm() {
      clearTimeout(idleTimer);
      if (!attractShown && !idle.open) idleTimer = setTimeout(ask, settings.idle);
    }

    idle.querySelector("[data-pufa-stay]").addEventListener("click", function () {
      clearInterval(tick);
      idle.close();
      arm();
    });
    idle.querySelector("[data-pufa-leave]").addEventListener("click", reset);
    idle.addEventListener("cancel", function (event) { event.preventDefault(); });
    ["pointerdown", "keydown", "wheel", "touchstart", "input", "scroll"].forEach(function (name) {
      window.addEventListener(name, function () { if (!idle.open) arm(); }, { passive: true, capture: true });
    });

    // attract loop on the start screen: current consultations and the newest content
    var attract = $("[data-pufa-attract]");
    if (attract) {
      var cards = attract.querySelectorAll("[data-pufa-attract-card]");
      var pause = attract.querySelector("[data-pufa-attract-pause]");
      var current = 0;
      var cycle = null;
      var showCard = function (index) {
        cards.forEach(function (card, i) { card.hidden = i !== index; });
      };
      var play = function () {
        clearInterval(cycle);
        cycle = setInterval(function () { current = (current + 1) % cards.length; showCard(current); }, settings.attract);
      };
      var open = function () {
        attractShown = true;
        clearTimeout(idleTimer);
        attract.hidden = false;
        showCard(0);
        play();
        attract.querySelector("[data-pufa-attract-start]").focus();
      };
      pause.addEventListener("click", function () {
        var paused = pause.getAttribute("aria-pressed") !== "true";
        pause.setAttribute("aria-pressed", String(paused));
        pause.textContent = paused ? "继续轮播" : "暂停轮播";
        if (paused) clearInterval(cycle); else play();
      });
      attract.querySelector("[data-pufa-attract-start]").addEventListener("click", function () {
        clearInterval(cycle);
        attract.hidden = true;
        attractShown = false;
        history.replaceState(null, "", location.pathname);
        arm();
      });
      if (new URLSearchParams(location.search).get("attract") === "1") open();
    }
    arm();
  }
})();
