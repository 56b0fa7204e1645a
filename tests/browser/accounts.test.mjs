// Accounts, roles and sessions in the browser: each role sees only what it may use, a session
// survives a reload (refresh cookie) but not a logout, and the token is never kept in storage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl } from './browser.mjs';
import { logIn, fillLogin, signIn, apiLogin } from './session.mjs';

/** The rows the board shows, once it has loaded at least one. */
async function boardRows(page) {
  await page.locator('[data-testid="board"]').waitFor({ state: 'visible', timeout: 15_000 });
  const rows = page.locator('[data-testid="incident-row"]');
  await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
  return rows;
}

test('an operator logs in to the board with the intake form', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'operator1');

  assert.equal(new URL(page.url()).pathname, '/');
  await boardRows(page);
  // The form is there once the categories and regions are in; it puts the caller's number first.
  await page.waitForFunction(() => document.activeElement?.id === 'caller-phone', null, { timeout: 15_000 });
  assert.ok(await page.locator('form.intake').isVisible(), 'the intake form is shown');
  assert.equal(await page.locator('[data-testid="user-name"]').innerText(), 'Operator Satu');
  assert.equal(await page.locator('[data-testid="user-role"]').innerText(), 'Operator');
  assert.equal(await page.locator('.app-nav a').allInnerTexts().then((l) => l.join('|')), 'Papan Kejadian|Dinas');
  // Operators call back: they see callers' numbers in full.
  const callers = await page.locator('[data-testid="caller"]').allInnerTexts();
  assert.ok(callers.some((c) => /^\+62\d+$/.test(c)), `no full number among ${callers}`);
  assert.deepEqual(errors, []);
});

test("an agency officer sees only the agency's active tasks, with callers masked", async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'damkar', { viewport: { width: 360, height: 740 } });

  assert.equal(new URL(page.url()).pathname, '/tugas');
  const cards = page.locator('[data-testid="tasks"] li.task');
  await cards.first().waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await page.locator('#tasks-title').innerText(), /Tugas Instansi.*DAMKAR/);
  assert.equal(await page.locator('form.intake').count(), 0, 'no intake form for an agency');
  assert.equal(await page.locator('[data-testid="user-agency"]').innerText(), 'DAMKAR');
  assert.equal(await page.locator('[data-testid="user-role"]').innerText(), 'Petugas instansi');

  // The same through the API with damkar's own token: the board holds the agency's work only, and the
  // list those of its incidents where Damkar's own assignment has not ended.
  const damkar = await signIn('damkar');
  const board = await damkar.get('/api/incidents?limit=100');
  for (const incident of board.incidents) {
    assert.ok(incident.assignments.some((a) => a.agency === 'DAMKAR'), `incident ${incident.id} is not Damkar's`);
    assert.equal(incident.caller.phone ?? null, null, `incident ${incident.id} shows the caller's number`);
  }
  const ended = ['completed', 'declined', 'cancelled'];
  const active = board.incidents
    .filter((i) => i.assignments.some((a) => a.agency === 'DAMKAR' && !ended.includes(a.status)))
    .map((i) => i.id);
  const shown = await cards.evaluateAll((els) => els.map((e) => e.dataset.incidentId));
  assert.deepEqual([...shown].sort(), [...active].sort());
  await page.screenshot({ path: '/tmp/damkar.png', fullPage: true });

  // A task's page shows the caller masked, if at all.
  await cards.first().locator('[data-testid="incident-link"]').click();
  const caller = await page.locator('[data-testid="fact-caller"]').innerText();
  assert.ok(caller === '—' || caller.includes('*'), `caller not masked: ${caller}`);

  // A screen the role may not use: the forbidden page, not the screen.
  await page.goto(`${baseUrl}/admin/pengguna`);
  await page.locator('[data-testid="forbidden"]').waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await page.locator('[data-testid="forbidden"]').innerText(), /Akses ditolak/);
  assert.equal(new URL(page.url()).pathname, '/terlarang');
  assert.equal(await page.locator('[data-testid="users"]').count(), 0);
  assert.deepEqual(errors, []);
});

test('a logout lands on the login page and a reload does not bring the session back', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'operator2');
  await boardRows(page);

  await page.click('#logout');
  await page.locator('#username').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(new URL(page.url()).pathname, '/masuk');
  assert.equal(await page.locator('#logout').count(), 0);

  await page.reload({ waitUntil: 'load' });
  await page.locator('#username').waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(new URL(page.url()).pathname, '/masuk');
  assert.equal(await page.locator('#logout').count(), 0);
  // The refresh cookie is gone (or revoked): the API itself has no session for this browser.
  const status = await page.evaluate(async () => (await fetch('/api/auth/refresh', { method: 'POST' })).status);
  assert.equal(status, 401);
  // Opening a screen directly goes to the login page as well.
  await page.goto(`${baseUrl}/`);
  await page.locator('#username').waitFor({ state: 'visible', timeout: 10_000 });
  assert.deepEqual(errors, []);
});

test('a session survives a reload through the refresh cookie, and the token is never stored', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'supervisor');
  await boardRows(page);

  const visited = [];
  page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) visited.push(new URL(frame.url()).pathname); });
  await page.reload({ waitUntil: 'load' });
  await boardRows(page);
  assert.equal(await page.locator('[data-testid="user-name"]').innerText(), 'Supervisor Shift');
  assert.equal(new URL(page.url()).pathname, '/');
  assert.ok(!visited.includes('/masuk'), `went through the login page: ${visited}`);

  // Only the language choice and the console last used (which wasm to boot: frontend/src/console.rs)
  // are kept in the browser's storage; the token lives in memory.
  const stored = await page.evaluate(() => [...Object.keys(localStorage), ...Object.keys(sessionStorage)]);
  assert.ok(stored.every((key) => ['tanggap.lang', 'tanggap.console'].includes(key)), `unexpected storage: ${stored}`);
  const cookies = await page.context().cookies();
  assert.ok(cookies.every((c) => c.httpOnly), 'every cookie is HttpOnly');
  assert.deepEqual(errors, []);
});

test('an expired access token is renewed once and the request retried', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'operator1');
  await boardRows(page);

  // The board's next poll is answered 401, as if the token had expired while the laptop slept.
  let refused = 0;
  let refreshes = 0;
  page.on('request', (request) => { if (request.url().endsWith('/api/auth/refresh')) refreshes += 1; });
  await page.route('**/api/incidents/changes?*', async (route) => {
    if (refused > 0) return route.continue();
    refused += 1;
    await route.fulfill({
      status: 401,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: '/problems/unauthenticated', title: 'Belum masuk', status: 401 }),
    });
  });
  await page.waitForRequest((r) => r.url().endsWith('/api/auth/refresh'), { timeout: 15_000 });
  await page.waitForResponse((r) => r.url().includes('/api/incidents/changes') && r.status() === 200, { timeout: 15_000 });
  assert.equal(refused, 1);
  assert.equal(refreshes, 1);
  assert.equal(await page.locator('[data-testid="board"] .notice.failed').count(), 0, 'the board did not fail');
  assert.equal(await page.locator('#logout').count(), 1, 'still logged in');
  assert.deepEqual(errors, []);
});

test('the access token is renewed shortly before it expires', async (t) => {
  const browser = await launch(t);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.clock.install();
  await page.goto(`${baseUrl}/masuk`);
  await fillLogin(page, 'operator2');
  await page.locator('#logout').waitFor({ state: 'visible', timeout: 15_000 });
  const login = await page.evaluate(async () => (await fetch('/api/me')).status);
  assert.equal(login, 401, 'a request without the bearer token is refused');

  const renewal = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh'), { timeout: 15_000 });
  // Just under the token's life: the app renews a minute ahead.
  const { expires_in: life } = await apiLogin('operator2');
  await page.clock.fastForward((life - 30) * 1000);
  assert.equal((await renewal).status(), 200);
  await page.locator('[data-testid="board"]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#logout').count(), 1, 'still logged in');
});

test('a read the API refuses shows the forbidden page; a password reset meanwhile asks for a new one', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'supervisor');
  await boardRows(page);

  let answer = { type: '/problems/forbidden', title: 'Akses ditolak', status: 403 };
  // The board's reads: its polls, and the first read of a board opened again.
  await page.route('**/api/incidents/changes*', (route) => route.fulfill({
    status: 403, contentType: 'application/problem+json', body: JSON.stringify(answer),
  }));
  await page.locator('[data-testid="forbidden"]').waitFor({ timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, '/terlarang');

  answer = { type: '/problems/password-change-required', title: 'Ganti kata sandi', status: 403 };
  await page.click('.app-nav a:has-text("Papan Kejadian")');
  await page.locator('[data-testid="must-change-password"]').waitFor({ timeout: 15_000 });
  assert.equal(new URL(page.url()).pathname, '/kata-sandi');
  // The board was closed while its load was answering: nothing may break on the way.
  await page.waitForTimeout(500);
  assert.deepEqual(errors, []);
});

test('wrong credentials and too many attempts are told apart on the login page', async (t) => {
  const browser = await launch(t);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${baseUrl}/masuk`);

  await fillLogin(page, 'operator1', 'bukan-kata-sandinya');
  const error = page.locator('[data-testid="login-error"]');
  await error.filter({ hasText: /salah/ }).waitFor({ timeout: 10_000 });
  assert.equal(await error.innerText(), 'Nama pengguna atau kata sandi salah.');
  assert.equal(await page.inputValue('#username'), 'operator1', 'the name stays');
  assert.equal(await page.inputValue('#password'), '', 'the password is typed again');
  await page.screenshot({ path: '/tmp/login.png', fullPage: true });

  // The throttle itself is the API's (tested there); here only how the page words its answer.
  await page.route('**/api/auth/login', (route) => route.fulfill({
    status: 429,
    headers: { 'retry-after': '120' },
    contentType: 'application/problem+json',
    body: JSON.stringify({ type: '/problems/too-many-attempts', title: 'Terlalu banyak percobaan', status: 429 }),
  }));
  await fillLogin(page, 'operator1', 'lagi-lagi-salah');
  await error.filter({ hasText: /menit/ }).waitFor({ timeout: 10_000 });
  assert.equal(await error.innerText(), 'Terlalu banyak percobaan masuk. Coba lagi dalam 2 menit.');
});

test('the language switch turns the app into English, asks the API in English, and is remembered', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'bupati');
  assert.equal(new URL(page.url()).pathname, '/dasbor', "the regent's home is the dashboard");
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  await boardRows(page);
  assert.equal(await page.locator('form.intake').count(), 0, 'executives read the board only');

  const english = page.waitForRequest((r) => r.url().includes('/api/') && r.headers()['accept-language'] === 'en');
  await page.click('#language');
  await page.locator('#board-title', { hasText: 'Incident Board' }).waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('#logout').innerText(), 'Log out');
  assert.equal(await page.locator('[data-testid="user-role"]').innerText(), 'Executive');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  await english;

  await page.reload({ waitUntil: 'load' });
  await page.locator('#board-title', { hasText: 'Incident Board' }).waitFor({ timeout: 10_000 });
  await page.click('#language');
  await page.locator('#board-title', { hasText: 'Papan Kejadian' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(errors, []);
});

test('an admin adds an officer, who must change the first password, and the audit log shows it', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'admin');
  assert.equal(new URL(page.url()).pathname, '/admin/pengguna');
  await page.locator('[data-testid="user"][data-username="operator1"]').waitFor({ timeout: 10_000 });
  assert.deepEqual(await page.locator('.app-nav a').allInnerTexts(), ['Pengguna', 'Log Audit', 'Kategori', 'Kunci Open311', 'Papan Kejadian', 'Dinas']);

  // A field the API refuses is reported beside that field.
  await page.fill('#new-username', 'operator1');
  await page.fill('#new-display-name', 'Nama Kembar');
  await page.fill('#new-user-password', 'Kata-Sandi-Awal-2024');
  await page.click('#create-user');
  await page.locator('.new-user [data-testid="error-username"]').waitFor({ timeout: 10_000 });

  const username = `uji${Date.now().toString(36)}`;
  const first = 'Sementara-Rimba-7310';
  await page.fill('#new-username', username);
  await page.fill('#new-display-name', 'Petugas Uji BPBD');
  await page.fill('#new-user-password', first);
  await page.selectOption('#new-role', 'agency_officer');
  await page.locator('#new-agency option[value="BPBD"]').waitFor({ state: 'attached' });
  await page.selectOption('#new-agency', 'BPBD');
  await page.click('#create-user');
  const row = page.locator(`[data-testid="user"][data-username="${username}"]`);
  await row.waitFor({ timeout: 10_000 });
  assert.match(await row.innerText(), /Petugas Uji BPBD[\s\S]*Petugas instansi[\s\S]*BPBD[\s\S]*harus ganti kata sandi/);
  await page.screenshot({ path: '/tmp/admin.png', fullPage: true });

  await page.click('.app-nav a:has-text("Log Audit")');
  const created = page.locator('[data-testid="audit-row"]', { hasText: 'Pengguna ditambahkan' }).filter({ hasText: username });
  await created.first().waitFor({ timeout: 10_000 });
  assert.match(await created.first().innerText(), /admin/);
  // Older entries a page at a time, when there are more than a page.
  const entries = page.locator('[data-testid="audit-row"]');
  if (await page.locator('#load-more').isVisible()) {
    const before = await entries.count();
    await page.click('#load-more');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="audit-row"]').length > n, before);
  }
  await page.screenshot({ path: '/tmp/audit.png', fullPage: true });

  // The new officer logs in and is asked for a new password before anything else.
  const { page: officer, errors: officerErrors } = await logIn(browser, username, { password: first });
  await officer.locator('[data-testid="must-change-password"]').waitFor({ timeout: 10_000 });
  assert.equal(new URL(officer.url()).pathname, '/kata-sandi');
  assert.match(await officer.locator('[data-testid="password-minimum"]').innerText(), /10 karakter/);
  await officer.goto(`${baseUrl}/tugas`);
  await officer.locator('#current-password').waitFor({ timeout: 10_000 });
  assert.equal(new URL(officer.url()).pathname, '/kata-sandi', 'nothing else before the password is changed');

  await officer.fill('#current-password', first);
  await officer.fill('#new-password', 'Hujan-Deras-Penajam-91');
  await officer.fill('#new-password-again', 'Hujan-Deras-Penajam-92');
  await officer.click('#change-password');
  await officer.locator('[data-testid="error-new_password_again"]').waitFor({ timeout: 5_000 });
  await officer.fill('#new-password-again', 'Hujan-Deras-Penajam-91');
  await officer.click('#change-password');
  await officer.waitForURL((url) => url.pathname === '/tugas', { timeout: 10_000 });
  await officer.locator('#tasks-title', { hasText: 'BPBD' }).waitFor({ timeout: 10_000 });
  assert.deepEqual(officerErrors, []);
  assert.deepEqual(errors, []);
});
