// Today board: reload the board's content when the hotel's realtime stream says something changed
// (a session-authenticated SSE stream, /admin/today/events); without it, refresh every 60 s.
(function () {
  "use strict";
  var board = document.getElementById("today-board");
  if (!board) return;
  var live = document.getElementById("fd-live");
  var timer = null;
  var polling = null;

  function refresh() {
    timer = null;
    if (document.activeElement && document.activeElement.name === "q") return; // do not disturb typing
    fetch(window.location.href, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var next = new DOMParser().parseFromString(html, "text/html").getElementById("today-board");
        if (next) { board.innerHTML = next.innerHTML; live = document.getElementById("fd-live"); setLive(!polling); }
      })
      .catch(function () {});
  }

  function soon() { if (!timer) timer = setTimeout(refresh, 800); }

  function setLive(on) {
    if (!live) return;
    live.classList.toggle("on", on);
    live.textContent = on ? live.dataset.on || "updates live" : "refreshes every minute";
  }

  function startPolling() {
    if (polling) return;
    polling = setInterval(refresh, 60000);
    setLive(false);
  }

  var url = board.dataset.eventsUrl;
  if (url && window.EventSource) {
    var failures = 0;
    var source = new EventSource(url);
    source.onopen = function () { failures = 0; setLive(true); };
    source.onmessage = soon;
    source.onerror = function () {
      failures += 1;
      if (failures >= 3) { source.close(); startPolling(); }
    };
  } else {
    startPolling();
  }
})();
