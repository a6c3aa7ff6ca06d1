/* pufa calendar: what is "upcoming" is decided here, in China time, whatever the device's zone.
   The server-rendered lists hold every date of the window; this script only shows, hides and
   labels them, so a page built weeks ago is still right today. */
(function () {
  "use strict";

  var DAY = 86400000;

  function chinaToday() {
    var parts = new Intl.DateTimeFormat("en-US", {
      timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit"
    }).formatToParts(new Date());
    var get = function (type) {
      return parts.filter(function (p) { return p.type === type; })[0].value;
    };
    return get("year") + "-" + get("month") + "-" + get("day");
  }

  // ISO dates as whole days, so differences never depend on a time zone or daylight saving
  function dayNumber(iso) {
    var p = iso.split("-").map(Number);
    return Date.UTC(p[0], p[1] - 1, p[2]) / DAY;
  }

  function monthDay(iso) {
    var p = iso.split("-").map(Number);
    return p[1] + "月" + p[2] + "日";
  }

  function whenText(start, end, today) {
    if (start <= today && today <= end) {
      return start === end ? "今天" : "进行中，至" + monthDay(end);
    }
    var days = dayNumber(start) - dayNumber(today);
    return days === 1 ? "明天" : "还有 " + days + " 天";
  }

  function toggle(element, visible) {
    if (visible) element.removeAttribute("data-pufa-hidden");
    else element.setAttribute("data-pufa-hidden", "");
  }

  function updateList(list, today) {
    var limit = Number(list.getAttribute("data-pufa-limit")) || 0;
    var shown = 0;
    var items = list.querySelectorAll("[data-pufa-calendar-item]");
    for (var i = 0; i < items.length; i++) {
      var item = items[i];
      var start = item.getAttribute("data-pufa-start");
      var end = item.getAttribute("data-pufa-end");
      var visible = end >= today && (limit === 0 || shown < limit);
      toggle(item, visible);
      if (visible) {
        shown++;
        var when = item.querySelector("[data-pufa-calendar-when]");
        if (when) when.textContent = whenText(start, end, today);
      }
    }
    // the server writes the as-of note just before the list and the empty note just after it
    var note = list.previousElementSibling;
    if (note && note.hasAttribute("data-pufa-calendar-asof")) toggle(note, false);
    var empty = list.nextElementSibling;
    if (empty && empty.hasAttribute("data-pufa-calendar-empty")) toggle(empty, shown === 0);
  }

  function updateCountdown(element, today) {
    var md = element.getAttribute("data-month-day").split("-").map(Number);
    var name = element.getAttribute("data-name");
    var since = Number(element.getAttribute("data-since")) || 0;
    var year = Number(today.slice(0, 4));
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    var target = year + "-" + pad(md[0]) + "-" + pad(md[1]);
    if (target < today) {
      year += 1;
      target = year + "-" + pad(md[0]) + "-" + pad(md[1]);
    }
    var full = since ? "第" + (year - since + 1) + "个" + name : name;
    var days = dayNumber(target) - dayNumber(today);
    element.textContent = days === 0 ? "今天是" + full
      : "距离" + full + "（" + year + "年" + md[0] + "月" + md[1] + "日）还有 " + days + " 天";
  }

  function setupMonths(container, today) {
    var months = container.querySelectorAll("[data-pufa-calendar-month]");
    if (!months.length) return;
    var keys = [];
    for (var i = 0; i < months.length; i++) keys.push(months[i].getAttribute("data-pufa-calendar-month"));
    var current = today.slice(0, 7);
    var index = keys.indexOf(current);
    if (index < 0) index = current < keys[0] ? 0 : keys.length - 1;

    var section = container.querySelector('[data-pufa-calendar-month="' + current + '"]');
    var days = section ? section.querySelectorAll("td > b") : [];
    for (var d = 0; d < days.length; d++) {
      if (Number(days[d].textContent) === Number(today.slice(8, 10))) {
        days[d].parentNode.setAttribute("data-pufa-calendar-today", "");
        days[d].parentNode.setAttribute("aria-current", "date");
      }
    }

    var bar = document.createElement("div");
    bar.className = "pufa-cal-monthnav";
    var prev = document.createElement("button");
    prev.type = "button";
    prev.textContent = "‹ 上个月";
    prev.setAttribute("data-pufa-calendar-prev", "");
    var next = document.createElement("button");
    next.type = "button";
    next.textContent = "下个月 ›";
    next.setAttribute("data-pufa-calendar-next", "");
    bar.appendChild(prev);
    bar.appendChild(next);
    container.insertBefore(bar, container.firstChild);

    function show(n) {
      index = Math.max(0, Math.min(keys.length - 1, n));
      for (var j = 0; j < months.length; j++) months[j].hidden = j !== index;
      prev.disabled = index === 0;
      next.disabled = index === keys.length - 1;
    }
    prev.addEventListener("click", function () { show(index - 1); });
    next.addEventListener("click", function () { show(index + 1); });
    show(index);
  }

  function run() {
    var today = chinaToday();
    document.documentElement.setAttribute("data-pufa-calendar-china-date", today);
    var lists = document.querySelectorAll("[data-pufa-calendar-upcoming]");
    for (var i = 0; i < lists.length; i++) updateList(lists[i], today);
    var countdowns = document.querySelectorAll("[data-pufa-calendar-countdown]");
    for (var k = 0; k < countdowns.length; k++) updateCountdown(countdowns[k], today);
    var views = document.querySelectorAll("[data-pufa-calendar-months]");
    for (var m = 0; m < views.length; m++) setupMonths(views[m], today);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
