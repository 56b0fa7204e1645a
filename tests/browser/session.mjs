// The scenarios' one helper module for signing in as the demo users (`tanggap-local --demo`) and calling
// the API as them: in the browser through the login page, or straight at the API beside the browser.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { baseUrl, openPage } from './browser.mjs';

/** Every demo user's password (functions/local/src/seed/users.rs). */
export const DEMO_PASSWORD = process.env.TANGGAP_DEMO_PASSWORD ?? 'tanggap112';

/**
 * Opens a new page, logs in through the login page, and waits until the app has left it for the
 * user's home, in the console that has that home. Returns the page and the uncaught errors it
 * reports (expected to stay empty).
 */
export async function logIn(browser, username, { password = DEMO_PASSWORD, viewport = { width: 1280, height: 900 } } = {}) {
  const { page, errors } = await openPage(browser, { viewport });
  await page.goto(`${baseUrl}/masuk`, { waitUntil: 'load' });
  await fillLogin(page, username, password);
  await page.locator('#logout').waitFor({ state: 'visible', timeout: 15_000 });
  await page.waitForURL((url) => url.pathname !== '/masuk');
  // The login page runs in the operator's wasm; an admin's, an officer's or the regent's home then
  // reloads with their console's (frontend/src/console.rs). A `goto` before that reload would be interrupted by it.
  await page.waitForFunction(
    () => {
      const running = document.documentElement.dataset.console;
      const path = location.pathname;
      const home = path.startsWith('/admin/') ? 'admin' : path.startsWith('/tugas') ? 'agency'
        : path === '/dasbor' ? 'dashboard' : 'operator';
      return running === 'all' || running === home;
    },
    null,
    { timeout: 15_000 },
  );
  return { page, errors };
}

/** Types the credentials into the login page and presses "Masuk". */
export async function fillLogin(page, username, password = DEMO_PASSWORD) {
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('#login');
}

/** Logs in and opens one incident's page (`/kejadian/{id}`); waits until its facts are shown. */
export async function openIncident(browser, username, id) {
  const { page, errors } = await logIn(browser, username);
  await page.goto(`${baseUrl}/kejadian/${id}`, { waitUntil: 'load' });
  await page.locator('[data-testid="fact-status"]').waitFor({ state: 'visible', timeout: 15_000 });
  return { page, errors };
}

/** The API's answer to a demo user's login (`access_token`, `expires_in`), asserting a 200. */
export async function apiLogin(username, password = DEMO_PASSWORD) {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(response.status, 200, `login of ${username} through the API`);
  return response.json();
}

/** Signs a demo user in through the API: the `api` client with their access token, for checks beside the browser. */
export async function signIn(username, password = DEMO_PASSWORD) {
  return api((await apiLogin(username, password)).access_token);
}

/**
 * Calls to the API with a bearer token. `get(path)` asserts a 200 and returns the decoded JSON;
 * `post`, `put` and `patch` return `{ status, body }` (body decoded, null if empty) for the caller to judge.
 */
export function api(token) {
  const send = async (method, path, body, headers = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  };
  return {
    async get(path) {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      });
      assert.equal(response.status, 200, `GET ${path}`);
      return response.json();
    },
    post: (path, body, headers) => send('POST', path, body, headers),
    put: (path, body, headers) => send('PUT', path, body, headers),
    patch: (path, body, headers) => send('PATCH', path, body, headers),
  };
}

/**
 * Opens an incident through the API as `user` (an `api` client), as if another console had taken the
 * call; asserts a 201 and returns the incident. A fresh Idempotency-Key each time: each call is new.
 */
export async function createIncident(user, fields) {
  const { status, body } = await user.post('/api/incidents', fields, { 'idempotency-key': randomUUID() });
  assert.equal(status, 201, `create: ${JSON.stringify(body)}`);
  return body.incident;
}

/**
 * Gives a life-cycle command (`{ command: 'verify', ... }`) on the incident's current version as `user`;
 * asserts a 200 and returns the incident after it. With `{ retry: true }` (a scenario where the SLA
 * sweeper may write meanwhile, or a step may turn late) a step refused as late is sent again with a
 * reason, and one refused as made on an old version is sent again on the newest.
 */
export async function command(user, id, fields, { retry = false } = {}) {
  let delay;
  for (let attempt = 0; attempt < (retry ? 4 : 1); attempt += 1) {
    const { incident } = await user.get(`/api/incidents/${id}`);
    const body = { expected_version: incident.version, ...fields, ...(delay && { delay }) };
    const answer = await user.post(`/api/incidents/${id}/commands`, body);
    if (answer.status === 200) return answer.body.incident;
    if (!retry) {
      assert.fail(`${fields.command}: ${answer.status} ${JSON.stringify(answer.body)}`);
    } else if (answer.status === 422 && !delay && answer.body.errors?.some((e) => e.field === 'delay')) {
      delay = { kind: 'other', text: 'dilaporkan lewat telepon' };
    } else if (answer.status !== 409) {
      assert.fail(`${fields.command}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
  assert.fail(`${fields.command} was not taken`);
}
