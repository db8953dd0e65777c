// crampcare's service worker: first aid and "When to get help" open with no network after one visit.
// Pages: network first (a fresh page when online; the kept copy of the pages listed by /offline-pages.json when
// not). Static files: the fingerprinted copy kept (its address changes with its content). Anything else that
// fails offline gets the offline page, which says so plainly; a form sent offline is never silently dropped.
"use strict";

var VERSION = new URL(self.location.href).searchParams.get("v") || "dev";
var CACHE = "crampcare-" + VERSION;
var NETWORK_WAIT_MS = 5000; // a kept page beats waiting on a network that is there but does not answer

self.addEventListener("install", function (event) {
  event.waitUntil(
    fetch("/offline-pages.json", { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (list) {
        return caches.open(CACHE).then(function (cache) { return cache.addAll(list.urls); });
      })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf("crampcare-") === 0 && n !== CACHE; })
          .map(function (n) { return caches.delete(n); }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function kept(request) {
  // The exact page, else the same page without its query (first aid "?setting=swimming" → the muscle's page).
  return caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (hit) {
      return hit || cache.match(new URL(request.url).pathname);
    });
  });
}

function offlinePage(sentForm) {
  return caches.match("/offline").then(function (page) {
    if (!page) return new Response("No connection.", { status: 503, headers: { "Content-Type": "text/plain" } });
    if (!sentForm) return page;
    // The same page, with its "Not sent" paragraph shown: nothing was saved, and the form can be sent again.
    return page.text().then(function (html) {
      return new Response(html.replace('id="offline-post" hidden', 'id="offline-post"'), {
        status: 503, headers: { "Content-Type": "text/html; charset=utf-8" }
      });
    });
  });
}

function timeout(ms) {
  return new Promise(function (_, reject) { setTimeout(function () { reject(new Error("timeout")); }, ms); });
}

function page(event) {
  var request = event.request;
  var path = new URL(request.url).pathname;
  var network = fetch(request).then(function (response) {
    if (response.ok) {
      // Keep kept pages fresh (a changed emergency number shows on the next offline visit).
      return caches.open(CACHE).then(function (cache) {
        return cache.match(path).then(function (wasKept) {
          if (wasKept) event.waitUntil(cache.put(request, response.clone()));
          return response;
        });
      });
    }
    return response;
  });
  return Promise.race([network, timeout(NETWORK_WAIT_MS)]).catch(function () {
    return kept(request).then(function (hit) { return hit || network; });
  }).catch(function () {
    return offlinePage(false);
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (request.mode === "navigate") {
      // A form sent with no connection: say so, instead of the browser's error page.
      event.respondWith(fetch(request).catch(function () { return offlinePage(true); }));
    }
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.open(CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) { return hit || fetch(request); });
    }));
  }
});
