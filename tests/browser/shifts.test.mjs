// The shift screens (`/dinas`, `/dinas/jadwal`, `/dinas/perencana`), in the admin console's wasm: an
// operator signs on and off; a supervisor puts people on a shift to come; a supervisor plans the
// operators the center needs from today's calls, then for Bogor's 1.7 million calls a year.
// Screenshots go to target/screenshots/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { baseUrl, launch } from './browser.mjs';
import { logIn, signIn, createIncident } from './session.mjs';

const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../target');
const screenshots = path.join(targetDir, 'screenshots');

/** `2026-12-08#1`: a shift as the pages name it (`data-shift`). */
const shiftName = (id) => `${id.day}#${id.index}`;

/** The day after `day` (`YYYY-MM-DD`). */
function dayAfter(day) {
  const next = new Date(`${day}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Who a roster (as the API answers it) has on one shift. */
function peopleOn(roster, day, index) {
  return roster.shifts.find((s) => s.shift.day === day && s.shift.index === index)?.people ?? [];
}

/** Opens one of the shift pages and waits until the admin console's wasm has drawn it. */
async function openShiftPage(page, address, testid) {
  await page.goto(`${baseUrl}${address}`, { waitUntil: 'load' });
  await page.locator(`[data-testid="${testid}"]`).first().waitFor({ state: 'visible', timeout: 20_000 });
  assert.equal(await page.evaluate(() => document.documentElement.dataset.console), 'admin');
}

test('an operator signs on to the shift under way, is listed on duty since then, and signs off', async (t) => {
  const browser = await launch(t);
  const operator1 = await signIn('operator1');
  // Whoever is on duty is notified: never leave operator1 signed on for the scenarios after this one.
  t.after(() => operator1.post('/api/shifts/sign-off'));
  // A run cut short may have left a sign-on open.
  await operator1.post('/api/shifts/sign-off');

  const { page, errors } = await logIn(browser, 'operator1');
  await openShiftPage(page, '/dinas', 'current-shift');
  const now = await operator1.get('/api/shifts/now');
  const current = page.locator('[data-testid="current-shift"]');
  assert.equal(await current.getAttribute('data-shift'), shiftName(now.current.id));
  assert.ok((await current.innerText()).includes(`Sif ${now.current.starts}–${now.current.ends}`));
  assert.equal(await page.locator('[data-testid="next-shift"]').getAttribute('data-shift'), shiftName(now.next.id));

  await page.click('[data-testid="sign-on"]');
  await page.locator('[data-testid="sign-off"]').waitFor({ timeout: 10_000 });
  const me = (await operator1.get('/api/shifts/now')).me;
  assert.ok(me && !me.off_at, 'signed on');
  assert.ok([shiftName(now.current.id), shiftName(now.next.id)].includes(shiftName(me.shift)));
  const row = page.locator('[data-testid="on-duty-row"][data-username="operator1"]');
  assert.equal(await row.getAttribute('data-duty'), 'signed_on');
  assert.match(await row.innerText(), /Hadir sejak \d\d:\d\d/);
  assert.match(await page.locator('[data-testid="my-duty"]').innerText(), /^Anda hadir sejak \d\d:\d\d · Sif /);

  await page.click('[data-testid="sign-off"]');
  await page.locator('[data-testid="sign-on"]').waitFor({ timeout: 10_000 });
  assert.ok((await operator1.get('/api/shifts/now')).me.off_at, 'signed off');
  const duties = await page.locator('[data-testid="on-duty-row"][data-username="operator1"]')
    .evaluateAll((rows) => rows.map((r) => r.dataset.duty));
  assert.ok(!duties.includes('signed_on'), `operator1 is ${duties}`);

  // Signed on meanwhile from another desk: the page still offers "Hadir", and the API's refusal says why.
  assert.equal((await operator1.post('/api/shifts/sign-on')).status, 201);
  await page.click('[data-testid="sign-on"]');
  await page.locator('[data-testid="sign-notice"].failed', { hasText: 'Anda sudah hadir untuk sif ini.' })
    .waitFor({ timeout: 10_000 });
  assert.equal((await operator1.post('/api/shifts/sign-off')).status, 200);
  assert.deepEqual(errors, []);
});

test('a supervisor puts people on a shift to come, and sees it saved; ended shifts stay as they were', async (t) => {
  const browser = await launch(t);
  const supervisor = await signIn('supervisor');
  const now = await supervisor.get('/api/shifts/now');
  const { page, errors } = await logIn(browser, 'supervisor');

  // The shift before the one under way has ended: shown, not offered for change.
  const last = now.pattern.starts.length - 1;
  const ended = now.current.id.index > 0
    ? { day: now.current.id.day, index: now.current.id.index - 1 }
    : { day: new Date(Date.parse(`${now.current.id.day}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10), index: last };
  await openShiftPage(page, `/dinas/jadwal?bulan=${ended.day.slice(0, 7)}`, 'roster');
  const endedCell = page.locator(`[data-testid="roster-cell"][data-shift="${shiftName(ended)}"]`);
  assert.ok((await endedCell.getAttribute('class')).includes('ended'));
  assert.equal(await endedCell.locator('[data-testid="edit-shift"]').count(), 0);
  // One column per shift of the pattern, headed with its hours.
  const heads = await page.locator('[data-testid="roster"] thead th').allInnerTexts();
  assert.equal(heads.length, now.pattern.starts.length + 1);
  assert.match(heads[1], /^\d\d:\d\d–\d\d:\d\d$/);

  // The day after the next shift's: every shift of it is still to come.
  const day = dayAfter(now.next.id.day);
  const month = day.slice(0, 7);
  if (month !== ended.day.slice(0, 7)) {
    await page.click('[data-testid="next-month"]');
    await page.waitForURL((url) => url.searchParams.get('bulan') === month);
    await page.locator(`[data-testid="roster-month"][data-month="${month}"]`).waitFor({ timeout: 10_000 });
  }
  const before = await supervisor.get(`/api/shifts/roster?month=${month}`);
  const on = peopleOn(before.roster, day, 0);
  const wasOn = on.includes('operator2');
  const operator2 = before.people.find((p) => p.username === 'operator2');
  const cell = page.locator(`[data-testid="roster-cell"][data-shift="${day}#0"]`);
  await cell.locator('[data-testid="edit-shift"]').click();
  const form = page.locator(`[data-testid="shift-form"][data-shift="${day}#0"]`);
  await form.waitFor({ timeout: 10_000 });
  // A box for each operator and supervisor, supervisors first.
  const offered = await form.locator('[data-testid="person"]').evaluateAll((boxes) => boxes.map((b) => b.value));
  assert.deepEqual(offered.slice(0, before.people.length), before.people.map((p) => p.username));
  const box = form.locator('[data-testid="person"][value="operator2"]');
  assert.equal(await box.isChecked(), wasOn);
  await box.setChecked(!wasOn);
  await form.locator('#save-shift').click();
  await form.waitFor({ state: 'detached', timeout: 10_000 });
  await page.locator('[data-testid="roster-notice"].saved').waitFor({ timeout: 10_000 });

  const after = await supervisor.get(`/api/shifts/roster?month=${month}`);
  const expected = wasOn ? on.filter((u) => u !== 'operator2') : [...on, 'operator2'];
  assert.deepEqual([...peopleOn(after.roster, day, 0)].sort(), [...expected].sort());
  assert.equal((await cell.innerText()).includes(operator2.display_name), !wasOn);
  // Still there after a reload: it was saved, not only drawn.
  await page.reload({ waitUntil: 'load' });
  await cell.waitFor({ timeout: 20_000 });
  assert.equal((await cell.innerText()).includes(operator2.display_name), !wasOn);

  // The pattern's form says what the API refused: a time that does not read at the field, shifts out
  // of order in a line beneath. Nothing is changed.
  assert.equal(await page.inputValue('#pattern-starts'), now.pattern.starts.join(', '));
  await page.fill('#pattern-starts', '7:00, 15:00');
  await page.click('#save-pattern');
  await page.locator('[data-testid="error-starts"]').waitFor({ timeout: 10_000 });
  await page.fill('#pattern-starts', '15:00, 07:00');
  await page.click('#save-pattern');
  await page.locator('[data-testid="pattern-notice"].failed', { hasText: 'berurutan' }).waitFor({ timeout: 10_000 });
  assert.deepEqual((await supervisor.get('/api/shifts/now')).pattern, now.pattern);
  assert.deepEqual(errors, []);
});

test("a supervisor plans the operators for today's calls, then for Bogor's 1.7 million calls a year", async (t) => {
  const browser = await launch(t);
  // One more call today, so that today is never empty whatever ran before.
  await createIncident(await signIn('operator1'), { category: 'TREE', description: `Pohon tumbang perencana ${Date.now()}` });
  const supervisor = await signIn('supervisor');
  const now = await supervisor.get('/api/shifts/now');
  const today = new Date(Date.now() + now.utc_offset_hours * 3_600_000).toISOString().slice(0, 10);
  const demand = await supervisor.get(`/api/shifts/demand?from=${today}&to=${today}`);
  assert.ok(demand.total_calls > 0);

  const { page, errors } = await logIn(browser, 'supervisor', { viewport: { width: 1280, height: 1400 } });
  await openShiftPage(page, '/dinas/perencana', 'planner-range');
  await page.fill('#planner-from', today);
  const measured = page.locator('[data-testid="measured"]');
  await page.waitForFunction((day) => {
    const line = document.querySelector('[data-testid="measured"]');
    return line && line.textContent.includes(`${day} – ${day}`);
  }, today, { timeout: 15_000 });
  assert.ok(Number(await measured.getAttribute('data-calls')) >= demand.total_calls);
  // The range's handling time where the intake form measured it; else a minute a call, said to be assumed.
  const handling = demand.handling_seconds == null ? '60' : String(Math.round(demand.handling_seconds * 10) / 10);
  await page.waitForFunction((value) => document.querySelector('#planner-handling').value === value, handling);
  assert.match(
    await page.locator('[data-testid="handling-note"]').innerText(),
    demand.handling_seconds == null ? /^Diasumsikan/ : /^Rata-rata terukur/,
  );

  // A minute a call from here on, whatever the scenarios before measured (a form filled by a test
  // in a second): the plans below are then the same on every run.
  await page.fill('#planner-handling', '60');
  const headcount = async () => Number(await page.locator('[data-testid="headcount"]').innerText());
  await page.locator('[data-testid="headcount"]').waitFor({ timeout: 10_000 });
  const demo = await headcount();
  assert.ok(demo >= 1, `headcount ${demo}`);
  assert.equal(await page.locator('[data-testid="planner-chart"] [data-testid="planner-hour"]').count(), 24);
  assert.equal(await page.locator('[data-testid="plan-shift"]').count(), now.pattern.starts.length);
  // The chart shows the busiest weekday: today's, the only day measured.
  const weekday = (new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7;
  assert.equal(await page.inputValue('#planner-weekday'), String(weekday));
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'planner-demo.png'), fullPage: true });

  await page.fill('#planner-calls-per-year', '1700000');
  await page.waitForFunction(
    (before) => Number(document.querySelector('[data-testid="headcount"]')?.textContent) > before,
    demo,
    { timeout: 10_000 },
  );
  const bogor = await headcount();
  assert.ok(bogor > demo, `${bogor} > ${demo}`);
  const peak = Math.max(...await page.locator('[data-testid="planner-hour"]').evaluateAll(
    (hours) => hours.map((h) => Number(h.dataset.scheduled)),
  ));
  assert.ok(peak > 2, `the busiest hour needs ${peak}`);
  await page.screenshot({ path: path.join(screenshots, 'planner-bogor.png'), fullPage: true });

  // A stricter goal never needs fewer; an input that does not read is marked, and nothing is planned.
  await page.selectOption('#planner-goal', 'custom');
  await page.fill('#planner-share', '99');
  await page.fill('#planner-within', '5');
  await page.waitForFunction(
    (before) => Number(document.querySelector('[data-testid="headcount"]')?.textContent) >= before,
    bogor,
    { timeout: 10_000 },
  );
  await page.fill('#planner-shrinkage', 'tiga puluh');
  await page.locator('[data-testid="planner-invalid"]').waitFor({ timeout: 10_000 });
  assert.equal(await page.getAttribute('#planner-shrinkage', 'aria-invalid'), 'true');
  assert.deepEqual(errors, []);
});
