/*
 * Local stand-in for a retargeting pixel ("LinkPulse", fictional): like Meta's or LinkedIn's pixel it sets a
 * pseudonymous advertising id and interest-segment cookies, and reports the page view to its collector
 * (here the demo server's /demo/collect).
 */
(function () {
  var script = document.currentScript;
  var collector = new URL('/demo/collect', script && script.src ? script.src : window.location.href);
  var NINETY_DAYS = 90 * 24 * 3600;
  var match = document.cookie.match(/(?:^|; )lp_uid=([^;]*)/);
  var uid = match ? match[1] : String(Date.now()) + Math.floor(Math.random() * 1e9);
  document.cookie = 'lp_uid=' + uid + '; path=/; SameSite=Lax; max-age=' + NINETY_DAYS;
  document.cookie = 'lp_seg_telecoms=1; path=/; SameSite=Lax; max-age=' + 30 * 24 * 3600;
  collector.searchParams.set('t', 'linkpulse');
  collector.searchParams.set('e', 'pageview');
  collector.searchParams.set('page', window.location.pathname);
  collector.searchParams.set('uid', uid);
  if (navigator.sendBeacon) navigator.sendBeacon(collector.href);
  else new window.Image().src = collector.href;
  window.linkpulse = { uid: uid };
})();
