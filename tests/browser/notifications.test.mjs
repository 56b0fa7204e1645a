// The bell and /notifikasi: an agency officer's bell counts a new dispatch of their agency and goes back
// down when the notifications are read; a user saves how they are reached; the service worker is served.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl } from './browser.mjs';
import { logIn, signIn, createIncident, command } from './session.mjs';

let operatorApi;
before(async () => {
  operatorApi = await signIn('operator1');
});

/** Opens a flood (BPBD leads), verifies it and dispatches BPBD, as operator1 through the API. */
async function floodDispatchedToBpbd() {
  const flood = await createIncident(operatorApi, { category: 'FLOOD', description: `Banjir uji ${Date.now()}` });
  await command(operatorApi, flood.id, { command: 'verify', method: 'callback', note: null });
  return command(operatorApi, flood.id, { command: 'dispatch', agencies: ['BPBD'] });
}

/** Signs `username` in through the API and gives them `settings` for this test; the old ones are put back after it. */
async function notificationSettingsFor(t, username, settings) {
  const user = await signIn(username);
  const previous = await user.get('/api/me/notification-settings');
  t.after(() => user.put('/api/me/notification-settings', previous));
  await user.put('/api/me/notification-settings', settings);
  return user;
}

/** The bell's number, once it reads `expected` (the window's focus makes the bell ask at once). */
async function bellReads(page, expected) {
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="bell-count"]')?.textContent === (n ? String(n) : ''),
    expected,
    { timeout: 15_000 },
  );
}

test("an agency officer's bell counts a new dispatch and goes down when it is read", async (t) => {
  const browser = await launch(t);
  const bpbdApi = await signIn('bpbd');
  // Whatever the demo left unread is read first, so that the count starts from nothing.
  assert.equal((await bpbdApi.post('/api/notifications/read', { ids: [] })).status, 200);
  const { page, errors } = await logIn(browser, 'bpbd');
  await page.locator('[data-testid="bell"]').waitFor({ state: 'visible' });
  await bellReads(page, 0);

  const first = await floodDispatchedToBpbd();
  const second = await floodDispatchedToBpbd();
  await bellReads(page, 2);
  await page.click('[data-testid="bell"]');
  const list = page.locator('[data-testid="bell-list"]');
  await list.waitFor({ state: 'visible' });
  assert.match(await list.innerText(), /P1 FLOOD: BPBD ditugaskan/);
  assert.equal(await list.locator('li.unread').count(), 2);

  // Opening one marks it read and leads to the agency's task.
  await list.locator(`a[href="/tugas/${second.id}"]`).click();
  await page.waitForFunction((path) => location.pathname === path, `/tugas/${second.id}`);
  await bellReads(page, 1);
  const unread = (await bpbdApi.get('/api/notifications')).notifications.filter((n) => !n.read);
  assert.deepEqual(unread.map((n) => n.incident), [first.id]);

  await page.click('[data-testid="bell"]');
  await page.click('[data-testid="bell-read-all"]');
  await bellReads(page, 0);
  assert.equal((await bpbdApi.get('/api/notifications')).unread, 0);
  assert.deepEqual(errors, []);
});

test('a user turns on duty and the webhook with a contact, and finds them saved', async (t) => {
  const browser = await launch(t);
  const psc119Api = await notificationSettingsFor(t, 'psc119', { on_duty: false, push: false, webhook: false });

  const { page, errors } = await logIn(browser, 'psc119');
  await page.click('[data-testid="bell"]');
  await page.click('[data-testid="bell-settings"]');
  await page.waitForFunction(() => location.pathname === '/notifikasi');
  await page.locator('#notification-settings').waitFor();
  await page.locator('[data-testid="settings-notice"]').filter({ hasText: /Memuat/ }).waitFor({ state: 'detached' });

  await page.check('#on-duty');
  await page.check('#webhook');
  await page.click('#settings-save');
  await page.locator('[data-testid="error-contact"]').waitFor({ state: 'visible' });
  await page.fill('#contact', '081234567890');
  await page.click('#settings-save');
  await page.locator('[data-testid="settings-notice"]').filter({ hasText: /disimpan/ }).waitFor({ timeout: 10_000 });
  const saved = await psc119Api.get('/api/me/notification-settings');
  assert.deepEqual(
    [saved.on_duty, saved.push, saved.webhook, saved.contact],
    [true, false, true, '081234567890'],
  );

  await page.reload({ waitUntil: 'load' });
  await page.locator('#contact').waitFor();
  await page.waitForFunction(() => document.querySelector('#contact').value === '081234567890', null, { timeout: 10_000 });
  assert.equal(await page.isChecked('#on-duty'), true);
  assert.equal(await page.isChecked('#push'), false);
  assert.equal(await page.locator('#morning-brief').count(), 0, 'the morning brief is not for officers');
  assert.deepEqual(errors, []);
});

test("the regent asks for the morning brief from the dashboard's bell", async (t) => {
  const browser = await launch(t);
  const bupatiApi = await notificationSettingsFor(t, 'bupati', { on_duty: false, push: false, webhook: false });
  const { page, errors } = await logIn(browser, 'bupati', { viewport: { width: 360, height: 740 } });
  await page.click('[data-testid="bell"]');
  await page.click('[data-testid="bell-settings"]');
  await page.locator('#notification-settings').waitFor({ timeout: 15_000 });
  await page.locator('[data-testid="settings-notice"]').filter({ hasText: /Memuat/ }).waitFor({ state: 'detached' });
  assert.equal(await page.isChecked('#morning-brief'), false);
  await page.check('#morning-brief');
  await page.click('#settings-save');
  await page.locator('[data-testid="settings-notice"]').filter({ hasText: /disimpan/ }).waitFor({ timeout: 10_000 });
  assert.equal((await bupatiApi.get('/api/me/notification-settings')).morning_brief, true);
  assert.deepEqual(errors, []);
});

test('an operator opens the settings from the bell; a browser that cannot take Web Push says so', async (t) => {
  const response = await fetch(`${baseUrl}/sw.js`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /javascript/);
  assert.match(await response.text(), /notificationclick/);

  const browser = await launch(t);
  const operator2Api = await notificationSettingsFor(t, 'operator2', { on_duty: true, push: false, webhook: false });
  const { page, errors } = await logIn(browser, 'operator2');
  // The settings page is not in the operator console's wasm: the app reloads into one that has it.
  await page.click('[data-testid="bell"]');
  await page.click('[data-testid="bell-settings"]');
  await page.locator('#notification-settings').waitFor({ timeout: 15_000 });
  await page.waitForFunction(() => document.querySelector('#on-duty')?.checked === true, null, { timeout: 10_000 });

  // The service worker registers at the site's root.
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.register('/sw.js')).scope);
  assert.equal(scope, `${baseUrl}/`);
  // Headless Chromium has no push service: the browser's refusal is shown, and push is not saved as on.
  await page.context().grantPermissions(['notifications'], { origin: baseUrl });
  await page.check('#push');
  await page.click('#settings-save');
  await page.locator('[data-testid="settings-notice"]').filter({ hasText: /Web Push tidak dapat dinyalakan/ }).waitFor({ timeout: 15_000 });
  assert.equal((await operator2Api.get('/api/me/notification-settings')).push, false);
  assert.deepEqual(errors, []);
});
