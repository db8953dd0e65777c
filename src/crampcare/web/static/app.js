// crampcare on every page: the offline service worker, the online/offline notice, the first-aid timer and the
// diary's offline queue. The words shown come from the page (data-* attributes and <template>s), not from here.
// Every flow works without this file; it only adds what needs a script.
(function () {
  "use strict";
  var script = document.currentScript;

  // --- the service worker: first aid and "When to get help" open with no network after one visit ----------
  if ("serviceWorker" in navigator && script && script.dataset.worker) {
    navigator.serviceWorker.register(script.dataset.worker, { scope: "/" }).catch(function () {
      /* not available (private mode, old browser): the pages still work online */
    });
  }

  function onReady(run) {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", run);
    else run();
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (_, key) { return values[key] === undefined ? "" : values[key]; });
  }

  // --- online / offline notice ------------------------------------------------------------------------------
  function showNetwork() {
    var note = document.getElementById("net-status");
    if (note) note.hidden = navigator.onLine;
  }

  // --- the 10-minute first-aid timer ------------------------------------------------------------------------
  var TIMER_KEY = "crampcare.timer-ends";
  var TEN_MINUTES = 10 * 60 * 1000;

  function setUpTimer() {
    var box = document.getElementById("cramp-timer");
    if (!box) return;
    var start = document.getElementById("timer-start");
    var stop = document.getElementById("timer-stop");
    var clock = document.getElementById("timer-clock");
    var left = document.getElementById("timer-left");
    var alertBox = document.getElementById("timer-alert");
    var advice = document.getElementById("timer-advice");
    var ticking = null;
    box.hidden = false;

    function two(n) { return (n < 10 ? "0" : "") + n; }
    function stopTicking() { if (ticking !== null) { clearInterval(ticking); ticking = null; } }
    function reset() {
      stopTicking();
      sessionStorage.removeItem(TIMER_KEY);
      clock.hidden = true;
      stop.hidden = true;
      alertBox.textContent = "";
    }
    function runOut() {
      stopTicking();
      clock.hidden = true;
      stop.hidden = true;
      sessionStorage.removeItem(TIMER_KEY);
      alertBox.textContent = "";
      alertBox.appendChild(advice.content.cloneNode(true));
    }
    function tick(ends) {
      var ms = ends - Date.now();
      if (ms <= 0) { runOut(); return; }
      var seconds = Math.ceil(ms / 1000);
      left.textContent = two(Math.floor(seconds / 60)) + ":" + two(seconds % 60);
    }
    function run(ends) {
      stopTicking();
      alertBox.textContent = "";
      clock.hidden = false;
      stop.hidden = false;
      tick(ends);
      ticking = setInterval(function () { tick(ends); }, 1000);
    }
    start.addEventListener("click", function () {
      var ends = Date.now() + TEN_MINUTES;
      sessionStorage.setItem(TIMER_KEY, String(ends));
      run(ends);
    });
    stop.addEventListener("click", reset);
    // A reload (or another muscle's page) keeps a running timer; one that ran out while away still shows the advice.
    var kept = Number(sessionStorage.getItem(TIMER_KEY));
    if (kept > 0 && kept <= Date.now() + TEN_MINUTES) run(kept);
  }

  // --- the diary's offline queue ----------------------------------------------------------------------------
  // A cramp logged with no connection is kept in this browser (localStorage) and sent to the diary's API when
  // the browser is back online. One the diary refuses stays here, with the diary's reason, until discarded.
  var QUEUE_KEY = "crampcare.offline-episodes";

  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
  }
  function saveQueue(queue) { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); }

  function isoWithOffset(date) {
    function two(n) { return (n < 10 ? "0" : "") + n; }
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    offset = Math.abs(offset);
    return date.getFullYear() + "-" + two(date.getMonth() + 1) + "-" + two(date.getDate()) + "T" +
      two(date.getHours()) + ":" + two(date.getMinutes()) + ":" + two(date.getSeconds()) +
      sign + two(Math.floor(offset / 60)) + ":" + two(offset % 60);
  }

  function number(text) {
    var value = Number(String(text).trim().replace(",", "."));
    return text !== "" && isFinite(value) ? value : text; // not a number: the diary refuses it and names the field
  }

  function episodeFrom(form) {
    var data = new FormData(form);
    var typed = data.get("started");
    // The time it was logged, in this browser's zone: sent later, "now" would be the wrong time.
    var started = typed ? new Date(typed) : new Date();
    var episode = {
      started: isoWithOffset(started),
      muscle: data.get("muscle") || "",
      side: data.get("side") || "",
      setting: data.get("setting") || "",
      pain: number(data.get("pain") || ""),
      duration_minutes: number(data.get("duration_minutes") || ""),
      triggers: data.getAll("triggers")
    };
    ["note", "trigger_note"].forEach(function (key) { if (data.get(key)) episode[key] = data.get(key); });
    ["swelling", "weakness"].forEach(function (key) { if (data.get(key)) episode[key] = data.get(key) === "true" ? true : data.get(key); });
    if (data.get("sleep_disturbance")) episode.sleep_disturbance = number(data.get("sleep_disturbance"));
    return episode;
  }

  function when(item) { return item.episode.started.slice(0, 16).replace("T", " "); }

  function showQueue(sentNow) {
    var box = document.getElementById("queue-status");
    if (!box) return;
    var queue = loadQueue();
    box.textContent = "";
    var list = document.createElement("ul");
    list.className = "queue";
    sentNow.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "sent";
      li.textContent = fill(box.dataset.sent, { when: when(item) }) + " ";
      if (item.id) {
        // The diary page of the entry says what it calls for (a long cramp: get help), as for one logged online.
        var open = document.createElement("a");
        open.href = "/diary?logged=" + encodeURIComponent(item.id) + "#episode-advice";
        open.textContent = box.dataset.open;
        li.appendChild(open);
      }
      list.appendChild(li);
    });
    queue.forEach(function (item) {
      var li = document.createElement("li");
      if (item.refused) {
        li.className = "refused";
        li.textContent = fill(box.dataset.refused, { when: when(item), why: item.refused }) + " ";
        var discard = document.createElement("button");
        discard.type = "button";
        discard.className = "button secondary";
        discard.textContent = box.dataset.discard;
        discard.addEventListener("click", function () {
          saveQueue(loadQueue().filter(function (other) { return other.key !== item.key; }));
          showQueue([]);
        });
        li.appendChild(discard);
      } else {
        li.className = "pending";
        li.textContent = fill(box.dataset.pending, { when: when(item) });
      }
      list.appendChild(li);
    });
    if (list.children.length) box.appendChild(list);
  }

  function reason(body) {
    var error = body && body.error;
    if (!error) return "";
    return (error.field ? error.field + ": " : "") + error.message + (error.valid ? " (" + error.valid + ")" : "");
  }

  function sendOne(item, sent) {
    return fetch("/api/v1/diary/episodes", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(item.episode)
    }).then(function (response) {
      var queue = loadQueue();
      if (response.status === 201) {
        saveQueue(queue.filter(function (other) { return other.key !== item.key; }));
        return response.json().catch(function () { return {}; }).then(function (body) {
          sent.push({ episode: item.episode, id: body.id });
        });
      }
      if (response.status === 422 || response.status === 400) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          queue.forEach(function (other) {
            if (other.key === item.key) other.refused = reason(body) || String(response.status);
          });
          saveQueue(queue);
        });
      }
      return null; // signed out, server trouble: kept as it is, and tried again later
    }).catch(function () { /* the network went again: kept, tried again when back online */ });
  }

  function sendWaiting() {
    // Read inside the lock: another tab may have sent some already.
    var waiting = loadQueue().filter(function (item) { return !item.refused; });
    var sent = [];
    var chain = Promise.resolve();
    waiting.forEach(function (item) { chain = chain.then(function () { return sendOne(item, sent); }); });
    return chain.then(function () { showQueue(sent); });
  }

  var sending = false;
  function sendQueue() {
    if (sending || !navigator.onLine) return;
    if (!loadQueue().some(function (item) { return !item.refused; })) { showQueue([]); return; }
    sending = true;
    // One tab at a time (Web Locks where the browser has them), so two open tabs never send one cramp twice.
    var run = navigator.locks ? navigator.locks.request("crampcare-offline-episodes", sendWaiting) : sendWaiting();
    Promise.resolve(run).then(function () { sending = false; }, function () { sending = false; });
  }

  function setUpQueue() {
    Array.prototype.forEach.call(document.querySelectorAll("form.quick-log"), function (form) {
      form.addEventListener("submit", function (event) {
        if (navigator.onLine) return; // online: the form is sent as usual
        event.preventDefault();
        var queue = loadQueue();
        queue.push({ key: Date.now() + "-" + Math.random().toString(36).slice(2), episode: episodeFrom(form) });
        saveQueue(queue);
        form.reset();
        showQueue([]);
        var box = document.getElementById("queue-status");
        if (box) box.scrollIntoView({ block: "center" });
      });
    });
    window.addEventListener("online", sendQueue);
    sendQueue();
    showQueue([]);
  }

  // The offline page stands in for the diary when "Log this cramp" is tapped with no network: its form takes the
  // muscle and place the first-aid page passed on (?muscle=hamstring&setting=bed_night), as the diary's does.
  function prefillOfflineLog() {
    var params = new URLSearchParams(window.location.search);
    [["o-muscle", "muscle"], ["o-setting", "setting"]].forEach(function (pair) {
      var select = document.getElementById(pair[0]);
      var wanted = params.get(pair[1]);
      if (!select || !wanted) return;
      if (Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) select.value = wanted;
    });
  }

  // The check-up's names check (issue 12 §5): "Remove" next to a name takes that name out of its box (the list is
  // the box's names, split as the server splits them), and the check runs again.
  function setUpNameRemoval() {
    document.addEventListener("click", function (event) {
      var button = event.target.closest ? event.target.closest("button.remove-name") : null;
      var area = button && document.getElementById("f-" + button.dataset.field);
      if (!area) return;
      var names = area.value.split(/[,;\n]+/).map(function (s) { return s.trim(); }).filter(Boolean);
      names.splice(Number(button.dataset.index), 1);
      area.value = names.join("\n");
      area.dispatchEvent(new Event("input", { bubbles: true }));
      area.focus();
    });
  }

  onReady(function () {
    setUpNameRemoval();
    showNetwork();
    window.addEventListener("online", showNetwork);
    window.addEventListener("offline", showNetwork);
    setUpTimer();
    prefillOfflineLog();
    setUpQueue();
  });
})();
