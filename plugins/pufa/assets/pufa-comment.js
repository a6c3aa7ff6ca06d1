// Public-comment banners and the consultations list, judged by today's date in China
// (Asia/Shanghai) whatever the device's zone, so a page built long ago is still right.
(function () {
  "use strict";

  function chinaToday() {
    // assembled from parts: locale formats differ between browsers and ICU builds
    var parts = {};
    new Intl.DateTimeFormat("en-US", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" })
      .formatToParts(new Date())
      .forEach(function (p) { parts[p.type] = p.value; });
    return parts.year + "-" + parts.month + "-" + parts.day;
  }

  function daysBetween(from, to) {
    return Math.round((Date.parse(to + "T00:00:00Z") - Date.parse(from + "T00:00:00Z")) / 86400000);
  }

  function phase(opens, closes, today) {
    if (today < opens) return "upcoming";
    if (today > closes) return "closed";
    return "open";
  }

  function updateBanner(banner, today) {
    var opens = banner.getAttribute("data-pufa-opens");
    var closes = banner.getAttribute("data-pufa-closes");
    var state = banner.querySelector("[data-pufa-comment-state]");
    var countdown = banner.querySelector("[data-pufa-comment-countdown]");
    var now = phase(opens, closes, today);
    banner.setAttribute("data-pufa-comment-phase", now);
    if (now === "upcoming") {
      state.textContent = "即将征求意见";
      countdown.textContent = "还有 " + daysBetween(today, opens) + " 天开始。";
    } else if (now === "open") {
      var left = daysBetween(today, closes);
      state.textContent = "正在征求意见";
      countdown.textContent = left === 0 ? "今天是最后一天。" : "距截止还有 " + left + " 天。";
    } else {
      state.textContent = "征求意见已结束";
      countdown.textContent = "感谢关注，已不再接收意见。";
    }
  }

  function updateList(list, today) {
    var closed = [];
    list.querySelectorAll("[data-pufa-consultation]").forEach(function (mark) {
      var item = mark.closest("li");
      var now = phase(mark.getAttribute("data-pufa-opens"), mark.getAttribute("data-pufa-closes"), today);
      item.setAttribute("data-pufa-consultation-phase", now);
      mark.textContent = now === "open" ? "【征求意见中】" : now === "upcoming" ? "【即将开始】" : "【已结束】";
      if (now === "closed") closed.push(item);
    });
    // closed consultations go last, in a list of their own under a heading
    if (closed.length) {
      var heading = document.createElement("h2");
      heading.textContent = "已结束";
      var ul = document.createElement("ul");
      ul.setAttribute("data-pufa-consultations-closed", "");
      closed.forEach(function (item) { ul.appendChild(item); });
      list.appendChild(heading);
      list.appendChild(ul);
    }
  }

  function init() {
    var today = chinaToday();
    document.querySelectorAll("[data-pufa-comment]").forEach(function (b) { updateBanner(b, today); });
    document.querySelectorAll("[data-pufa-consultations]").forEach(function (l) { updateList(l, today); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
