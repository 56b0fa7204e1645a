// The operator's screen: a report typed into the intake form appears on the board without a reload,
// and a bad field is reported beside that field with nothing created.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from './browser.mjs';
import { logIn, apiToken, apiGet } from './session.mjs';

/** operator1's token, for looking at the incidents through the API beside the browser. */
let token;
before(async () => {
  token = await apiToken('operator1');
});

/** Logs in as operator1 and waits until the board and the form's choices are loaded. */
async function openConsole(browser, viewport = { width: 1280, height: 900 }) {
  const { page, errors } = await logIn(browser, 'operator1', { viewport });
  await page.locator('[data-testid="board"]').waitFor({ state: 'visible' });
  await page.locator('#category option[value="FIRE"]').waitFor({ state: 'attached' });
  return { page, errors };
}

/** Picks the first district that has villages, then its first village; returns both names. */
async function choosePlace(page) {
  const districts = await page.locator('#district option:not([value=""])').all();
  for (const district of districts) {
    await page.selectOption('#district', await district.getAttribute('value'));
    const village = page.locator('#village option:not([value=""])').first();
    if ((await village.count()) > 0) {
      await page.selectOption('#village', await village.getAttribute('value'));
      return { district: (await district.textContent()).trim(), village: (await village.textContent()).trim() };
    }
  }
  throw new Error('no district with villages in /api/regions');
}

/** Marks the document, so that a later check can tell whether the page was reloaded meanwhile. */
async function markDocument(page) {
  await page.evaluate(() => { window.__sameDocument = true; });
}

async function openIncidentsDescribedAs(description) {
  const board = await apiGet('/api/incidents?limit=100', token);
  return board.incidents.filter((incident) => incident.description === description);
}

test('a fire reported through the form appears on the board without a reload', async (t) => {
  const browser = await launch();
  t.after(() => browser.close());
  const { page, errors } = await openConsole(browser);
  const description = `Kebakaran gudang uji ${Date.now()}`;

  await page.selectOption('#category', 'FIRE');
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
  const browser = await launch();
  t.after(() => browser.close());
  const { page, errors } = await openConsole(browser);
  const description = `Laporan nomor salah ${Date.now()}`;

  await page.selectOption('#category', 'FIRE');
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
  assert.equal(await page.inputValue('#category'), 'FIRE');

  assert.deepEqual(await openIncidentsDescribedAs(description), []);
  assert.equal(await page.locator('[data-testid="incident-row"]', { hasText: description }).count(), 0);

  // Correcting the field removes its message.
  await page.fill('#caller-phone', '0812 3456 7890');
  await error.waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

test('a report whose answer was lost is sent again with the same key and saved once', async (t) => {
  const browser = await launch();
  t.after(() => browser.close());
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

  await page.selectOption('#category', 'FIRE');
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
