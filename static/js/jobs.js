// The job page (issue 11 item 7): ask /jobs/<id>/status.json every few seconds and move the progress bar; when the
// job has finished, reload once to show the download or the error. No external scripts, no inline script; without
// JavaScript the page reloads itself (<noscript><meta http-equiv="refresh">).
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var interval = (parseInt(box.getAttribute("data-interval"), 10) || 3) * 1000;
  var bar = document.getElementById("job-progress");
  var count = document.getElementById("job-count");
  var status = document.getElementById("job-status");

  function show(data) {
    if (data.total > 0) {
      bar.max = data.total;
      bar.value = data.done;
    }
    bar.textContent = data.percent + "%";
    if (count) { count.textContent = data.done + " / " + data.total; }
    if (status) { status.textContent = data.status_label; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        show(data);
        if (data.finished) { window.location.reload(); } else { window.setTimeout(poll, interval); }
      })
      .catch(function () { window.setTimeout(poll, interval * 2); });
  }

  window.setTimeout(poll, interval);
})();
