// Dispatch and the agency console, end to end: an operator verifies a fire and dispatches it to Damkar
// with PDAM in support; Damkar's officer, on a phone, sees the task arrive without a reload and works
// it step by step (a step past its target asks why), asks for PSC 119 from the field and completes
// with a report and a photo; the operator dispatches PSC 119, whose officer works it on a phone too,
// PDAM's steps are recorded for it, the incident resolves, and its timeline shows every step with times.
// Then what a weak link and a wrong clock do: a step the server finds late asks why, a tap on an old
// version shows the newest instead of overwriting it, and a send without network keeps what was typed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, baseUrl } from './browser.mjs';
import { logIn, signIn, createIncident, command } from './session.mjs';
import { png } from './photos.mjs';

const PHONE = { width: 360, height: 740 };

/** The agency's task page: its status line, and the controls of its next step. */
const taskStatus = (page) => page.locator('[data-testid="task-status"]');

/** Whether an answer is a command's (`POST /api/incidents/{id}/commands`). */
const isCommand = (response) =>
  response.request().method() === 'POST' && new URL(response.url()).pathname.endsWith('/commands');

/** Gives a delay reason in the delay form; without one chosen, it is asked for first and nothing is sent. */
async function giveReason(page, kind) {
  const form = page.locator('[data-testid="delay-form"]');
  assert.match(await form.innerText(), /Melewati target waktu/);
  if ((await form.locator('input:checked').count()) === 0) {
    await page.locator('[data-testid="delay-submit"]').click();
    await page.locator('[data-testid="error-delay"]').waitFor({ state: 'visible' });
  }
  await page.locator(`[data-testid="delay-${kind}"]`).check();
  await page.locator('[data-testid="delay-submit"]').click();
}

/**
 * Taps a step's button (or submits the completion form) and waits until the assignment has reached
 * `status`. A step past its target asks why (before sending by the phone's clock, or after the
 * server's refusal): the reason is given. A conflict (someone else, or the SLA sweeper, changed the
 * incident meanwhile) shows the newest state; the officer then taps again.
 */
async function takeStep(page, step, status, reason = 'access_blocked') {
  const reached = page.locator(`[data-testid="steps"] [data-testid="step"][data-status="${status}"]`);
  const delayForm = page.locator('[data-testid="delay-form"]');
  const notice = page.locator('[data-testid="task-notice"]');
  // The tap's answer is on the page: the step recorded, or a notice saying why not.
  const shown = () =>
    Promise.race([
      reached.waitFor({ state: 'attached', timeout: 10_000 }),
      notice.filter({ hasText: /\S/ }).waitFor({ timeout: 10_000 }),
    ]);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const answer = page.waitForResponse(isCommand, { timeout: 30_000 });
    await page.locator(`[data-testid="step-${step}"]`).click();
    const askedFirst = await Promise.race([
      answer.then(() => false),
      delayForm.waitFor({ state: 'visible', timeout: 30_000 }).then(() => true),
    ]);
    if (askedFirst) await giveReason(page, reason);
    await answer;
    await shown();
    if (!askedFirst && (await delayForm.isVisible())) {
      const again = page.waitForResponse(isCommand, { timeout: 30_000 });
      await giveReason(page, reason);
      await again;
      await shown();
    }
    if ((await reached.count()) > 0) return;
    assert.match(await notice.innerText(), /diubah orang lain/, `step ${step} refused`);
  }
  assert.fail(`step ${step} was not taken`);
}

/** Logs an agency's officer in on a phone and opens the task once it is on their list. */
async function openTask(browser, username, id) {
  const phone = await logIn(browser, username, { viewport: PHONE });
  assert.equal(new URL(phone.page.url()).pathname, '/tugas');
  await phone.page.locator(`[data-testid="task-${id}"]`).waitFor({ timeout: 15_000 });
  await phone.page.locator(`[data-testid="task-${id}"] [data-testid="incident-link"]`).click();
  await phone.page.waitForURL((url) => url.pathname === `/tugas/${id}`);
  await taskStatus(phone.page).filter({ hasText: /\S/ }).waitFor({ timeout: 15_000 });
  return phone;
}


/** Fire's arrival target is cut to a minute for these scenarios (and put back after them). */
let adminApi;
let operatorApi;
let fire;
/** A second fire, dispatched to Damkar alone, received with the first: late for arrival by the second scenario. */
let second;

before(async () => {
  [operatorApi, adminApi] = [await signIn('operator1'), await signIn('admin')];
  fire = (await adminApi.get('/api/categories')).find((c) => c.code === 'FIRE');
  const quick = await adminApi.put('/api/categories/FIRE', { ...fire, arrival_target: 1, support_direct: false });
  assert.equal(quick.status, 200, JSON.stringify(quick.body));
  second = await createFire(`Asap tebal dari gudang ${Date.now()}`);
  await command(operatorApi, second.id, { command: 'verify', method: 'callback' }, { retry: true });
  await command(operatorApi, second.id, { command: 'dispatch', agencies: ['DAMKAR'] }, { retry: true });
});

after(async () => {
  if (fire) await adminApi.put('/api/categories/FIRE', fire);
});

/** A fire near the harbour, reported through the API by operator1. */
function createFire(description) {
  return createIncident(operatorApi, { category: 'FIRE', description, landmark: 'dekat dermaga' });
}

/** Waits until a minute (and a bit) has passed since `incident` was received: its arrival is late. */
async function untilLate(page, incident) {
  const wait = Date.parse(incident.received_at) + 62_000 - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
}

test('a fire is dispatched, worked on phones step by step with a photo and support, and resolved', async (t) => {
  const browser = await launch(t);
  const description = `Gudang kayu terbakar ${Date.now()}`;
  const incident = await createFire(description);
  const { id } = incident;

  // Damkar's officer is already looking at the task list on a phone.
  const damkar = await logIn(browser, 'damkar', { viewport: PHONE });
  await damkar.page.locator('[data-testid="tasks"]').waitFor({ timeout: 15_000 });
  await damkar.page.evaluate(() => { window.__sameDocument = true; });

  // The operator verifies and dispatches: Damkar leads, PDAM supports, PSC 119 not yet.
  const operator = await logIn(browser, 'operator1');
  await operator.page.goto(`${baseUrl}/kejadian/${id}`, { waitUntil: 'load' });
  await operator.page.locator('[data-testid="fact-status"]').waitFor({ timeout: 15_000 });
  await operator.page.click('#verify-submit');
  const panel = operator.page.locator('[data-testid="dispatch-panel"]');
  await panel.waitFor({ timeout: 10_000 });
  assert.ok(await panel.locator('[data-testid="dispatch-agency-DAMKAR"]').isChecked(), 'the lead agency is proposed');
  await panel.locator('[data-testid="dispatch-agency-PDAM"]').check();
  await panel.locator('[data-testid="dispatch-agency-PSC119"]').uncheck();
  await panel.locator('[data-testid="dispatch-submit"]').click();
  await operator.page.locator('[data-testid="assignment-DAMKAR"]').waitFor({ timeout: 10_000 });
  await operator.page.locator('[data-testid="assignment-PDAM"]').waitFor({ timeout: 10_000 });
  assert.equal(await operator.page.locator('[data-testid="assignment-PSC119"]').count(), 0);

  // The dispatch reaches the phone without a reload, with its running clock.
  const card = damkar.page.locator(`[data-testid="task-${id}"]`);
  await card.waitFor({ timeout: 15_000 });
  assert.equal(await damkar.page.evaluate(() => window.__sameDocument), true, 'the task list was reloaded');
  assert.match(await card.innerText(), /Kebakaran[\s\S]*diteruskan/i);
  assert.match(await card.locator('[data-testid="task-clock"]').innerText(), /respons sebelum \d\d[.:]\d\d · sisa \d+:\d\d/);
  await damkar.page.screenshot({ path: '/tmp/agency-tasks.png', fullPage: true });

  // One tap per step.
  await card.locator('[data-testid="incident-link"]').click();
  await damkar.page.waitForURL((url) => url.pathname === `/tugas/${id}`);
  await damkar.page.locator('[data-testid="fact-description"]').filter({ hasText: description }).waitFor({ timeout: 15_000 });
  assert.match(await damkar.page.locator('[data-testid="fact-caller"]').innerText(), /^(—|.*\*.*)$/, 'the caller is masked');
  assert.match(await damkar.page.locator('[data-testid="sop"]').innerText(), /orang terjebak/);
  await takeStep(damkar.page, 'acknowledge', 'acknowledged');
  await takeStep(damkar.page, 'en_route', 'en_route');
  assert.equal(await damkar.page.locator('[data-testid="decline"]').count(), 0, 'no declining once under way');

  // Arriving after the one-minute target: the phone asks why before sending.
  await untilLate(damkar.page, incident);
  await takeStep(damkar.page, 'on_scene', 'on_scene');
  const arrived = damkar.page.locator('[data-testid="step"][data-status="on_scene"]');
  assert.match(await arrived.innerText(), /tiba di lokasi[\s\S]*terlambat[\s\S]*akses terhalang/);

  // Asking for PSC 119 from the field: the operator decides.
  await damkar.page.locator('[data-testid="request-support"]').click();
  await damkar.page.locator('#support-agency').selectOption('PSC119');
  await damkar.page.fill('#support-note', 'dua orang sesak napas');
  await damkar.page.locator('[data-testid="support-submit"]').click();
  await damkar.page.locator('[data-testid="support-notice"]').filter({ hasText: /terkirim/ }).waitFor({ timeout: 10_000 });
  await damkar.page.locator('[data-testid="asked-PSC119"]').waitFor();

  // Completing with the field report and a photo taken on the phone.
  await damkar.page.fill('#complete-report', 'Api padam pukul 14.10, gudang rusak berat, tidak ada korban jiwa.');
  await damkar.page.locator('[data-testid="photo-input"]').setInputFiles({
    name: 'gudang.png',
    mimeType: 'image/png',
    buffer: png(64, 48),
  });
  const photo = damkar.page.locator('[data-testid="photo-item"]');
  assert.equal(await photo.getAttribute('data-state'), 'waiting');
  await damkar.page.screenshot({ path: '/tmp/agency-complete.png', fullPage: true });
  await takeStep(damkar.page, 'complete', 'completed');
  await damkar.page.locator('[data-testid="task-ended"]').waitFor();
  const attached = damkar.page.locator('[data-testid="photos"] [data-testid="photo"] img');
  await attached.waitFor({ timeout: 10_000 });
  await damkar.page.waitForFunction(() => document.querySelector('[data-testid="photos"] img')?.naturalWidth > 0, null, { timeout: 10_000 });
  assert.match(await damkar.page.locator('[data-testid="report"]').innerText(), /Api padam/);
  await damkar.page.screenshot({ path: '/tmp/agency-task.png', fullPage: true });

  // The operator sees the request and dispatches PSC 119 in one click.
  await operator.page.reload({ waitUntil: 'load' });
  await operator.page.locator('[data-testid="support-request-PSC119"]').waitFor({ timeout: 15_000 });
  await operator.page.locator('[data-testid="support-dispatch-PSC119"]').click();
  await operator.page.locator('[data-testid="assignment-PSC119"]').waitFor({ timeout: 10_000 });

  // PSC 119's officer works it on a phone; PDAM has no officer here, its steps are recorded for it.
  const psc = await openTask(browser, 'psc119', id);
  for (const [step, status] of [['acknowledge', 'acknowledged'], ['en_route', 'en_route'], ['on_scene', 'on_scene']]) {
    await takeStep(psc.page, step, status);
  }
  await psc.page.fill('#complete-report', 'Dua warga diperiksa, satu dirujuk ke RSUD.');
  await takeStep(psc.page, 'complete', 'completed');
  for (const update of [{ step: 'acknowledge' }, { step: 'en_route' }, { step: 'on_scene' }, { step: 'complete', report: 'Hidran diisi ulang' }]) {
    await command(operatorApi, id, { command: 'update_assignment', agency: 'PDAM', update }, { retry: true });
  }

  // Resolved, and the timeline names every step with its time.
  const stored = await operatorApi.get(`/api/incidents/${id}`);
  assert.equal(stored.incident.status, 'resolved');
  const steps = stored.events
    .filter((e) => e.change.type === 'assignment_updated')
    .map((e) => `${e.change.agency} ${e.change.status}`);
  for (const agency of ['DAMKAR', 'PDAM', 'PSC119']) {
    for (const status of ['acknowledged', 'en_route', 'on_scene', 'completed']) {
      assert.ok(steps.includes(`${agency} ${status}`), `${agency} ${status} missing from ${steps}`);
    }
  }
  const damkarArrival = stored.events.find((e) => e.change.type === 'assignment_updated' && e.change.agency === 'DAMKAR' && e.change.status === 'on_scene');
  assert.deepEqual(damkarArrival.change.delay, { kind: 'access_blocked' });
  assert.equal(damkarArrival.actor.username, 'damkar');
  assert.equal(stored.incident.photos.length, 1);
  assert.equal(stored.incident.photos[0].agency, 'DAMKAR');

  await operator.page.reload({ waitUntil: 'load' });
  await operator.page.locator('[data-testid="fact-status"]').filter({ hasText: 'Selesai ditangani' }).waitFor({ timeout: 15_000 });
  const timeline = operator.page.locator('[data-testid="history"] ol.events');
  await timeline.locator('li').first().waitFor({ timeout: 15_000 });
  const lines = await timeline.locator('li').allInnerTexts();
  const text = lines.join('\n');
  for (const agency of ['DAMKAR', 'PDAM', 'PSC119']) {
    for (const status of ['diterima instansi', 'menuju lokasi', 'tiba di lokasi', 'selesai']) {
      assert.match(text, new RegExp(`${agency} · ${status}`), `${agency} ${status} not in the timeline`);
    }
  }
  assert.match(text, /Minta bantuan: DAMKAR · → · PSC119/);
  assert.match(text, /Foto: DAMKAR/);
  assert.match(text, /Selesai ditangani/);
  assert.equal(await timeline.locator('li time').count(), lines.length, 'every line of the timeline has its time');
  await operator.page.screenshot({ path: '/tmp/dispatch-timeline.png', fullPage: true });

  // The finished task has left Damkar's list; the other one is still there.
  await damkar.page.locator('[data-testid="all-tasks"]').click();
  await damkar.page.locator(`[data-testid="task-${second.id}"]`).waitFor({ timeout: 15_000 });
  assert.equal(await damkar.page.locator(`[data-testid="task-${id}"]`).count(), 0);
  assert.deepEqual([...damkar.errors, ...operator.errors, ...psc.errors], []);
});

test('a step the server finds late asks why, no network keeps the report, and a note meanwhile does not make the officer tap again', async (t) => {
  const browser = await launch(t);
  const phone = await openTask(browser, 'damkar', second.id);
  const { page } = phone;
  await takeStep(page, 'acknowledge', 'acknowledged');
  await takeStep(page, 'en_route', 'en_route');

  // The phone's clock runs ten minutes slow: it takes arriving for on time; the server does not.
  await untilLate(page, second);
  await page.evaluate(() => {
    const now = Date.now;
    Date.now = () => now() - 10 * 60_000;
  });
  await page.locator('[data-testid="step-on_scene"]').click();
  const delayForm = page.locator('[data-testid="delay-form"]');
  await delayForm.waitFor({ timeout: 10_000 });
  assert.match(await page.locator('[data-testid="task-notice"]').innerText(), /alasan keterlambatan|tidak valid/i);
  assert.equal(await page.locator('[data-testid="step"][data-status="on_scene"]').count(), 0, 'refused, not recorded');
  await page.locator('[data-testid="delay-other"]').check();
  await page.locator('[data-testid="delay-submit"]').click();
  await page.locator('[data-testid="error-delay_text"]').waitFor({ state: 'visible' });
  await page.fill('#delay-text', 'jembatan kayu putus');
  await page.locator('[data-testid="delay-submit"]').click();
  await page.locator('[data-testid="step"][data-status="on_scene"]').filter({ hasText: 'jembatan kayu putus' }).waitFor({ timeout: 10_000 });

  // The operator notes something while the phone hears nothing of it (its feed is cut off): the
  // officer's completion is made on an older version, which a note does not make them repeat.
  await page.route('**/api/incidents/changes**', (route) => route.abort());
  const before = (await operatorApi.get(`/api/incidents/${second.id}`)).incident;
  const noted = await operatorApi.post(`/api/incidents/${second.id}/commands`, {
    expected_version: before.version,
    command: 'add_note',
    text: 'pemilik gudang sudah di lokasi',
  });
  assert.equal(noted.status, 200);
  const report = 'Api padam, atap gudang runtuh sebagian.';
  await page.fill('#complete-report', report);
  const notice = page.locator('[data-testid="task-notice"]');

  // No network: the send says so, and the report stays for the next try.
  await page.context().setOffline(true);
  await page.locator('[data-testid="step-complete"]').click();
  await notice.filter({ hasText: /Tidak tersambung/ }).waitFor({ timeout: 10_000 });
  assert.match(await notice.innerText(), /Belum terkirim/);
  assert.equal(await page.inputValue('#complete-report'), report);
  assert.equal((await operatorApi.get(`/api/incidents/${second.id}`)).incident.assignments[0].status, 'on_scene');
  await page.screenshot({ path: '/tmp/agency-offline.png', fullPage: true });

  // Back online: done, without repeating anything because of the note.
  await page.context().setOffline(false);
  await page.unroute('**/api/incidents/changes**');
  await takeStep(page, 'complete', 'completed');
  const stored = await operatorApi.get(`/api/incidents/${second.id}`);
  assert.equal(stored.incident.status, 'resolved');
  assert.equal(stored.incident.assignments[0].report, report);
  assert.deepEqual(stored.incident.assignments[0].steps.find((s) => s.status === 'on_scene').delay, { kind: 'other', text: 'jembatan kayu putus' });

  // An incident's address as the operator's console names it opens the task in the agency's.
  await page.goto(`${baseUrl}/kejadian/${second.id}`, { waitUntil: 'load' });
  await page.waitForURL((url) => url.pathname === `/tugas/${second.id}`, { timeout: 15_000 });
  await page.locator('[data-testid="task-ended"]').waitFor({ timeout: 15_000 });
  assert.deepEqual(phone.errors, []);
});
