/* pufa: kiosk mode on touchscreens (elder mode and other site-wide fixes are in pufa-a11y.js).
   The class on <html> is set before first paint by the inline script of the kiosk's head partial. */
(function () {
  "use strict";
  // the kiosk bar and dialogs come after this script in the page
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    var root = document.documentElement;
    var kiosk = root.classList.contains("pufa-kiosk");
    // the site's own bar and dialogs: the container the plugin puts directly in <body>; content
    // sits deeper, so a look-alike element in an explainer is never picked up
    var chrome = null;
    for (var i = document.body.children.length - 1; i >= 0 && !chrome; i--) {
      if (document.body.children[i].hasAttribute("data-pufa-kiosk-chrome")) chrome = document.body.children[i];
    }
    var $ = function (selector) { return chrome ? chrome.querySelector(selector) : null; };

    function store(storage, key, value) {
      try {
        if (value === null) storage.removeItem(key); else storage.setItem(key, value);
      } catch (e) { /* private mode: the setting lasts for this page only */ }
    }

    // ?kiosk= belongs to the kiosk's start address alone: a link that carries it loses it, so
    // content can neither switch a kiosk off nor a reader's browser into kiosk mode
    function dropModeSwitch(link) {
      if (!/^https?:$/.test(link.protocol) || link.origin !== location.origin) return;
      var url = new URL(link.href);
      if (!url.searchParams.has("kiosk")) return;
      url.searchParams.delete("kiosk");
      link.href = url.href;
    }
    document.querySelectorAll("a[href], area[href]").forEach(dropModeSwitch);
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[href], area[href]");
      if (link) dropModeSwitch(link);
    }, true);

    if (!kiosk || !chrome) return;

    var idle = $("[data-pufa-idle]");
    var settings = {
      idle: Number(idle.dataset.idleSeconds) * 1000,
      countdown: Number(idle.dataset.countdownSeconds),
      attract: Number(idle.dataset.attractSeconds) * 1000,
      start: idle.dataset.start
    };

    // each idle reset starts an epoch; a page from an earlier one (reached with Back) is the last
    // reader's, so it is left at once (the inline script in <head> already hid it)
    var EPOCH = "pufa.kiosk.epoch";
    var epoch = function () {
      try { return localStorage.getItem(EPOCH) || "0"; } catch (e) { return "0"; }
    };
    var stamp = function (url) {
      var state = Object.assign({}, history.state, { pufaEpoch: epoch() });
      if (url) history.replaceState(state, "", url); else history.replaceState(state, "");
    };
    // a new page's entry has no state yet; an entry of this site always carries the epoch it was read in
    var leaveIfStale = function () {
      if (!history.state || !history.state.pufaEpoch || history.state.pufaEpoch === epoch()) return false;
      root.classList.add("pufa-kiosk-stale");
      location.replace(settings.start);
      return true;
    };
    if (root.classList.contains("pufa-kiosk-stale") && leaveIfStale()) return;
    stamp();
    window.addEventListener("pageshow", function (event) { if (event.persisted) leaveIfStale(); });

    // a fresh page always opens at its top: the next reader must not see where the last one was
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    // but 返回 (or Back) leads to where this reader was: each entry keeps its own scroll position,
    // in history.state like the epoch, so a page of an earlier reader never reaches it
    var remember = function () {
      history.replaceState(Object.assign({}, history.state, { pufaScroll: Math.round(window.scrollY) }), "");
    };
    var saving = null;
    window.addEventListener("scroll", function () { clearTimeout(saving); saving = setTimeout(remember, 250); }, { passive: true });
    document.addEventListener("click", remember, true);  // a tap may leave before the timer runs
    window.addEventListener("pagehide", remember);
    var arrival = performance.getEntriesByType ? performance.getEntriesByType("navigation")[0] : null;
    var place = history.state && history.state.pufaScroll;
    if (arrival && arrival.type === "back_forward" && typeof place === "number" && place > 0) {
      var moved = false;
      ["pointerdown", "wheel", "keydown", "touchstart"].forEach(function (name) {
        window.addEventListener(name, function () { moved = true; }, { once: true, passive: true, capture: true });
      });
      var restore = function () { if (!moved) window.scrollTo(0, place); };
      // after the other scripts have put their controls (朗读) above the text, and again once images
      // and the QR code have their height, unless the reader has moved meanwhile
      setTimeout(restore, 0);
      window.addEventListener("load", restore, { once: true });
    }

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
    var searchField = document.querySelector(".md-header input[data-pufa-search]") ||
      document.querySelector("input[data-pufa-search]") || document.querySelector("[data-md-component=search-query]");
    var searchToggle = document.getElementById("__search");  // Material's own search, if it is used
    if (searchField) {
      searchButton.addEventListener("click", function () {
        if (searchToggle) { searchToggle.checked = true; searchToggle.dispatchEvent(new Event("change")); }
        searchField.focus({ preventScroll: true });  // the header stays on screen: the page must not jump
      });
    } else {
      searchButton.hidden = true;
    }

    // A kiosk opens this site's pages and nothing else. Whatever else a link leads to (another
    // site, a feed or .ics file, mail, phone …) is offered as an address and a QR code. The address
    // is the link's real target as the browser resolved it, never the link's text; the QR code is
    // the one the plugin made for that same address.
    var qrDialog = $("[data-pufa-qr-dialog]");
    var localRoot = new URL(chrome.dataset.root, location.href).href;
    var publicBase = chrome.dataset.publicBase;
    var OFFERS = {
      site: ["这个链接在本站以外", "触摸屏不能打开其他网站。请用手机扫描二维码，或在手机上输入下面的网址："],
      file: ["这是一个文件", "订阅源、日历等文件不能在触摸屏上打开。请用手机扫描二维码，或在手机上输入下面的网址："],
      app: ["这个链接要用手机上的程序打开", "电子邮件、电话、短信和日历链接不能在触摸屏上打开。请用手机扫描二维码，或记下下面的地址："],
      refused: ["这个链接不能打开", "触摸屏只能浏览本站的网页。"]
    };
    var APP_SCHEMES = ["mailto:", "tel:", "sms:", "webcal:"];
    var qrFiles = null;  // address → QR file, fetched when first needed

    function offerFor(link) {
      var url;
      try { url = new URL(link.href); } catch (e) { return { kind: "refused", address: "" }; }
      url.hash = "";
      if (/^https?:$/.test(url.protocol)) {
        if (url.origin !== location.origin) return { kind: "site", address: url.href };
        var last = url.pathname.split("/").pop();
        var page = !/\.[^.\/]+$/.test(last) || /\.html?$/i.test(last);
        if (page && !link.hasAttribute("download")) return null;
        var inside = url.href.indexOf(localRoot) === 0 && publicBase;
        return { kind: "file", address: inside ? new URL(url.href.slice(localRoot.length), publicBase).href : "" };
      }
      if (APP_SCHEMES.indexOf(url.protocol) >= 0) return { kind: "app", address: url.href };
      return { kind: "refused", address: "" };
    }

    function offer(offered) {
      var words = offered.address || offered.kind === "refused" ? OFFERS[offered.kind]
        : [OFFERS[offered.kind][0], "这个文件不能在触摸屏上打开。"];
      var image = qrDialog.querySelector("[data-pufa-qr-image]");
      var shown = qrDialog.querySelector("[data-pufa-qr-url]");
      qrDialog.querySelector("[data-pufa-qr-title]").textContent = words[0];
      qrDialog.querySelector("[data-pufa-qr-text]").textContent = words[1];
      shown.textContent = offered.address;
      shown.hidden = !offered.address;
      image.hidden = true;
      image.removeAttribute("src");
      image.alt = "";
      qrDialog.showModal();
      if (!offered.address) return;
      if (!qrFiles) {
        qrFiles = fetch(chrome.dataset.qrFolder + "index.json")
          .then(function (response) { return response.ok ? response.json() : {}; })
          .catch(function () { return {}; });
      }
      qrFiles.then(function (files) {
        if (!Object.prototype.hasOwnProperty.call(files, offered.address)) return;
        if (!qrDialog.open || shown.textContent !== offered.address) return;  // closed, or another link since
        image.src = chrome.dataset.qrFolder + files[offered.address];
        image.alt = "二维码：" + offered.address;
        image.hidden = false;
      });
    }

    ["click", "auxclick"].forEach(function (name) {
      document.addEventListener(name, function (event) {
        var link = event.target.closest && event.target.closest("a[href], area[href]");
        if (!link) return;
        var offered = offerFor(link);
        if (offered) {
          event.preventDefault();
          if (name === "click") offer(offered);
        } else if (link.target && link.target !== "_self") {
          // a page of this site, but in a new window the idle reset would not reach: open it here
          event.preventDefault();
          location.href = link.href;
        }
      }, true);
    });
    qrDialog.querySelector("[data-pufa-qr-close]").addEventListener("click", function () { qrDialog.close(); });
    // a tap on the dimmed page around a dialog closes it (for the idle question: "继续使用")
    var outside = function (dialog, event) {
      var box = dialog.getBoundingClientRect();
      return event.target === dialog && (event.clientX < box.left || event.clientX > box.right ||
        event.clientY < box.top || event.clientY > box.bottom);
    };
    qrDialog.addEventListener("click", function (event) { if (outside(qrDialog, event)) qrDialog.close(); });

    // idle: ask "还在使用吗？", count down, then reset to the start screen
    var idleTimer = null;
    var tick = null;
    var attractShown = false;

    function reset() {
      document.dispatchEvent(new Event("pufa-kiosk-reset"));  // read-aloud.js stops speaking
      try { sessionStorage.clear(); } catch (e) { /* nothing stored */ }
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var key = localStorage.key(i);
          if (key !== "pufa.kiosk" && key !== EPOCH) localStorage.removeItem(key);
        }
      } catch (e) { /* nothing stored */ }
      // a new epoch: every page of the last reader now leaves itself when reached with Back
      store(localStorage, EPOCH, String(Date.now()) + "-" + Math.random().toString(36).slice(2));
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
    idle.addEventListener("click", function (event) { if (outside(idle, event)) idle.querySelector("[data-pufa-stay]").click(); });
    // pufa-activity: read-aloud.js speaking a passage (a listener touches nothing)
    ["pointerdown", "keydown", "wheel", "touchstart", "input", "scroll", "pufa-activity"].forEach(function (name) {
      window.addEventListener(name, function () { if (!idle.open) arm(); }, { passive: true, capture: true });
    });

    // attract loop on the start screen: current consultations and the newest content
    // only on the start screen, which content cannot add to
    var attract = root.classList.contains("pufa-kiosk-start") ? document.querySelector("[data-pufa-attract]") : null;
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
      // a tap anywhere on the loop starts, except on its pause button or a card's own link
      attract.addEventListener("click", function (event) {
        if (!attract.hidden && !event.target.closest("a, button")) attract.querySelector("[data-pufa-attract-start]").click();
      });
      attract.querySelector("[data-pufa-attract-start]").addEventListener("click", function () {
        clearInterval(cycle);
        attract.hidden = true;
        attractShown = false;
        stamp(location.pathname);
        arm();
      });
      if (new URLSearchParams(location.search).get("attract") === "1") open();
    }
    arm();
  }
})();
