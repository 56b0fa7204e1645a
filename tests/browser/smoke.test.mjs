// The served app loads: the page is ours and its script starts without an uncaught error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl } from './browser.mjs';

test('the home page is titled Tanggap and loads without errors', async (t) => {
  const browser = await launch();
  t.after(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));

  const response = await page.goto(baseUrl, { waitUntil: 'load' });

  assert.equal(response.status(), 200);
  assert.match(await page.title(), /Tanggap/);
  assert.deepEqual(errors, []);
});
