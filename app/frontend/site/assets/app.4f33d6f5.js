// @ts-nocheck -- browser script; the project's type-check setup has no DOM library.
// Served as-is (no build step). The hash in the file name changes whenever the
// content does, which is what lets the server cache it for a year.
(function () {
  "use strict";

  /** Path (without trailing slash) -> id of the section that renders it. */
  var ROUTES = { "/": "view-home", "/about": "view-about" };
  var NOT_FOUND_VIEW = "view-not-found";
  var REQUEST_TIMEOUT_MS = 15000;

  // --- Client-side routing ---------------------------------------------------

  function currentPath() {
    return window.location.pathname.replace(/\/+$/, "") || "/";
  }

  function render() {
    var path = currentPath();
    var viewId = ROUTES[path] || NOT_FOUND_VIEW;
    document.querySelectorAll("[data-view]").forEach(function (section) {
      section.hidden = section.id !== viewId;
      if (section.id === viewId && section.dataset.title) {
        document.title = section.dataset.title;
      }
    });
    document.querySelectorAll("nav a[data-link]").forEach(function (link) {
      if (link.pathname === path) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-link]");
    // Let the browser handle modified clicks (new tab, etc.) and other origins.
    if (!link || link.origin !== window.location.origin) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (link.pathname !== window.location.pathname) {
      window.history.pushState(null, "", link.pathname);
    }
    render();
  });

  window.addEventListener("popstate", render);

  // --- Backend readiness and data -------------------------------------------

  // The backend may be a cold Lambda function or a database resuming from a
  // pause: /api/ready answers 503 (or the request times out) until it is up.
  // Retry with exponential backoff, honouring Retry-After, before giving up.
  var FIRST_RETRY_MS = 1000;
  var MAX_RETRY_MS = 20000;
  var MAX_ATTEMPTS = 8;

  var apiBase = null;
  var retryTimer = null;

  function showStatus(kind, message, detail) {
    var status = document.getElementById("status");
    status.className = "status status-" + kind;
    status.textContent = message;
    document.getElementById("status-detail").textContent = detail || "";
    document.getElementById("retry").hidden = kind !== "error";
  }

  /** Resolves with { status, body, retryAfterMs }; rejects only on network errors and timeouts. */
  function request(url, options) {
    var init = Object.assign({ signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), cache: "no-store" }, options);
    return fetch(url, init).then(
      function (response) {
        var seconds = Number(response.headers.get("Retry-After"));
        return response.json().then(
          function (body) {
            return { status: response.status, body: body, retryAfterMs: seconds > 0 ? seconds * 1000 : 0 };
          },
          function () {
            throw new Error(url + " did not return JSON (HTTP " + response.status + ")");
          },
        );
      },
      function (error) {
        // fetch rejects without detail on DNS, TLS, CORS and timeout failures.
        var timedOut = error && error.name === "TimeoutError";
        var failure = new Error("Could not reach " + url + " (" + (timedOut ? "timed out" : "network or CORS error") + ")");
        failure.retryable = true;
        throw failure;
      },
    );
  }

  function summary(body) {
    if (!body) return "";
    return "database: " + (body.database || "?") + ", table: " + (body.table || "?");
  }

  function backoff(attempt, retryAfterMs) {
    return Math.max(retryAfterMs || 0, Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * Math.pow(2, attempt)));
  }

  function waitForReady(attempt) {
    var url = apiBase + "/api/ready";
    var retry = function (reason, retryAfterMs) {
      if (attempt + 1 >= MAX_ATTEMPTS) {
        showStatus("error", "The API did not wake up.", reason + ". Try again in a minute.");
        return;
      }
      var delay = backoff(attempt, retryAfterMs);
      showStatus("waking", "The backend is waking up\u2026", reason + "; retrying in " + Math.round(delay / 1000) + " s.");
      retryTimer = setTimeout(function () {
        waitForReady(attempt + 1);
      }, delay);
    };
    request(url).then(
      function (res) {
        if (res.status === 200 && res.body && res.body.success === true) {
          showStatus("ok", "The API is ready.", summary(res.body));
          document.getElementById("record").hidden = false;
          loadVisits();
        } else if (res.status === 503) {
          retry(summary(res.body) || "not ready yet", res.retryAfterMs);
        } else {
          showStatus("error", "The API answered HTTP " + res.status + ".", summary(res.body));
        }
      },
      function (error) {
        if (error.retryable) retry(error.message, 0);
        else showStatus("error", "The API could not be reached.", error.message);
      },
    );
  }

  function renderVisits(id, source) {
    var list = document.getElementById(id);
    list.textContent = "";
    var items = source && source.status === "ok" ? source.visits : null;
    if (!items) {
      var none = document.createElement("li");
      none.textContent = source && source.status === "none" ? "not configured" : "unavailable";
      list.appendChild(none);
      return;
    }
    if (items.length === 0) {
      var empty = document.createElement("li");
      empty.textContent = "no visits yet";
      list.appendChild(empty);
    }
    items.forEach(function (visit) {
      var item = document.createElement("li");
      item.textContent = visit.at + " \u2014 " + visit.runtime;
      list.appendChild(item);
    });
  }

  function loadVisits() {
    document.getElementById("visits").hidden = false;
    return request(apiBase + "/api/visits").then(
      function (res) {
        if (res.status === 503) {
          waitForReady(0);
          return;
        }
        renderVisits("visits-database", res.body && res.body.database);
        renderVisits("visits-table", res.body && res.body.table);
      },
      function (error) {
        document.getElementById("visits-detail").textContent = error.message;
      },
    );
  }

  function recordVisit() {
    var button = document.getElementById("record");
    button.disabled = true;
    request(apiBase + "/api/visits", { method: "POST" })
      .then(
        function (res) {
          if (res.status === 503) {
            waitForReady(0);
            return;
          }
          document.getElementById("visits-detail").textContent =
            res.status === 201 ? "Recorded (" + summary(res.body) + ")." : "The API answered HTTP " + res.status + ".";
          return loadVisits();
        },
        function (error) {
          document.getElementById("visits-detail").textContent = error.message;
        },
      )
      .then(function () {
        button.disabled = false;
      });
  }

  function start() {
    clearTimeout(retryTimer);
    showStatus("pending", "Checking the API\u2026");
    // no-store: the config differs per deployment and must never be stale.
    request("/config.json")
      .then(function (res) {
        var config = res.body;
        if (res.status !== 200 || !config || typeof config.apiUrl !== "string" || config.apiUrl === "") {
          throw new Error("/config.json has no apiUrl");
        }
        apiBase = config.apiUrl.replace(/\/+$/, "");
        waitForReady(0);
      })
      .catch(function (error) {
        showStatus("error", "The API could not be reached.", error.message);
      });
  }

  document.getElementById("retry").addEventListener("click", start);
  document.getElementById("record").addEventListener("click", recordVisit);

  render();
  start();
})();
