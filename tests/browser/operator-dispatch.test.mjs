// The operator's side of dispatching, on the incident page: the category's proposed agencies come ticked
// and the operator leaves one out, the assignments appear with their clocks, steps told by phone are
// recorded, support requests from the field are answered with one click (dispatch) or a reason, and an
// admin sets a category's SLA targets, SOP and direct support.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl } from './browser.mjs';
import { logIn, openIncident, signIn, createIncident, command } from './session.mjs';

let operatorApi;
before(async () => {
  operatorApi = await signIn('operator1');
});

/** A verified incident of `category`, opened through the API as if another console had taken the call. */
async function verifiedIncident(category, description) {
  const { id } = await createIncident(operatorApi, { category, description });
  return command(operatorApi, id, { command: 'verify', method: 'callback', note: null });
}

/** A 1×1 PNG, uploaded by `officer` (an `api` client) the way the agency console does: ask, PUT, confirm. */
async function attachPhoto(id, officer) {
  const bytes = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const asked = await officer.post(`/api/incidents/${id}/photos`, { content_type: 'image/png', size: bytes.length });
  assert.ok([200, 201].includes(asked.status), `upload asked: ${JSON.stringify(asked.body)}`);
  const { photo, url, method, headers } = asked.body;
  const put = await fetch(url.startsWith('/') ? `${baseUrl}${url}` : url, {
    method,
    headers: Object.fromEntries(headers.map((h) => [h.name, h.value])),
    body: bytes,
  });
  assert.ok(put.ok, `upload: ${put.status}`);
  const confirmed = await officer.post(`/api/incidents/${id}/photos/${photo}`, {});
  assert.equal(confirmed.status, 200, `confirm: ${JSON.stringify(confirmed.body)}`);
}

test("the category's agencies come ticked, the operator leaves one out, and records steps told by phone", async (t) => {
  const browser = await launch(t);
  const incident = await verifiedIncident('FIRE', `Ruko terbakar ${Date.now()}`);
  const { page, errors } = await openIncident(browser, 'operator1', incident.id);

  const panel = page.locator('[data-testid="dispatch-panel"]');
  await panel.waitFor({ state: 'visible', timeout: 10_000 });
  const box = (code) => page.locator(`[data-testid="dispatch-agency-${code}"]`);
  for (const code of ['DAMKAR', 'PDAM', 'PSC119']) {
    assert.equal(await box(code).isChecked(), true, `${code} is proposed for a fire`);
  }
  assert.equal(await box('BPBD').isChecked(), false, 'other agencies are offered, not ticked');
  // Outside the regency: the operator confirms by phone.
  await panel.locator('summary').click();
  assert.match(await page.locator('li', { has: box('POLRES') }).innerText(), /lewat telepon/);
  assert.match(await page.locator('[data-testid="sop"]').innerText(), /orang terjebak/);

  await box('PSC119').uncheck();
  await page.click('[data-testid="dispatch-submit"]');
  const damkar = page.locator('[data-testid="assignment-DAMKAR"]');
  await damkar.waitFor({ state: 'visible', timeout: 10_000 });
  await page.locator('[data-testid="assignment-PDAM"]').waitFor();
  assert.equal(await page.locator('[data-testid="assignment-PSC119"]').count(), 0);
  assert.equal(await page.locator('[data-testid="fact-status"]').innerText(), 'Diteruskan');
  assert.match(await damkar.locator('[data-testid="assignment-status"]').innerText(), /diteruskan/);
  // The clocks run from the report: acknowledgement within 5 minutes, arrival within 15.
  assert.equal(await damkar.locator('[data-clock="acknowledgement"]').getAttribute('data-state'), 'running');
  assert.match(await damkar.locator('[data-clock="arrival"]').innerText(), /tiba di lokasi: sisa 1\d mnt/);
  let stored = await operatorApi.get(`/api/incidents/${incident.id}`);
  assert.deepEqual(stored.incident.assignments.map((a) => a.agency), ['DAMKAR', 'PDAM']);
  // Those at work are not offered again; the one left out still is, unticked.
  await box('DAMKAR').waitFor({ state: 'detached' });
  assert.equal(await box('PSC119').isChecked(), false);

  // Damkar calls in: its acknowledgement is the first step offered, recorded with one click.
  assert.equal(await page.inputValue('[data-testid="record-step"]'), 'DAMKAR:acknowledge');
  await page.click('[data-testid="record-submit"]');
  await page.locator('[data-testid="assignment-DAMKAR"][data-status="acknowledged"]').waitFor({ timeout: 10_000 });
  assert.match(await damkar.locator('li[data-status="acknowledged"]').innerText(), /operator1/);
  assert.equal(await damkar.locator('[data-clock="acknowledgement"]').getAttribute('data-state'), 'met');
  // Withdrawing PDAM needs a reason.
  await page.selectOption('[data-testid="record-step"]', 'PDAM:cancel');
  await page.click('[data-testid="record-submit"]');
  await page.locator('[data-testid="record-notice"]').filter({ hasText: 'Wajib diisi' }).waitFor();
  await page.fill('[data-testid="record-text"]', 'hidran di lokasi cukup');
  await page.click('[data-testid="record-submit"]');
  await page.locator('[data-testid="assignment-PDAM"][data-status="cancelled"]').waitFor({ timeout: 10_000 });

  stored = await operatorApi.get(`/api/incidents/${incident.id}`);
  const steps = stored.incident.assignments[0].steps.map((s) => [s.status, s.by]);
  assert.deepEqual(steps, [['dispatched', 'operator1'], ['acknowledged', 'operator1']]);
  const history = await page.locator('[data-testid="history"]').innerText();
  assert.match(history, /Diteruskan ke: DAMKAR, PDAM/);
  assert.match(history, /Tugas instansi: DAMKAR · diterima instansi/);
  assert.match(history, /Tugas instansi: PDAM · dibatalkan · hidran di lokasi cukup/);
  await page.screenshot({ path: '/tmp/operator-dispatch.png', fullPage: true });
  assert.deepEqual(errors, []);
});

test('a support request from the field is dispatched with one click, another declined; a photo shows', async (t) => {
  const browser = await launch(t);
  const incident = await verifiedIncident('FIRE', `Gudang kayu terbakar ${Date.now()}`);
  await command(operatorApi, incident.id, { command: 'dispatch', agencies: ['DAMKAR'] });
  const damkarApi = await signIn('damkar');
  const ask = (agency, note) => command(damkarApi, incident.id, { command: 'request_support', from: 'DAMKAR', agency, note });
  await ask('PDAM', 'butuh air, hidran kosong');
  await ask('BPBD', null);
  await attachPhoto(incident.id, damkarApi);

  const { page, errors } = await openIncident(browser, 'operator1', incident.id);
  const pdam = page.locator('[data-testid="support-request-PDAM"]');
  await pdam.waitFor({ state: 'visible', timeout: 10_000 });
  assert.match(await pdam.innerText(), /DAMKAR meminta PDAM · butuh air, hidran kosong/);
  // The photo from the field, as a thumbnail.
  await page.waitForFunction(() => document.querySelector('[data-testid="photos"] img')?.naturalWidth > 0, null, { timeout: 10_000 });
  assert.match(await page.locator('[data-testid="photo"]').getAttribute('title'), /^damkar · DAMKAR · /);

  await page.click('[data-testid="support-dispatch-PDAM"]');
  await page.locator('[data-testid="assignment-PDAM"]').waitFor({ timeout: 10_000 });
  await pdam.waitFor({ state: 'detached' });
  assert.match(await page.locator('[data-testid="assignment-PDAM"]').innerText(), /diminta oleh DAMKAR/);

  await page.click('[data-testid="support-decline-BPBD"]');
  await page.locator('[data-testid="support-notice"]').filter({ hasText: 'Wajib diisi' }).waitFor();
  await page.fill('[data-testid="support-reason-BPBD"]', 'tidak ada genangan, cukup Damkar');
  await page.click('[data-testid="support-decline-BPBD"]');
  await page.locator('[data-testid="support-requests"]').waitFor({ state: 'detached', timeout: 10_000 });
  assert.equal(await page.locator('[data-testid="assignment-BPBD"]').count(), 0);

  const stored = await operatorApi.get(`/api/incidents/${incident.id}`);
  assert.deepEqual(stored.incident.support_requests, []);
  assert.deepEqual(stored.incident.assignments.map((a) => [a.agency, a.requested_by ?? null]), [
    ['DAMKAR', null],
    ['PDAM', 'DAMKAR'],
  ]);
  assert.match(
    await page.locator('[data-testid="history"]').innerText(),
    /Permintaan bantuan ditolak: BPBD · tidak ada genangan, cukup Damkar/,
  );
  assert.deepEqual(errors, []);
});

test("an admin sets a category's arrival and completion targets, SOP and direct support", async (t) => {
  const browser = await launch(t);
  const adminApi = await signIn('admin');
  const tree = (await adminApi.get('/api/categories')).find((c) => c.code === 'TREE');
  t.after(() => adminApi.put('/api/categories/TREE', tree));

  const { page, errors } = await logIn(browser, 'admin');
  await page.goto(`${baseUrl}/admin/kategori`, { waitUntil: 'load' });
  const row = page.locator('tbody[data-code="TREE"]');
  await row.locator('[data-testid="edit-category"]').click();
  await page.fill('#cat-TREE-arrival-target', '45');
  await page.fill('#cat-TREE-completion-target', '300');
  await page.fill('#cat-TREE-sop', 'Tanyakan apakah jalan tertutup\n\nTanyakan kabel listrik yang tertimpa');
  await page.check('#cat-TREE-support-direct');
  await page.click('#cat-TREE-save');
  await row.locator('[data-testid="category-notice"]').filter({ hasText: /disimpan/ }).waitFor({ timeout: 10_000 });

  const saved = (await adminApi.get('/api/categories')).find((c) => c.code === 'TREE');
  assert.equal(saved.arrival_target, 45);
  assert.equal(saved.completion_target, 300);
  assert.deepEqual(saved.sop, ['Tanyakan apakah jalan tertutup', 'Tanyakan kabel listrik yang tertimpa']);
  assert.equal(saved.support_direct, true);
  assert.equal(saved.dispatch_target, tree.dispatch_target, 'the rest is kept');
  assert.deepEqual(errors, []);
});
