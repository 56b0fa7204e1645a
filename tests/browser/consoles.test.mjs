// One wasm per console (frontend/src/console.rs, xtask/src/frontend.rs): each user's browser loads the
// wasm of the console they work in, a page of another console is a fresh page load with that console's
// wasm, and the back button still leads where it did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl, openPage } from './browser.mjs';
import { logIn, fillLogin } from './session.mjs';

/** The consoles whose wasm the page has fetched so far, in order (e.g. ['operator', 'agency']). */
function wasmLoads(page) {
  const consoles = [];
  page.on('request', (request) => {
    const name = new URL(request.url()).pathname;
    const match = /^\/assets\/tanggap-(\w+)-[0-9a-f]+_bg\.wasm$/.exec(name);
    if (match) consoles.push(match[1]);
  });
  return consoles;
}

test("an agency officer ends up in the agency console's wasm and stays in it for an incident", async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openPage(browser);
  const loads = wasmLoads(page);

  // A first visit knows nothing of the user: the login page comes with the default console's wasm,
  // and the agency's tasks then load with the agency's.
  await page.goto(`${baseUrl}/masuk`, { waitUntil: 'load' });
  await fillLogin(page, 'damkar');
  await page.waitForURL((url) => url.pathname === '/tugas', { timeout: 15_000 });
  const link = page.locator('[data-testid="incident-link"]').first();
  await link.waitFor({ state: 'visible', timeout: 15_000 });
  assert.deepEqual(loads, ['operator', 'agency']);

  // The agency's wasm has the incident page: no other wasm is loaded for it.
  await link.click();
  await page.locator('[data-testid="fact-status"]').waitFor({ state: 'visible', timeout: 15_000 });
  assert.deepEqual(loads, ['operator', 'agency']);

  // The next visit to the login page starts with the console used last.
  await page.click('#logout');
  await page.locator('#username').waitFor({ state: 'visible', timeout: 10_000 });
  await page.goto(`${baseUrl}/masuk`, { waitUntil: 'load' });
  await page.locator('#username').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(loads.at(-1), 'agency');
  assert.deepEqual(errors, []);
});

test('an admin goes from the admin console to the board and back, each page with its wasm', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'admin');
  await page.locator('[data-testid="users"]').waitFor({ state: 'visible', timeout: 15_000 });
  const loads = wasmLoads(page);

  await page.click('.app-nav a:has-text("Papan Kejadian")');
  await page.locator('[data-testid="incident-row"]').first().waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, '/');
  assert.deepEqual(loads, ['operator']);
  // Still signed in after the page load (the refresh cookie), not sent to the login page.
  assert.equal(await page.locator('[data-testid="user-name"]').innerText(), 'Admin Tanggap');

  await page.goBack();
  await page.locator('[data-testid="users"]').waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, '/admin/pengguna');
  assert.equal(loads.at(-1), 'admin');
  assert.deepEqual(errors, []);
});

test('a link to an admin page loads only the admin wasm, through the login page', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openPage(browser);
  const loads = wasmLoads(page);

  await page.goto(`${baseUrl}/admin/audit`, { waitUntil: 'load' });
  await page.locator('#username').waitFor({ state: 'visible', timeout: 15_000 });
  await fillLogin(page, 'admin');
  await page.locator('[data-testid="audit"]').waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, '/admin/audit');
  assert.deepEqual(loads, ['admin']);
  assert.deepEqual(errors, []);
});
