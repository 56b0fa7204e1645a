// The operator's screen: a report typed into the intake form appears on the board without a reload,
// and a bad field is reported beside that field with nothing created.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl, openPage, blockMapTiles } from './browser.mjs';
import { logIn, fillLogin, signIn } from './session.mjs';

/** operator1 through the API, for looking at the incidents beside the browser. */
let operatorApi;
before(async () => {
  operatorApi = await signIn('operator1');
});

/** Logs in as operator1 and waits until the board and the form are there (the form focuses the phone). */
async function openConsole(browser, viewport = { width: 1280, height: 900 }) {
  const { page, errors } = await logIn(browser, 'operator1', { viewport });
  await blockMapTiles(page);
  await page.locator('[data-testid="board"]').waitFor({ state: 'visible' });
  await page.waitForFunction(() => document.activeElement?.id === 'caller-phone', null, { timeout: 15_000 });
  return { page, errors };
}

/** Types into a search box (category, district, village) and takes the first match. */
async function choose(page, box, text) {
  await page.fill(box, text);
  await page.locator(`${box}-list [role="option"]`).first().waitFor();
  await page.press(box, 'Enter');
}

/** Picks the first village of the regency by typing its name; returns its name and its district's. */
async function choosePlace(page) {
  const regions = await operatorApi.get('/api/regions');
  const village = regions.find((r) => r.code.split('.').length === 4);
  assert.ok(village, 'no village in /api/regions');
  await choose(page, '#village', village.name);
  return { district: await page.inputValue('#district'), village: await page.inputValue('#village') };
}

/** Marks the document, so that a later check can tell whether the page was reloaded meanwhile. */
async function markDocument(page) {
  await page.evaluate(() => { window.__sameDocument = true; });
}

async function openIncidentsDescribedAs(description) {
  const board = await operatorApi.get('/api/incidents?limit=100');
  return board.incidents.filter((incident) => incident.description === description);
}

test('a fire reported through the form appears on the board without a reload', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openConsole(browser);
  const description = `Kebakaran gudang uji ${Date.now()}`;

  await choose(page, '#category', 'Kebakaran');
  const place = await choosePlace(page);
  await page.fill('#landmark', 'dekat pasar');
  await page.fill('#description', description);
  await page.fill('#caller-phone', '0812 3456 7890');
  await markDocument(page);
  await page.click('#submit');

  const row = page.locator('[data-testid="incident-row"]', { hasText: description });
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  const text = await row.innerText();
  assert.match(text, /P1/);
  assert.match(text, /Kebakaran/);
  assert.ok(text.includes(place.village) && text.includes(place.district), `place missing from: ${text}`);
  assert.match(text, /baru saja/);
  assert.match(text, /Diterima/);

  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');
  assert.match(await page.locator('[data-testid="intake-notice"]').innerText(), /Kejadian tersimpan/);
  assert.equal(await page.inputValue('#description'), '', 'the form is cleared for the next call');
  assert.equal(await page.inputValue('#category'), '');
  assert.deepEqual(errors, []);

  await page.screenshot({ path: '/tmp/board.png', fullPage: true });
  // The same screen on a small phone, for a look at the collapsed board.
  await page.setViewportSize({ width: 360, height: 780 });
  await page.screenshot({ path: '/tmp/board-360.png', fullPage: true });
});

test('an invalid phone number is shown beside the phone field and creates nothing', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openConsole(browser);
  const description = `Laporan nomor salah ${Date.now()}`;

  await choose(page, '#category', 'FIRE');
  await page.fill('#description', description);
  await page.fill('#caller-phone', '12345');
  await page.click('#submit');

  const phoneField = page.locator('.field', { has: page.locator('#caller-phone') });
  const error = phoneField.locator('[data-testid="error-caller_phone"]');
  await error.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await error.innerText(), /08/);
  assert.equal(await page.locator('[data-testid^="error-"]').count(), 1, 'only the phone is wrong');

  // What was typed stays, to be corrected rather than typed again.
  assert.equal(await page.inputValue('#caller-phone'), '12345');
  assert.equal(await page.inputValue('#description'), description);
  assert.equal(await page.inputValue('#category'), 'Kebakaran');

  assert.deepEqual(await openIncidentsDescribedAs(description), []);
  assert.equal(await page.locator('[data-testid="incident-row"]', { hasText: description }).count(), 0);

  // Correcting the field removes its message.
  await page.fill('#caller-phone', '0812 3456 7890');
  await error.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('a report whose answer was lost is sent again with the same key and saved once', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openConsole(browser);
  const description = `Jawaban hilang uji ${Date.now()}`;

  // The first create reaches the server, but its answer never reaches the browser.
  const keys = [];
  let loseAnswer = true;
  await page.route('**/api/incidents', async (route) => {
    const request = route.request();
    if (request.method() !== 'POST') return route.continue();
    keys.push(request.headers()['idempotency-key']);
    if (!loseAnswer) return route.continue();
    loseAnswer = false;
    await route.fetch();
    await route.abort('connectionreset');
  });

  await choose(page, '#category', 'Kebakaran');
  await page.fill('#description', description);
  await page.click('#submit');
  const notice = page.locator('[data-testid="intake-notice"]');
  await notice.filter({ hasText: /Tidak tersambung/ }).waitFor({ timeout: 10_000 });
  assert.equal(await page.inputValue('#description'), description, 'the form is kept for the retry');

  await page.click('#submit');
  await notice.filter({ hasText: /Kejadian tersimpan/ }).waitFor({ timeout: 10_000 });
  await page.locator('[data-testid="incident-row"]', { hasText: description }).waitFor();

  assert.equal(keys.length, 2);
  assert.ok(keys[0], 'the create carries an Idempotency-Key');
  assert.equal(keys[1], keys[0], 'the retry reuses the key');
  assert.equal((await openIncidentsDescribedAs(description)).length, 1);
  assert.deepEqual(errors, []);
});

test('a pin set on the map is saved with the report, though no map tiles can load', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openConsole(browser);
  const description = `Titik peta uji ${Date.now()}`;

  // Leaflet comes from this server (/vendor/leaflet/), loaded once the form is open.
  const map = page.locator('.intake .map.leaflet-container');
  await map.waitFor({ timeout: 10_000 });
  await map.click({ position: { x: 120, y: 60 } });
  await page.waitForFunction(() => document.querySelector('#lat').value !== '');
  const lat = Number(await page.inputValue('#lat'));
  const lon = Number(await page.inputValue('#lon'));
  assert.ok(Math.abs(lat) <= 90 && Math.abs(lon) <= 180, `${lat}, ${lon}`);
  await page.locator('.intake .map .leaflet-marker-icon').waitFor();

  await choose(page, '#category', 'Kebakaran');
  await page.fill('#description', description);
  await page.click('#submit');
  const row = page.locator('[data-testid="incident-row"]', { hasText: description });
  await row.waitFor({ timeout: 10_000 });
  const [incident] = await openIncidentsDescribedAs(description);
  assert.deepEqual(incident.location.coordinates, { lat, lon });
  // The form is cleared, and so is the pin.
  assert.equal(await page.inputValue('#lat'), '');
  await page.locator('.intake .map .leaflet-marker-icon').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('without the map library, a location pasted into the boxes is saved all the same', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.route('**/vendor/leaflet/leaflet.js', (route) => route.abort());
  await page.goto(`${baseUrl}/masuk`, { waitUntil: 'load' });
  await fillLogin(page, 'operator1');
  await page.waitForFunction(() => document.activeElement?.id === 'caller-phone', null, { timeout: 15_000 });
  const description = `Tanpa peta uji ${Date.now()}`;

  await page.locator('.intake .map.unavailable').waitFor({ timeout: 10_000 });
  // A location shared from a phone, pasted whole into the latitude box.
  await page.fill('#lat', '-1.2618, 116.8302');
  assert.equal(await page.inputValue('#lat'), '-1.2618');
  assert.equal(await page.inputValue('#lon'), '116.8302');
  await choose(page, '#category', 'Kebakaran');
  await page.fill('#description', description);
  await page.press('#description', 'Control+Enter');

  await page.locator('[data-testid="incident-row"]', { hasText: description }).waitFor({ timeout: 10_000 });
  const [incident] = await openIncidentsDescribedAs(description);
  assert.deepEqual(incident.location.coordinates, { lat: -1.2618, lon: 116.8302 });
  assert.deepEqual(errors, []);
});

test('a priority other than the category\'s asks for a reason, which is saved with it', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openConsole(browser);
  const description = `Prioritas uji ${Date.now()}`;

  await choose(page, '#category', 'Kebakaran');
  assert.equal(await page.inputValue('#priority'), 'P1', 'the category\'s priority first');
  assert.equal(await page.locator('#priority-reason').isVisible(), false);
  await page.selectOption('#priority', 'P2');
  await page.locator('#priority-reason').waitFor({ state: 'visible' });
  await page.fill('#description', description);
  await page.click('#submit');
  const error = page.locator('[data-testid="error-priority_reason"]');
  await error.waitFor({ state: 'visible' });
  assert.deepEqual(await openIncidentsDescribedAs(description), [], 'nothing is sent without the reason');

  await page.fill('#priority-reason', 'Api sudah padam, tinggal asap');
  await error.waitFor({ state: 'detached' });
  await page.click('#submit');
  await page.locator('[data-testid="incident-row"]', { hasText: description }).waitFor({ timeout: 10_000 });
  const [incident] = await openIncidentsDescribedAs(description);
  assert.equal(incident.priority, 'P2');
  const { events } = await operatorApi.get(`/api/incidents/${incident.id}`);
  assert.equal(events[0].change.priority_reason, 'Api sudah padam, tinggal asap');
  // Choosing another category starts again from its own priority.
  await choose(page, '#category', 'Banjir');
  assert.equal(await page.inputValue('#priority'), 'P1');
  assert.equal(await page.locator('#priority-reason').isVisible(), false);
  assert.deepEqual(errors, []);
});
