/*
 * Inside the chat iframe (stand-in for a WhatsApp "click to chat" widget): report that the chat was loaded, as the
 * real embed would to its provider, and open wa.me-style links in a new tab.
 */
(function () {
  var collector = new URL('/demo/collect', window.location.href);
  collector.searchParams.set('t', 'whatsapp');
  collector.searchParams.set('e', 'embed-loaded');
  collector.searchParams.set('page', document.referrer ? new URL(document.referrer).pathname : '');
  if (navigator.sendBeacon) navigator.sendBeacon(collector.href);
  else new window.Image().src = collector.href;
  document.cookie = 'wa_chat_seen=1; path=/; SameSite=Lax; max-age=' + 30 * 24 * 3600;
  var form = document.getElementById('chat-form');
  if (form) {
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var input = document.getElementById('chat-text');
      var log = document.getElementById('chat-log');
      if (!input || !log || !input.value) return;
      var line = document.createElement('p');
      line.className = 'me';
      line.textContent = input.value;
      log.appendChild(line);
      input.value = '';
    });
  }
})();
