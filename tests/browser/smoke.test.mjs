// The served app loads: the page is ours, its script starts without an uncaught error, and a visitor
// without a session is shown the login page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl, openPage } from './browser.mjs';

test('the home page is titled Tanggap, loads without errors and asks a visitor to log in', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openPage(browser);

  const response = await page.goto(baseUrl, { waitUntil: 'load' });

  assert.equal(response.status(), 200);
  assert.match(await page.title(), /Tanggap/);
  await page.locator('#username').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(new URL(page.url()).pathname, '/masuk');
  assert.deepEqual(errors, []);
});
