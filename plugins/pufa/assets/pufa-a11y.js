/* pufa: accessibility every page gets, with or without pufa/kiosk: the elder-mode toggle
   (适老模式; the class on <html> is set before first paint by an inline script in <head>) and
   keyboard access to wide tables. */
(function () {
  "use strict";
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();

  function start() {
    var root = document.documentElement;
    // elder mode: persists in localStorage, reachable from the header
    var toggle = document.querySelector(".md-header [data-pufa-elder-toggle]");
    if (toggle) {
      // the state in words for those who do not know what a pressed button looks like; the name
      // stays "适老模式" for screen readers, which announce aria-pressed themselves
      var state = toggle.querySelector("[data-pufa-elder-state]");
      var show = function () {
        var on = root.classList.contains("pufa-elder");
        toggle.setAttribute("aria-pressed", String(on));
        if (state) state.textContent = on ? "开" : "关";
      };
      show();
      toggle.addEventListener("click", function () {
        var on = root.classList.toggle("pufa-elder");
        try {
          if (on) localStorage.setItem("pufa.elder", "1"); else localStorage.removeItem("pufa.elder");
        } catch (e) { /* private mode: the setting lasts for this page only */ }
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
  }
})();
