/**
 * The digest page's script (GET /admin/digests/progress.js; the CSP allows scripts from 'self' only): while
 * a digest plans or sends, it asks the session-protected progress endpoint every two seconds and writes the
 * numbers into the page's `data-progress` fields, inside an aria-live region. It stops once the digest is
 * done, and after a failed request it simply tries again; without it the page shows the same numbers and a
 * refresh link.
 */
export const DIGEST_PROGRESS_SCRIPT = `'use strict';
(function () {
  var section = document.querySelector('[data-progress-url]');
  if (!section) return;
  var url = section.getAttribute('data-progress-url');
  var fields = section.querySelectorAll('[data-progress]');
  function show(progress) {
    for (var i = 0; i < fields.length; i++) {
      var key = fields[i].getAttribute('data-progress');
      var value = progress[key];
      if (value === undefined) continue;
      var text = key === 'ratePerSecond' ? Number(value).toFixed(1) + ' ' + progress.perSecond
        : key === 'state' ? progress.stateLabel : String(value);
      if (fields[i].textContent !== text) fields[i].textContent = text;
    }
  }
  function poll() {
    fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : undefined; })
      .then(function (progress) {
        if (progress) show(progress);
        if (!progress || progress.state !== 'done') setTimeout(poll, 2000);
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  setTimeout(poll, 2000);
})();
`
