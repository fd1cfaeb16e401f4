/**
 * status.js: shows every `<time class="local">` in the viewer's time zone and keeps the
 * "last updated" time's "(N minutes ago)" fresh. No dependencies, no network; served as a
 * file so the page's CSP needs no inline script.
 */
export const statusJs = `(function () {
  "use strict";
  var fmt;
  try {
    fmt = new Intl.DateTimeFormat(undefined, {
      day: "numeric", month: "short", year: "numeric",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
  } catch (e) {
    return;
  }
  function ago(ms) {
    var m = Math.max(0, Math.round((Date.now() - ms) / 60000));
    if (m < 1) return "less than a minute ago";
    if (m < 120) return m + (m === 1 ? " minute ago" : " minutes ago");
    var h = Math.round(m / 60);
    if (h < 48) return h + " hours ago";
    return Math.round(h / 24) + " days ago";
  }
  function render(selector) {
    var els = document.querySelectorAll(selector);
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var ms = Date.parse(el.getAttribute("datetime") || "");
      if (isNaN(ms)) continue;
      var text = fmt.format(new Date(ms));
      if (el.classList.contains("ago")) text += " (" + ago(ms) + ")";
      el.textContent = text;
    }
  }
  render("time.local[datetime]");
  if (document.querySelector("time.local.ago[datetime]")) {
    setInterval(function () { render("time.local.ago[datetime]"); }, 30000);
  }
})();
`;
