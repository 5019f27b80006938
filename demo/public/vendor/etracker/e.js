/*
 * Local stand-in for etracker's loader (code.etracker.com/code/e.js), so the demo works offline.
 * It behaves like the real one where ConsentGate integrates with it:
 * - normal mode: sets etracker's cookies at once and sends a page-view hit;
 * - cookie-less mode (data-block-cookies="true" on the loader): sends hits without an id and sets no tracking cookie
 *   until `_etracker.enableCookies()` is called (etracker's consent API); `disableCookies()` removes them again;
 * - `disableTracking()` puts the browser on the opt-out list (cookie `cntcookie`) and stops all hits.
 * Hits go to the demo server's collector (/demo/collect) instead of etracker's servers.
 */
(function () {
  var script = document.currentScript || document.getElementById('_etLoader');
  var base = script && script.src ? script.src : window.location.href;
  var collector = new URL('/demo/collect', base).href;
  var secureCode = (script && script.getAttribute('data-secure-code')) || 'unknown';
  var blockCookies = !!script && script.getAttribute('data-block-cookies') === 'true';
  var TWO_YEARS = 2 * 365 * 24 * 3600;
  var TRACKING_COOKIES = ['_et_coid', 'BT_sdc', 'BT_pdc', 'BT_ctst', 'BT_ecl', 'GS3_v', 'isSdEnabled'];

  function readCookie(name) {
    var parts = document.cookie ? document.cookie.split('; ') : [];
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].slice(0, eq) === name) return decodeURIComponent(parts[i].slice(eq + 1));
    }
    return null;
  }
  function cookieDomain(domain) {
    // Only this host or a parent domain may be named; "localhost" and IP addresses take a host-only cookie.
    var host = window.location.hostname;
    if (!domain || domain.indexOf('.') < 0 || /^[\d.]+$/.test(host) || host.indexOf(':') >= 0) return '';
    var bare = domain.replace(/^\./, '');
    return host === bare || host.slice(-bare.length - 1) === '.' + bare ? '; domain=' + bare : '';
  }
  function writeCookie(name, value, maxAge, domain) {
    var age = maxAge === undefined ? '' : '; max-age=' + maxAge;
    document.cookie = name + '=' + encodeURIComponent(value) + '; path=/; SameSite=Lax' + age + cookieDomain(domain);
  }
  function removeCookie(name, domain) {
    document.cookie = name + '=; path=/; max-age=0' + cookieDomain(domain);
    document.cookie = name + '=; path=/; max-age=0';
  }
  function randomId() {
    var bytes = new Uint8Array(12);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  var trackingDisabled = readCookie('cntcookie') === '1';
  var cookiesEnabled = !blockCookies || readCookie('et_allow_cookies') === '1';

  function setTrackingCookies(domain) {
    var now = Math.floor(Date.now() / 1000);
    if (!readCookie('_et_coid')) writeCookie('_et_coid', randomId(), TWO_YEARS, domain);
    writeCookie('BT_sdc', 'eyJldF9jb2lkIjoiZGVtbyJ9', undefined, domain);
    writeCookie('BT_pdc', 'eyJ2aXNpdHMiOjF9', TWO_YEARS, domain);
    writeCookie('BT_ctst', '', undefined, domain);
    writeCookie('GS3_v', 'kGS3_v=' + now, TWO_YEARS, domain);
    writeCookie('isSdEnabled', 'false', 24 * 3600, domain);
  }

  function hit(event) {
    if (trackingDisabled) return;
    var url = new URL(collector);
    url.searchParams.set('t', 'etracker');
    url.searchParams.set('e', event);
    url.searchParams.set('code', secureCode);
    url.searchParams.set('page', window.location.pathname);
    url.searchParams.set('mode', cookiesEnabled ? 'cookies' : 'cookieless');
    if (cookiesEnabled) url.searchParams.set('coid', readCookie('_et_coid') || '');
    if (navigator.sendBeacon) navigator.sendBeacon(url.href);
    else new window.Image().src = url.href;
  }

  var api = {
    enableCookies: function (domain) {
      cookiesEnabled = true;
      writeCookie('et_allow_cookies', '1', TWO_YEARS, domain);
      setTrackingCookies(domain);
      hit('cookies-enabled');
    },
    disableCookies: function (domain) {
      cookiesEnabled = false;
      for (var i = 0; i < TRACKING_COOKIES.length; i++) removeCookie(TRACKING_COOKIES[i], domain);
      removeCookie('et_allow_cookies', domain);
    },
    areCookiesEnabled: function () {
      return cookiesEnabled;
    },
    disableTracking: function (domain) {
      trackingDisabled = true;
      api.disableCookies(domain);
      writeCookie('cntcookie', '1', 4 * 365 * 24 * 3600, domain);
    },
    enableTracking: function (domain) {
      trackingDisabled = false;
      removeCookie('cntcookie', domain);
    },
    isTrackingEnabled: function () {
      return !trackingDisabled;
    },
    sendEvent: function (name) {
      hit(String(name || 'event'));
    },
  };
  window._etracker = api;

  if (cookiesEnabled && !trackingDisabled) setTrackingCookies();
  hit('pageview');

  // etracker runs callbacks queued in window._etrackerOnReady once it is loaded, and at once afterwards.
  var queued = window._etrackerOnReady;
  var run = function (fn) {
    if (typeof fn === 'function') fn();
  };
  if (queued && queued.length) for (var j = 0; j < queued.length; j++) run(queued[j]);
  window._etrackerOnReady = { push: run };
})();
