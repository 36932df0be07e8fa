/**
 * The desk's only script (GET /admin/desk.js; the CSP allows scripts from 'self' only): the live preview.
 * It has no key handlers at all, and it leaves the textarea alone: it listens to `input` on the form and
 * ignores every event inside an IME composition (compositionstart…compositionend, or `isComposing`), so a
 * Korean syllable being composed is never interrupted. The preview is requested once typing pauses, after
 * the composition ends, and shown in a sandboxed frame (no scripts run in it).
 */
export const DESK_SCRIPT = `'use strict';
(function () {
  var form = document.querySelector('form[data-preview]');
  var frame = document.getElementById('preview');
  if (!form || !frame) return;
  var composing = false;
  var timer;
  var latest = 0;
  function render() {
    var ticket = ++latest;
    var data = new FormData(form);
    // The preview needs the words, not the cover image being chosen: it is sent once, with the save.
    data.delete('cover');
    fetch(form.getAttribute('data-preview'), {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: { 'X-Desk-Preview': '1' },
    })
      .then(function (response) { return response.text(); })
      .then(function (html) { if (ticket === latest) frame.srcdoc = html; })
      .catch(function () {});
  }
  function later() {
    clearTimeout(timer);
    if (composing) return;
    timer = setTimeout(render, 400);
  }
  form.addEventListener('compositionstart', function () { composing = true; clearTimeout(timer); });
  form.addEventListener('compositionend', function () { composing = false; later(); });
  form.addEventListener('input', function (event) {
    if (composing || event.isComposing) return;
    later();
  });
  render();
})();
`
