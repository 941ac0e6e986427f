/*
 * Translation jobs you can watch: the page's Translations view and the page
 * editor poll the page's jobs (a small JSON view) every two seconds while a job
 * is queued or running, and stop when none is. The server renders the markup
 * (in the admin's language, with the Retry form's CSRF token); this script only
 * swaps it in. When the last job ends, the per-field status table of the
 * Translations view is fetched again too, so "Missing" turns into "Machine draft"
 * without a reload. No inline code, so it runs under the admin's Content-Security-Policy.
 */
(function () {
    "use strict";

    var INTERVAL = 2000;
    var MAX_POLLS = 1800; // an hour: a job runs for minutes; a forgotten tab stops asking
    var MAX_FAILURES = 5;

    function fetchJobs(url) {
        return fetch(url, {
            credentials: "same-origin",
            headers: { Accept: "application/json" },
        }).then(function (response) {
            if (!response.ok) {
                throw new Error(response.status);
            }
            return response.json();
        });
    }

    function refreshStatusTable() {
        var table = document.querySelector("[data-translation-status]");
        if (!table) {
            return;
        }
        fetch(window.location.href, { credentials: "same-origin" })
            .then(function (response) {
                return response.ok ? response.text() : Promise.reject(response.status);
            })
            .then(function (html) {
                var fresh = new DOMParser()
                    .parseFromString(html, "text/html")
                    .querySelector("[data-translation-status]");
                if (fresh) {
                    table.replaceWith(fresh);
                }
            })
            .catch(function () {});
    }

    function watch(box, url, active) {
        var polls = 0;
        var failures = 0;
        function poll() {
            fetchJobs(url)
                .then(function (data) {
                    failures = 0;
                    box.innerHTML = data.html;
                    box.dataset.active = data.active ? "1" : "0";
                    if (!data.active) {
                        refreshStatusTable();
                    } else if (++polls < MAX_POLLS) {
                        window.setTimeout(poll, INTERVAL);
                    }
                })
                .catch(function () {
                    if (++failures < MAX_FAILURES) {
                        window.setTimeout(poll, INTERVAL);
                    }
                });
        }
        if (active) {
            window.setTimeout(poll, INTERVAL);
        }
    }

    function onTranslationsPage() {
        var box = document.querySelector("[data-jobs-live]");
        if (box) {
            watch(box, box.dataset.jobsUrl, box.dataset.active === "1");
        }
    }

    function onEditPage(script) {
        var match = window.location.pathname.match(/\/pages\/(\d+)\/edit\/$/);
        if (!match || !script) {
            return;
        }
        var url = script.dataset.jobsUrlTemplate.replace(/\/0\/jobs\.json$/, "/" + match[1] + "/jobs.json");
        fetchJobs(url)
            .then(function (data) {
                if (!data.active && !data.recent) {
                    return;
                }
                var box = document.createElement("div");
                box.className = "translation-jobs-live nice-padding";
                box.setAttribute("aria-live", "polite");
                box.dataset.jobsLive = "";
                box.innerHTML = data.html;
                var header = document.querySelector("main header, header.w-header, .w-slim-header, header");
                if (header && header.parentNode) {
                    header.after(box);
                } else {
                    document.body.prepend(box);
                }
                watch(box, url, data.active);
            })
            .catch(function () {});
    }

    var script = document.currentScript;
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", function () {
            onTranslationsPage();
            onEditPage(script && script.dataset.jobsUrlTemplate ? script : null);
        });
    } else {
        onTranslationsPage();
        onEditPage(script && script.dataset.jobsUrlTemplate ? script : null);
    }
})();
