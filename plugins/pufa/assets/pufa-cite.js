// Article previews for citation links (a.pufa-cite): hover or focus with a mouse or
// keyboard, tap on a touch screen (first tap previews, the link inside opens the article).
(function () {
  "use strict";
  var box = null;
  var owner = null;
  var pinned = null; // the link whose preview a tap opened: the next tap follows it
  var lastPointer = "mouse";

  function ensureBox() {
    if (box) return box;
    box = document.createElement("div");
    box.id = "pufa-cite-preview";
    box.className = "pufa-cite-preview";
    box.setAttribute("role", "tooltip");
    box.setAttribute("data-pufa-cite-preview", "");
    box.hidden = true;
    document.body.appendChild(box);
    return box;
  }

  function show(link, withLink) {
    var el = ensureBox();
    el.textContent = link.getAttribute("data-pufa-preview") || "";
    if (withLink) {
      var open = document.createElement("a");
      open.href = link.href;
      open.textContent = "打开条文";
      open.className = "pufa-cite-open";
      el.appendChild(document.createElement("br"));
      el.appendChild(open);
    }
    var rect = link.getBoundingClientRect();
    el.hidden = false;
    var width = Math.min(420, document.documentElement.clientWidth - 16);
    el.style.maxWidth = width + "px";
    var left = Math.max(8, Math.min(rect.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    el.style.left = left + "px";
    el.style.top = rect.bottom + window.scrollY + 6 + "px";
    link.setAttribute("aria-describedby", el.id);
    owner = link;
  }

  function hide() {
    if (box) box.hidden = true;
    if (owner) owner.removeAttribute("aria-describedby");
    owner = null;
    pinned = null;
  }

  function init() {
    var links = document.querySelectorAll("a.pufa-cite");
    links.forEach(function (link) {
      // the preview replaces the native tooltip, which touch screens never show
      if (link.title) {
        link.setAttribute("data-pufa-preview", link.title);
        link.removeAttribute("title");
      }
      link.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType || "mouse"; });
      link.addEventListener("touchstart", function () { lastPointer = "touch"; }, { passive: true });
      link.addEventListener("pointerenter", function (e) { if (e.pointerType === "mouse") show(link, false); });
      link.addEventListener("pointerleave", function (e) { if (e.pointerType === "mouse") hide(); });
      link.addEventListener("focus", function () { show(link, false); });
      link.addEventListener("blur", function () { setTimeout(function () { if (!box || !box.contains(document.activeElement)) hide(); }, 150); });
      link.addEventListener("click", function (e) {
        // a tap also focuses the link, so "already previewed" must mean opened by a tap
        if (lastPointer !== "mouse" && pinned !== link) {
          e.preventDefault();
          show(link, true);
          pinned = link;
        }
      });
    });
    document.addEventListener("keydown", function (e) { if (e.key === "Escape") hide(); });
    document.addEventListener("pointerdown", function (e) {
      if (owner && !owner.contains(e.target) && (!box || !box.contains(e.target))) hide();
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
