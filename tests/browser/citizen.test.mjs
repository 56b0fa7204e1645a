// The public's side on a cheap phone (360 px): a citizen reports a fallen tree with a photo on /lapor
// and gets a ticket; an operator verifies and dispatches it, BPBD works it to completion; the citizen's
// tracking page shows each step with its time and takes one rating (a second is refused); the rating
// shows for the supervisor and in BPBD's row of the scorecard. Then what a weak link does to a submit:
// it is kept, sent again with the same key, and stays one report. Then the loop's other end: the
// citizen says the problem is not solved, the supervisor reopens it from the incident page, and an
// operator gives a caller a ticket whose link opens the caller's tracking page. Screenshots in
// target/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { baseUrl, launch, openPage } from './browser.mjs';
import { logIn, signIn, command, createIncident, openIncident } from './session.mjs';
import { png } from './photos.mjs';

const PHONE = { width: 360, height: 740 };
/** A citizen's phone in Indonesia: its browser asks for Indonesian. */
const CITIZEN = { viewport: PHONE, locale: 'id-ID' };
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../target');
const screenshots = path.join(targetDir, 'screenshots');

/** Whether the page fits the phone's width, with nothing to scroll sideways. */
async function fitsThePhone(page) {
  return page.evaluate((width) => document.documentElement.scrollWidth <= width, PHONE.width);
}

/** Fills the report form: a fallen tree in the first district's first village, with `phone`. */
async function fillReport(page, { description, phone }) {
  await page.selectOption('select[name="category"]', 'TREE');
  await page.fill('textarea[name="description"]', description);
  await page.selectOption('#district', { index: 1 });
  // The script offers only the chosen district's villages.
  const village = await page.locator('#village optgroup:not([disabled]) option').first().getAttribute('value');
  await page.selectOption('#village', village);
  await page.fill('input[name="landmark"]', 'depan SD Negeri 2');
  await page.fill('input[name="caller_phone"]', phone);
  await page.fill('input[name="caller_name"]', 'Siti Aminah');
}

/** The online report with this ticket code, as the operator finds it on the board. */
async function byTicket(operator, code) {
  const board = await operator.get('/api/incidents?status=received&limit=100');
  const found = board.incidents.find((incident) => incident.ticket === code);
  assert.ok(found, `the report ${code} is on the board`);
  return found;
}

test('a citizen reports a fallen tree with a photo, follows the ticket and rates the handling once', async (t) => {
  mkdirSync(screenshots, { recursive: true });
  const browser = await launch(t);
  const { page, errors } = await openPage(browser, CITIZEN);
  await page.goto(`${baseUrl}/lapor`, { waitUntil: 'load' });
  const description = `Pohon tumbang menutup jalan ${Date.now()}`;
  await fillReport(page, { description, phone: `0813${String(Date.now()).slice(-8)}` });
  await page.locator('input[type="file"][name="photo"]').setInputFiles({ name: 'pohon.png', mimeType: 'image/png', buffer: png(64, 48) });
  await page.screenshot({ path: path.join(screenshots, 'public-report-phone.png'), fullPage: true });
  assert.ok(await fitsThePhone(page), 'the form fits 360 px');
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/t\/[0-9A-Z]{26}$/, { timeout: 15_000 });
  const tracking = page.url();
  const code = (await page.locator('h1 .code').innerText()).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  assert.equal(await page.locator('li.done').count(), 1, 'received, and nothing more yet');

  // The operator finds it on the board as an online report with its photo, verifies and dispatches it;
  // BPBD works it to completion.
  const operator = await signIn('operator1');
  const incident = await byTicket(operator, code);
  assert.equal(incident.channel, 'online');
  assert.equal(incident.description, description);
  assert.equal(incident.photos.length, 1, 'the citizen\'s photo');
  await command(operator, incident.id, { command: 'verify', method: 'callback' });
  await command(operator, incident.id, { command: 'dispatch', agencies: ['BPBD'] });
  const bpbd = await signIn('bpbd');
  for (const step of ['acknowledge', 'en_route', 'on_scene']) {
    await command(bpbd, incident.id, { command: 'update_assignment', agency: 'BPBD', update: { step } }, { retry: true });
  }
  const done = { command: 'update_assignment', agency: 'BPBD', update: { step: 'complete', report: 'Pohon dipotong dan disingkirkan' } };
  await command(bpbd, incident.id, done, { retry: true });

  await page.reload({ waitUntil: 'load' });
  for (const step of ['received', 'verified', 'dispatched', 'on_the_way', 'on_scene', 'done']) {
    const line = page.locator(`li[data-step="${step}"]`);
    assert.equal(await line.getAttribute('class'), 'done', `${step} is reached`);
    assert.match(await line.locator('.at').innerText(), /^\d{2}-\d{2}-\d{4} \d{2}:\d{2} /, `${step} has its time`);
  }
  const text = await page.locator('main').innerText();
  for (const private_ of ['Siti', 'depan SD', 'Pohon dipotong', 'operator1']) {
    assert.ok(!text.includes(private_), `the public page shows nothing of ${private_}`);
  }
  await page.check('input[name="stars"][value="5"]');
  await page.fill('textarea[name="comment"]', 'Cepat, terima kasih');
  await page.screenshot({ path: path.join(screenshots, 'public-ticket-phone.png'), fullPage: true });
  assert.ok(await fitsThePhone(page), 'the ticket fits 360 px');
  await page.click('#rate button[type="submit"]');
  await page.locator('.rated').waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await page.locator('.rated').innerText(), /5 dari 5 bintang/);
  assert.equal(await page.locator('input[name="stars"]').count(), 0, 'no second rating form');
  const second = await fetch(`${tracking}/nilai`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'stars=1',
    redirect: 'manual',
  });
  assert.equal(second.status, 409, 'a second rating is refused');
  assert.deepEqual(errors, []);

  // The supervisor sees the rating, and BPBD's row of the scorecard counts it.
  const supervisor = await logIn(browser, 'supervisor');
  await supervisor.page.goto(`${baseUrl}/dasbor`, { waitUntil: 'load' });
  const row = supervisor.page.locator('[data-testid="rating-row"]', { hasText: code });
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await row.locator('[data-testid="rating-stars"]').innerText(), /5\/5/);
  assert.match(await row.innerText(), /Cepat, terima kasih/);
  const scorecard = await (await signIn('supervisor')).get('/api/dashboard?range=today');
  const figures = scorecard.agencies.find((agency) => agency.agency === 'BPBD');
  assert.ok(figures.rated >= 1 && figures.average_rating > 0, JSON.stringify(figures));
  const shown = supervisor.page.locator('[data-testid="scorecard-row"][data-agency="BPBD"] [data-testid="rating"]');
  assert.equal(await shown.innerText(), `${figures.average_rating.toFixed(1)} ★ (${figures.rated})`);
  await supervisor.page.screenshot({ path: path.join(screenshots, 'dashboard-ratings.png'), fullPage: true });
  assert.deepEqual(supervisor.errors, []);
});

test('a report sent on a dropping connection is kept, sent again with the same key, and stays one report', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openPage(browser, CITIZEN);
  await page.goto(`${baseUrl}/lapor`, { waitUntil: 'load' });
  const description = `Pohon tumbang, sinyal lemah ${Date.now()}`;
  await fillReport(page, { description, phone: `0815${String(Date.now()).slice(-8)}` });

  // The first send reaches the server, but its answer is lost on the way back.
  let sends = 0;
  await page.route('**/lapor', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    sends += 1;
    if (sends === 1) {
      await route.fetch();
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await page.click('button[type="submit"]');
  await page.locator('#submit-status', { hasText: 'dikirim ulang' }).waitFor({ timeout: 10_000 });
  await page.waitForURL(/\/t\/[0-9A-Z]{26}$/, { timeout: 30_000 });
  assert.ok(sends >= 2, 'sent again');
  const code = (await page.locator('h1 .code').innerText()).trim();

  const operator = await signIn('operator1');
  const board = await operator.get('/api/incidents?status=received&limit=100');
  const same = board.incidents.filter((incident) => incident.description === description);
  assert.equal(same.length, 1, 'one report, not two');
  assert.equal(same[0].ticket, code);
  // What was typed is forgotten once the report is taken.
  await page.goto(`${baseUrl}/lapor`, { waitUntil: 'load' });
  assert.equal(await page.locator('textarea[name="description"]').inputValue(), '');
  assert.deepEqual(errors, []);
});

/** Verifies the incident, dispatches BPBD, and BPBD works it to completion, through the API. */
async function handled(id) {
  const operator = await signIn('operator1');
  await command(operator, id, { command: 'verify', method: 'callback' });
  await command(operator, id, { command: 'dispatch', agencies: ['BPBD'] });
  const bpbd = await signIn('bpbd');
  for (const step of ['acknowledge', 'en_route', 'on_scene']) {
    await command(bpbd, id, { command: 'update_assignment', agency: 'BPBD', update: { step } }, { retry: true });
  }
  const done = { command: 'update_assignment', agency: 'BPBD', update: { step: 'complete', report: 'Ranting disingkirkan' } };
  await command(bpbd, id, done, { retry: true });
}

test('a citizen says the problem is not solved and the supervisor reopens it; an operator gives a caller a ticket', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openPage(browser, CITIZEN);
  await page.goto(`${baseUrl}/lapor`, { waitUntil: 'load' });
  await fillReport(page, { description: `Pohon tumbang, belum tuntas ${Date.now()}`, phone: `0816${String(Date.now()).slice(-8)}` });
  await page.click('button[type="submit"]');
  await page.waitForURL(/\/t\/[0-9A-Z]{26}$/, { timeout: 15_000 });
  const code = (await page.locator('h1 .code').innerText()).trim();
  const incident = await byTicket(await signIn('operator1'), code);
  assert.equal(await page.locator('#not-solved').count(), 0, 'nothing to say before it is done');
  await handled(incident.id);

  // Within 7 days of its being done, the citizen says it is not solved.
  await page.reload({ waitUntil: 'load' });
  await page.fill('#not-solved textarea[name="comment"]', 'Ranting besar masih menutup separuh jalan');
  await page.click('#not-solved button[type="submit"]');
  await page.locator('.complained').waitFor({ state: 'visible', timeout: 15_000 });
  assert.equal(await page.locator('#not-solved').count(), 0, 'said once');
  assert.ok(await fitsThePhone(page), 'the ticket fits 360 px');

  // The supervisor reads it on the incident page and reopens the incident for a new dispatch.
  const supervisor = await openIncident(browser, 'supervisor', incident.id);
  const complaint = supervisor.page.locator('[data-testid="complaint"]');
  await complaint.waitFor({ state: 'visible', timeout: 15_000 });
  assert.match(await complaint.innerText(), /Ranting besar masih menutup separuh jalan/);
  await supervisor.page.fill('#reopen-text', 'Sisa ranting belum diangkut');
  await supervisor.page.screenshot({ path: path.join(screenshots, 'incident-complaint.png'), fullPage: true });
  await supervisor.page.click('#reopen-submit');
  await complaint.waitFor({ state: 'detached', timeout: 15_000 });
  const reopened = await (await signIn('supervisor')).get(`/api/incidents/${incident.id}`);
  assert.equal(reopened.incident.status, 'verified', 'waiting for a new dispatch');
  assert.deepEqual(supervisor.errors, []);

  await page.reload({ waitUntil: 'load' });
  await page.locator('.reopened').waitFor({ state: 'visible', timeout: 15_000 });
  assert.notEqual(await page.locator('li[data-step="done"]').getAttribute('class'), 'done', 'no longer done');
  assert.deepEqual(errors, []);

  // A phoned-in incident: the operator gives the caller a ticket (this demo has no message gateway,
  // so it is not sent), and its link is the caller's tracking page.
  const call = await createIncident(await signIn('operator1'), {
    category: 'TREE',
    description: `Pohon tumbang, telepon ${Date.now()}`,
    caller_phone: `0817${String(Date.now()).slice(-8)}`,
  });
  const operator = await openIncident(browser, 'operator1', call.id);
  await operator.page.uncheck('#ticket-send');
  await operator.page.click('#ticket-submit');
  const issued = operator.page.locator('[data-testid="ticket-issued"]');
  await issued.waitFor({ state: 'visible', timeout: 15_000 });
  const [, given, link] = (await issued.innerText()).match(/([0-9A-Z]{4}-[0-9A-Z]{4}).*(\/t\/[0-9A-Z]{26})/);
  await operator.page.locator('#ticket-form').waitFor({ state: 'detached', timeout: 15_000 });
  assert.match(await operator.page.locator('[data-testid="online-report"]').innerText(), new RegExp(given));
  assert.deepEqual(operator.errors, []);
  await page.goto(`${baseUrl}${link}`, { waitUntil: 'load' });
  assert.equal((await page.locator('h1 .code').innerText()).trim(), given);
});
