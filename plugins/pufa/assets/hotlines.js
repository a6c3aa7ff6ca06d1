/* pufa: the 12348-family public service hotlines in a page's text become tel: links, so a phone
   reader taps to call (a kiosk offers the number with its QR code instead, as for any tel: link). */
(function () {
  "use strict";
  // 123xx: the state's five-digit public service lines (12348 法律服务, 12333 人社, 12315 市场监管 …)
  var HOTLINE = /(^|[^\d第])(123\d\d)(?!\d)/g;
  var SKIP = "a, code, pre, script, style, textarea, button, [data-pufa-read-aloud]";

  function link(article) {
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
    var found = [];
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      HOTLINE.lastIndex = 0;
      if (HOTLINE.test(node.data) && !(node.parentElement && node.parentElement.closest(SKIP))) found.push(node);
    }
    found.forEach(function (text) {
      var parts = document.createDocumentFragment();
      var rest = text.data;
      var at = 0;
      HOTLINE.lastIndex = 0;
      rest.replace(HOTLINE, function (match, before, number, offset) {
        var start = offset + before.length;
        parts.appendChild(document.createTextNode(rest.slice(at, start)));
        var a = document.createElement("a");
        a.href = "tel:" + number;
        a.className = "pufa-tel";
        a.setAttribute("data-pufa-tel", "");
        a.textContent = number;
        parts.appendChild(a);
        at = start + number.length;
        return match;
      });
      parts.appendChild(document.createTextNode(rest.slice(at)));
      text.parentNode.replaceChild(parts, text);
    });
  }

  function start() {
    // a kiosk cannot call: its numbers stay text to read (a tel: link there opens the QR dialog)
    if (document.documentElement.classList.contains("pufa-kiosk")) return;
    var article = document.querySelector("article.md-content__inner");
    if (article) link(article);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
