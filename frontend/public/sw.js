// Tanggap's service worker: shows the Web Push notifications the functions send, and opens the incident
// when one is clicked. It does nothing else (no caching): the app itself is always loaded from the site.
//
// A push's payload is JSON: {"title", "body"?, "tag"?, "url"?} (`url` a path of the app such as
// /kejadian/01J...); a notification's id may stand in for the tag. Anything unreadable still shows.

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (e) {
    data = { body: event.data ? event.data.text() : '' };
  }
  const url = typeof data.url === 'string' && data.url.startsWith('/') ? data.url : '/';
  const options = {
    body: data.body || '',
    data: { url },
    // The same incident's news replaces its older notification instead of piling up.
    tag: data.tag || data.id || undefined,
    renotify: Boolean(data.tag || data.id),
    requireInteraction: data.urgency === 'urgent',
  };
  event.waitUntil(self.registration.showNotification(data.title || 'Tanggap 112', options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      // A window of the app already open goes to the incident; else a new one opens there.
      for (const client of windows) {
        if (new URL(client.url).origin === self.location.origin && 'focus' in client) {
          // navigate() works for the windows this worker controls; another opens a window of its own.
          return client
            .focus()
            .then((focused) => focused.navigate(url))
            .catch(() => self.clients.openWindow(url));
        }
      }
      return self.clients.openWindow(url);
    }),
  );
});
