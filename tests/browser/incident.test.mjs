// The incident page, the live board and the categories admin: two operators editing the same incident
// see the conflict instead of overwriting each other, another screen's board shows a new incident
// without a reload, the status actions ask for what they need, and an admin edits a category.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl } from './browser.mjs';
import { logIn, openIncident, signIn, createIncident } from './session.mjs';

/** operator1 through the API, the other console that takes the calls. */
let operatorApi;
before(async () => {
  operatorApi = await signIn('operator1');
});

const fact = (page, name) => page.locator(`[data-testid="fact-${name}"]`).innerText();

test('the second of two operators editing an incident sees the newer values and applies the edit again', async (t) => {
  const browser = await launch(t);
  const incident = await createIncident(operatorApi, {
    category: 'FIRE',
    description: `Gudang terbakar ${Date.now()}`,
    landmark: 'dekat pasar',
  });
  const first = await openIncident(browser, 'operator1', incident.id);
  const second = await openIncident(browser, 'operator2', incident.id);

  // Both start from the same version; the first saves.
  await first.page.fill('#edit-people', '12');
  await first.page.fill('#edit-landmark', 'depan masjid');
  await first.page.click('#edit-save');
  await first.page.locator('[data-testid="edit-notice"]').filter({ hasText: /disimpan/ }).waitFor({ timeout: 10_000 });

  // The second, still on the old version, is told and shown both values; nothing is saved yet.
  await second.page.fill('#edit-landmark', 'samping sekolah');
  await second.page.fill('#edit-description', 'api membesar ke rumah sebelah');
  await second.page.click('#edit-save');
  const conflict = second.page.locator('[data-testid="conflict"]');
  await conflict.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await conflict.innerText(), /lebih dulu/);
  const landmark = conflict.locator('[data-testid="conflict-row"][data-field="landmark"]');
  assert.equal(await landmark.locator('[data-testid="theirs"]').innerText(), 'depan masjid');
  assert.equal(await landmark.locator('[data-testid="yours"]').innerText(), 'samping sekolah');
  assert.ok(await landmark.evaluate((row) => row.classList.contains('clash')), 'both changed the landmark');
  assert.equal(await fact(second.page, 'people'), '12', 'the newer facts are shown');
  assert.equal(await second.page.inputValue('#edit-people'), '12', 'a field left alone takes the newer value');
  let stored = await operatorApi.get(`/api/incidents/${incident.id}`);
  assert.equal(stored.incident.location.landmark, 'depan masjid', 'nothing was overwritten');
  assert.match(await second.page.locator('#edit-save').innerText(), /versi terbaru/);
  await second.page.screenshot({ path: '/tmp/incident-conflict.png', fullPage: true });

  // Applied again on the newest version: the second's values win where they typed, the first's stay elsewhere.
  await second.page.click('#edit-save');
  await second.page.locator('[data-testid="edit-notice"]').filter({ hasText: /disimpan/ }).waitFor({ timeout: 10_000 });
  await conflict.waitFor({ state: 'detached' });
  stored = await operatorApi.get(`/api/incidents/${incident.id}`);
  assert.equal(stored.incident.location.landmark, 'samping sekolah');
  assert.equal(stored.incident.description, 'api membesar ke rumah sebelah');
  assert.equal(stored.incident.people_affected, 12);
  const edits = stored.events.filter((e) => e.change.type === 'edited').map((e) => e.actor.username);
  assert.deepEqual(edits, ['operator1', 'operator2']);
  assert.equal(await fact(second.page, 'landmark'), 'samping sekolah');
  assert.match(await second.page.locator('[data-testid="history"]').innerText(), /Data diubah: .*samping sekolah/);
  await second.page.screenshot({ path: '/tmp/incident.png', fullPage: true });
  assert.deepEqual([...first.errors, ...second.errors], []);
});

test("another console's new incident appears on the board within 10 s, with an alarm for a P1", async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'supervisor');
  await page.locator('[data-testid="board"]').waitFor({ state: 'visible' });
  await page.locator('[data-testid="incident-row"]').first().waitFor({ timeout: 15_000 });
  await page.evaluate(() => { window.__sameDocument = true; });
  const title = await page.title();

  const description = `Rumah terbakar di konsol lain ${Date.now()}`;
  const started = Date.now();
  const incident = await createIncident(operatorApi, { category: 'FIRE', description });
  const row = page.locator(`[data-testid="incident-row"][data-incident-id="${incident.id}"]`);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(`# the new incident appeared on the other board after ${seconds.toFixed(1)} s`);
  assert.ok(seconds <= 10, `took ${seconds} s`);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the page was reloaded');

  // A new P1: counted in the title until the user is back, and the alarm went off.
  await page.waitForFunction((plain) => document.title === `(1) ${plain}`, title, { timeout: 5_000 });
  assert.ok(Number(await page.locator('section.board').getAttribute('data-alerts')) >= 1);
  const clock = row.locator('[data-testid="clock"]');
  assert.equal(await clock.getAttribute('data-pace'), 'early');
  assert.match(await clock.innerText(), /^0:0\d \/ 5 mnt/);
  await page.mouse.click(5, 5);
  await page.waitForFunction((plain) => document.title === plain, title, { timeout: 5_000 });

  // The row leads to the incident's page, without a reload.
  await row.locator('[data-testid="incident-link"]').click();
  await page.waitForFunction((path) => location.pathname === path, `/kejadian/${incident.id}`);
  await page.locator('[data-testid="fact-description"]').filter({ hasText: description }).waitFor();
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
  assert.deepEqual(errors, []);
});

test('the board filters live in the address and in what the board shows', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'bupati');
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  await page.locator('[data-testid="incident-row"]').first().waitFor({ timeout: 15_000 });
  const tree = await createIncident(operatorApi, { category: 'TREE', description: `Pohon tumbang uji ${Date.now()}` });

  await page.selectOption('#filter-priority', 'P1');
  await page.waitForFunction(() => new URLSearchParams(location.search).get('priority') === 'P1');
  await page.waitForFunction(() => {
    const badges = [...document.querySelectorAll('[data-testid="incident-row"] .badge')];
    return badges.length > 0 && badges.every((b) => b.textContent === 'P1');
  }, null, { timeout: 10_000 });
  assert.equal(await page.locator(`[data-incident-id="${tree.id}"]`).count(), 0);

  // The address alone sets the filter (a bookmark, a reload).
  await page.goto(`${baseUrl}/?category=TREE`, { waitUntil: 'load' });
  await page.locator(`[data-incident-id="${tree.id}"]`).waitFor({ timeout: 15_000 });
  assert.equal(await page.inputValue('#filter-category'), 'TREE');
  const categories = await page.locator('[data-testid="incident-row"] .category').allInnerTexts();
  assert.ok(categories.every((c) => c === 'Pohon tumbang'), `other categories shown: ${categories}`);
  assert.deepEqual(errors, []);
});

test('verifying by another method needs a note, and closing as a false report needs a reason', async (t) => {
  const browser = await launch(t);
  const incident = await createIncident(operatorApi, { category: 'FIRE', description: `Asap dari gudang ${Date.now()}` });
  const { page, errors } = await openIncident(browser, 'operator1', incident.id);
  assert.equal(await fact(page, 'status'), 'Diterima');

  await page.selectOption('#verify-method', 'other');
  await page.click('#verify-submit');
  await page.locator('[data-testid="error-note"]').waitFor({ state: 'visible' });
  assert.equal(await fact(page, 'status'), 'Diterima', 'nothing was sent');
  await page.fill('#verify-text', 'dilihat langsung petugas kelurahan');
  await page.locator('[data-testid="error-note"]').waitFor({ state: 'detached' });
  await page.click('#verify-submit');
  await page.locator('[data-testid="fact-status"]').filter({ hasText: 'Terverifikasi' }).waitFor({ timeout: 10_000 });
  await page.locator('#verify-form').waitFor({ state: 'detached' });
  assert.match(await page.locator('[data-testid="history"]').innerText(), /Diverifikasi: Cara lain · dilihat langsung/);

  await page.click('#close-submit');
  await page.locator('[data-testid="error-reason"]').waitFor({ state: 'visible' });
  assert.equal(await fact(page, 'status'), 'Terverifikasi');
  await page.fill('#close-text', 'pembakaran sampah, bukan kebakaran');
  await page.click('#close-submit');
  await page.locator('[data-testid="fact-status"]').filter({ hasText: 'Ditutup' }).waitFor({ timeout: 10_000 });
  await page.locator('#edit-form').waitFor({ state: 'detached' });
  assert.match(await page.locator('[data-testid="history"]').innerText(), /Ditutup: laporan palsu · pembakaran sampah/);

  // A note can still be added to a closed incident.
  await page.fill('#note-text', 'pelapor diberi edukasi');
  await page.click('#note-submit');
  await page.locator('[data-testid="notes"]').filter({ hasText: 'pelapor diberi edukasi' }).waitFor({ timeout: 10_000 });
  const stored = await operatorApi.get(`/api/incidents/${incident.id}`);
  assert.deepEqual(stored.events.map((e) => e.change.type), ['received', 'verified', 'closed', 'note_added']);
  assert.deepEqual(errors, []);
});

test("an admin changes a category's target and quick key, and a key in use is refused at its field", async (t) => {
  const browser = await launch(t);
  const adminApi = await signIn('admin');
  const categories = await adminApi.get('/api/categories');
  const fire = categories.find((c) => c.code === 'FIRE');
  let taken = categories.find((c) => c.code !== 'FIRE' && c.quick_key);
  if (!taken) {
    const tree = categories.find((c) => c.code === 'TREE');
    taken = (await adminApi.put('/api/categories/TREE', { ...tree, quick_key: 'p' })).body;
  }
  const used = new Set(categories.map((c) => c.quick_key).filter(Boolean));
  const free = [...'abcdefghijklmnopqrstuvwxyz0123456789'].find((k) => !used.has(k));
  t.after(() => adminApi.put('/api/categories/FIRE', fire));

  const { page, errors } = await logIn(browser, 'admin');
  await page.locator('.app-nav a', { hasText: 'Kategori' }).click();
  await page.waitForFunction(() => location.pathname === '/admin/kategori');
  const row = page.locator('tbody[data-code="FIRE"]');
  await row.locator('[data-testid="edit-category"]').click();
  await page.fill('#cat-FIRE-dispatch-target', '7');
  await page.fill('#cat-FIRE-quick-key', taken.quick_key);
  await page.click('#cat-FIRE-save');
  const keyError = page.locator('[data-testid="error-quick_key"]');
  await keyError.waitFor({ state: 'visible', timeout: 10_000 });
  assert.equal(await page.locator('[data-testid^="error-"]').count(), 1, 'only the quick key is wrong');
  assert.equal((await adminApi.get('/api/categories')).find((c) => c.code === 'FIRE').dispatch_target, fire.dispatch_target);

  await page.fill('#cat-FIRE-quick-key', free);
  await keyError.waitFor({ state: 'detached' });
  await page.click('#cat-FIRE-save');
  await row.locator('[data-testid="category-notice"]').filter({ hasText: /disimpan/ }).waitFor({ timeout: 10_000 });
  assert.equal(await row.locator('[data-testid="category-target"]').innerText(), '7');
  assert.equal(await row.locator('[data-testid="category-quick-key"]').innerText(), free);
  const saved = (await adminApi.get('/api/categories')).find((c) => c.code === 'FIRE');
  assert.equal(saved.dispatch_target, 7);
  assert.equal(saved.quick_key, free);
  await page.screenshot({ path: '/tmp/categories.png', fullPage: true });
  assert.deepEqual(errors, []);
});
