/*
 * Demo only: shows, under the page, which trackers are running and which tracker cookies exist, so a visitor of the
 * demo can watch ConsentGate hold them back and release them. Updates once a second.
 */
(function () {
  var box = document.getElementById('tracker-status');
  if (!box) return;
  var TRACKER_COOKIE = /^(_et_coid|BT_\w+|GS3_v|isSdEnabled|et_allow_cookies|cntcookie|lp_uid|lp_seg_\w+)$/;
  function render() {
    var names = document.cookie ? document.cookie.split('; ').map(function (c) { return c.split('=')[0]; }) : [];
    var cookies = names.filter(function (n) { return TRACKER_COOKIE.test(n); });
    var et = window._etracker;
    var parts = [
      'etracker: ' + (et ? 'running, cookies ' + (et.areCookiesEnabled() ? 'on' : 'off') : 'not loaded'),
    ];
    if (box.getAttribute('data-pixel') === 'true') parts.push('retargeting pixel: ' + (window.linkpulse ? 'running' : 'not loaded'));
    if (box.getAttribute('data-chat') === 'true') {
      var chat = document.querySelector('iframe[data-service="whatsapp"]');
      parts.push('chat: ' + (chat && chat.getAttribute('src') ? 'loaded' : 'not loaded'));
    }
    parts.push('tracker cookies: ' + (cookies.length ? cookies.join(', ') : 'none'));
    box.textContent = parts.join(' · ');
  }
  render();
  window.setInterval(render, 1000);
})();
