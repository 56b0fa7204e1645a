// Logging in as one of the demo users (`tanggap-local --demo`), in the browser or straight at the API.
import assert from 'node:assert/strict';
import { baseUrl } from './browser.mjs';

/** Every demo user's password (functions/local/src/seed/users.rs). */
export const DEMO_PASSWORD = process.env.TANGGAP_DEMO_PASSWORD ?? 'tanggap112';

/**
 * Opens a new page, logs in through the login page, and waits until the app has left it for the
 * user's home. Returns the page and the uncaught errors it reports (expected to stay empty).
 */
export async function logIn(browser, username, { password = DEMO_PASSWORD, viewport = { width: 1280, height: 900 } } = {}) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${baseUrl}/masuk`, { waitUntil: 'load' });
  await fillLogin(page, username, password);
  await page.locator('#logout').waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForURL((url) => url.pathname !== '/masuk');
  return { page, errors };
}

/** Types the credentials into the login page and presses "Masuk". */
export async function fillLogin(page, username, password = DEMO_PASSWORD) {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login');
}

/** A demo user's access token from the API itself, for checks made beside the browser. */
export async function apiToken(username, password = DEMO_PASSWORD) {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(response.status, 200, `login of ${username} through the API`);
  return (await response.json()).access_token;
}

/** GETs an API path with a bearer token; returns the decoded JSON (asserting a 200). */
export async function apiGet(path, token) {
  const response = await fetch(`${baseUrl}${path}`, {
    headers: { accept: 'application/json', authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200, `GET ${path}`);
  return response.json();
}
