// Open311 keys from the admin's screen (`/admin/open311`): an admin issues a key to an app and sees it
// once; the app's request with it is taken; the admin revokes it and the app's next request is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseUrl, launch } from './browser.mjs';
import { logIn } from './session.mjs';

/** An app's `POST requests.json` with `key`: its status and the spec's answer. */
async function postRequest(key) {
  const body = new URLSearchParams({
    api_key: key,
    service_code: 'TREE',
    lat: '-1.25',
    long: '116.8',
    description: `Pohon tumbang lewat aplikasi ${Date.now()}`,
  });
  const response = await fetch(`${baseUrl}/api/open311/v2/requests.json`, { method: 'POST', body });
  return { status: response.status, body: await response.json() };
}

test('an admin issues an app its Open311 key, which works until the admin revokes it', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'admin');
  await page.goto(`${baseUrl}/admin/open311`, { waitUntil: 'load' });
  const app = `Aplikasi Lapor ${Date.now()}`;
  await page.fill('#app-name', app);
  await page.click('#issue-key');
  const shown = page.locator('[data-testid="issued-key"]');
  await shown.waitFor({ state: 'visible', timeout: 15_000 });
  const key = (await shown.innerText()).trim();
  assert.match(key, /^[0-9A-Z]{26}$/);
  const row = page.locator('[data-testid="app-key"]', { hasText: app });
  await row.waitFor({ state: 'visible', timeout: 15_000 });

  const taken = await postRequest(key);
  assert.equal(taken.status, 200, JSON.stringify(taken.body));
  assert.match(taken.body[0].service_request_id, /^[0-9A-Z]{26}$/);

  await row.locator('[data-testid="revoke-key"]').click();
  await row.waitFor({ state: 'detached', timeout: 15_000 });
  const refused = await postRequest(key);
  assert.equal(refused.status, 403);
  assert.equal(refused.body[0].code, 403);
  // Shown once: a reload lists the app, never the key.
  await page.reload({ waitUntil: 'load' });
  await page.locator('[data-testid="keys-loading"], [data-testid="app-keys"]').first().waitFor();
  assert.ok(!(await page.content()).includes(key));
  assert.deepEqual(errors, []);
});
