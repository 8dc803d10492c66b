/*
 * The optional pre-load stub, in the shop's own file (a strict CSP forbids inline scripts): it queues
 * Parley calls made before widget.js has loaded; the loader replays them. Then one example use of the API.
 */
(function (w) {
  var p = (w.Parley = w.Parley || { q: [] });
  ['open', 'close', 'toggle', 'identify', 'setLocale', 'on'].forEach(function (m) {
    p[m] =
      p[m] ||
      function () {
        p.q.push([m].concat([].slice.call(arguments)));
      };
  });
})(window);

document.addEventListener('click', function (e) {
  var target = e.target instanceof Element ? e.target.closest('[data-parley-open]') : null;
  if (target) window.Parley.open();
});
