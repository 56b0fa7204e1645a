// The shift screens (`/dinas`, `/dinas/jadwal`, `/dinas/perencana`, `/dinas/operator`), in the admin
// console's wasm: an operator signs on and off; a supervisor puts people on a shift to come; a
// supervisor plans the operators the center needs from today's calls, then for Bogor's 1.7 million
// calls a year; a supervisor reads what each operator handled today; a supervisor hands the shift over
// and the next one acknowledges it. Screenshots go to target/screenshots/ for a person to look at.
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

/** The center's calendar day now (`YYYY-MM-DD`), `utc_offset_hours` from UTC. */
function centerToday(utcOffsetHours) {
  return new Date(Date.now() + utcOffsetHours * 3_600_000).toISOString().slice(0, 10);
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

test('a supervisor reads what each operator and each shift handled today, on a desk and on a phone', async (t) => {
  const browser = await launch(t);
  // One more call today, so that operator1 has handled one whatever ran before.
  await createIncident(await signIn('operator1'), { category: 'TREE', description: `Pohon tumbang kinerja ${Date.now()}` });
  const supervisor = await signIn('supervisor');
  const now = await supervisor.get('/api/shifts/now');
  const today = centerToday(now.utc_offset_hours);
  const figures = await supervisor.get(`/api/shifts/operators?from=${today}&to=${today}`);

  const { page, errors } = await logIn(browser, 'supervisor');
  await openShiftPage(page, '/dinas/operator', 'figures-range');
  // The fourth tab, for those who lead the shifts and those who oversee them.
  assert.equal(await page.locator('nav.tabs a[aria-current="page"]').innerText(), 'Kinerja Operator');
  // The API's four weeks up to yesterday first; then today alone.
  await page.locator('[data-testid="figures-measured"]').waitFor({ timeout: 15_000 });
  await page.fill('#figures-from', today);
  await page.waitForFunction((day) => {
    const line = document.querySelector('[data-testid="figures-measured"]');
    return line && line.dataset.from === day && line.dataset.to === day;
  }, today, { timeout: 15_000 });

  const row = page.locator('[data-testid="operator-row"][data-key="operator1"]');
  const calls = Number(await row.getAttribute('data-calls'));
  const expected = figures.operators.find((o) => o.username === 'operator1');
  assert.ok(calls >= 1 && calls >= expected.figures.calls, `operator1 handled ${calls} calls`);
  const cells = await row.locator('th, td').allInnerTexts();
  assert.equal(cells[0], 'Operator Satu');
  assert.equal(cells[1], String(calls));
  // How the calls ended, by name ("laporan nyata 24 · Panggilan iseng 2"), not by code.
  assert.match(cells[2], /laporan nyata \d+/);
  assert.ok(!/\bPRANK\b|\breal\b/.test(cells[2]), cells[2]);
  // Durations as median · p90 ("2 mnt 53 dtk · 2 mnt 53 dtk"), a dash where nothing was timed.
  for (const cell of cells.slice(3)) assert.match(cell, /^(—|\d+\s(dtk|mnt|jam).* · .+)$/, cell);

  // One row per shift of the pattern, named by its hours, and the day's total beneath.
  const shifts = page.locator('[data-testid="shift-rows"] [data-testid="shift-row"]');
  assert.equal(await shifts.count(), now.pattern.starts.length);
  assert.match(await shifts.first().locator('th').innerText(), new RegExp(`^${now.pattern.starts[0]}–${now.pattern.starts[1] ?? now.pattern.starts[0]}$`));
  const byShift = await shifts.evaluateAll((rows) => rows.map((r) => Number(r.dataset.calls)));
  const total = Number(await page.locator('[data-testid="shift-rows"] [data-testid="figures-total"]').getAttribute('data-calls'));
  assert.equal(byShift.reduce((a, b) => a + b, 0), total);
  assert.ok(total >= calls);
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'operator-figures.png'), fullPage: true });

  // On a phone each row is a card, its column names written beside the values.
  await page.setViewportSize({ width: 360, height: 740 });
  const label = await row.locator('td').first().evaluate((td) => getComputedStyle(td, '::before').content);
  assert.equal(label, '"Panggilan"');
  await page.screenshot({ path: path.join(screenshots, 'operator-figures-phone.png'), fullPage: true });

  // Operators do not see the tab.
  const { page: operator } = await logIn(browser, 'operator1');
  await openShiftPage(operator, '/dinas', 'current-shift');
  assert.equal(await operator.locator('nav.tabs a[href="/dinas/operator"]').count(), 0);
  assert.deepEqual(errors, []);
});

/** The pattern the other scenarios assume, put back after the handover's. */
const DEFAULT_PATTERN = ['07:00', '15:00', '23:00'];

/** `HH:MM` of minutes since midnight (any whole number of minutes, wrapped into the day). */
function clockTime(minutes) {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Shift patterns under which the shift under way ends 30 minutes from now (a handover may be written
 * from an hour before a shift's end), one for each shift they make of it: the day it begins (0 today,
 * -1 yesterday) and its place in the day. A handover once acknowledged is never written again, so a
 * run picks a shift whose handover is not acknowledged yet: the many patterns let the scenario run
 * again and again on one day. A handover belongs to a day's shift by its place: those past the usual
 * pattern's three come first, so that the usual shifts' own handovers stay untouched. Every shift at
 * least an hour long, on whole hours from the end.
 */
function patternsEndingSoon(utcOffsetHours) {
  const local = new Date(Date.now() + utcOffsetHours * 3_600_000);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const end = minute + 30;
  const found = new Map();
  for (let length = 60; length <= 1380; length += 60) {
    const begins = end - length;
    // The other shifts' starts, on whole hours after the end, at least an hour apart and before `begins`.
    const slots = [];
    for (let after = 60; after <= 1440 - length - 60; after += 60) slots.push(after);
    const choose = (from, picked) => {
      const starts = [end, ...picked.map((after) => end + after), begins + 1440].map((m) => ((m % 1440) + 1440) % 1440);
      const sorted = [...new Set(starts)].sort((a, b) => a - b);
      if (sorted.length === starts.length) {
        const key = `${begins < 0 ? -1 : 0}#${sorted.indexOf(((begins % 1440) + 1440) % 1440)}`;
        if (!found.has(key)) found.set(key, sorted.map(clockTime));
      }
      if (picked.length === 4) return;
      for (let i = from; i < slots.length; i += 1) choose(i + 1, [...picked, slots[i]]);
    };
    choose(0, []);
  }
  const place = (key) => Number(key.split('#')[1]);
  return [...found.entries()]
    .sort(([a], [b]) => Number(place(a) < DEFAULT_PATTERN.length) - Number(place(b) < DEFAULT_PATTERN.length))
    .map(([, starts]) => starts);
}


/**
 * A second supervisor, `supervisor2`, to acknowledge a handover (not its writer): created by the
 * admin on the first run, enabled again and given a fresh password on the next ones. Returns the
 * password it logs in with.
 */
async function secondSupervisor(admin) {
  const temporary = 'Sementara-Sif-2-2026';
  const created = await admin.post('/api/users', {
    username: 'supervisor2',
    display_name: 'Supervisor Dua',
    role: 'supervisor',
    agency: null,
    password: temporary,
  });
  if (created.status !== 201) {
    assert.equal(created.status, 422, JSON.stringify(created.body));
    assert.ok(created.body.errors.some((e) => e.field === 'username' && e.code === 'taken'), JSON.stringify(created.body));
    assert.equal((await admin.patch('/api/users/supervisor2', { disabled: false })).status, 200);
    assert.equal((await admin.post('/api/users/supervisor2/password', { new_password: temporary })).status, 204);
  }
  const password = 'Serah-Terima-Sif-Pagi-2026';
  const first = await signIn('supervisor2', temporary);
  const changed = await first.post('/api/me/password', { current_password: temporary, new_password: password });
  assert.equal(changed.status, 204, JSON.stringify(changed.body));
  return password;
}

test('a supervisor hands over the shift with a note; an operator reads it; the next supervisor acknowledges it', async (t) => {
  const browser = await launch(t);
  const supervisor = await signIn('supervisor');
  const admin = await signIn('admin');
  const before = await supervisor.get('/api/shifts/now');
  const { page, errors } = await logIn(browser, 'supervisor', { viewport: { width: 1280, height: 1400 } });

  // Hours before the end of the shift under way: too early, and the refusal says why. (Unless an
  // earlier run handed over a shift in its place, under another pattern.)
  const usual = await supervisor.get(`/api/shifts/${before.current.id.day}/${before.current.id.index}`);
  if (Date.parse(before.current.ends_at) - Date.now() > 65 * 60_000 && !usual.handover?.acknowledged) {
    await openShiftPage(page, '/dinas', 'current-shift');
    const section = page.locator(`[data-testid="handover"][data-shift="${shiftName(before.current.id)}"]`);
    await section.locator('[data-testid="handover-form"]').waitFor({ timeout: 15_000 });
    await section.locator('textarea').fill('Terlalu awal');
    await section.locator('button[type="submit"]').click();
    await section.locator('[data-testid="handover-notice"].failed', { hasText: 'satu jam sebelum sif berakhir' })
      .waitFor({ timeout: 10_000 });
    const after = await supervisor.get(`/api/shifts/${before.current.id.day}/${before.current.id.index}`);
    assert.deepEqual(after.handover, usual.handover);
  }

  try {
    // A pattern whose shift under way ends in half an hour, and whose handover is not acknowledged yet.
    let current;
    for (const starts of patternsEndingSoon(before.utc_offset_hours)) {
      const saved = await supervisor.put('/api/shifts/pattern', { starts });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      const now = await supervisor.get('/api/shifts/now');
      const record = await supervisor.get(`/api/shifts/${now.current.id.day}/${now.current.id.index}`);
      if (!record.handover?.acknowledged) {
        current = now.current;
        break;
      }
    }
    assert.ok(current, 'every shift that could end in half an hour today was handed over already');
    const left = Date.parse(current.ends_at) - Date.now();
    assert.ok(left > 0 && left <= 31 * 60_000, `the shift under way ends in ${left} ms`);
    const { day, index } = current.id;
    const record = await supervisor.get(`/api/shifts/${day}/${index}`);

    await openShiftPage(page, '/dinas', 'current-shift');
    const section = page.locator(`[data-testid="handover"][data-shift="${shiftName(current.id)}"]`);
    await section.waitFor({ timeout: 15_000 });
    assert.match(await section.locator('h2').innerText(), new RegExp(`^Serah terima · Sif ${current.starts}–${current.ends}`));
    // What the shift would hand over now: the open incidents, each a link to its page.
    const material = section.locator('[data-testid="handover-material"]');
    assert.equal(Number(await material.getAttribute('data-open')), record.material.open_count);
    const open = material.locator('[data-testid="handover-open"]');
    assert.equal(await open.count(), record.material.open.length);
    if (record.material.open.length > 0) {
      const first = record.material.open[0];
      assert.equal(await open.first().locator('a').getAttribute('href'), `/kejadian/${first.id}`);
    }
    assert.equal(await material.locator('[data-testid="handover-breach"]').count(), record.material.breaches.length);

    // An empty note is refused at its field; a note is saved, and shown with who wrote it.
    const textarea = section.locator(`#handover-note-${day}-${index}`);
    await textarea.fill('');
    await section.locator(`#handover-note-${day}-${index}-save`).click();
    await section.locator('[data-testid="error-note"]').waitFor({ timeout: 10_000 });
    const note = `Banjir Waru masih ditangani BPBD; dua nomor iseng diblokir. ${Date.now()}`;
    await textarea.fill(note);
    await section.locator(`#handover-note-${day}-${index}-save`).click();
    await section.locator('[data-testid="handover-notice"].saved', { hasText: 'Serah terima disimpan.' })
      .waitFor({ timeout: 10_000 });
    assert.equal(await section.locator('[data-testid="handover-note"]').innerText(), note);
    assert.match(await section.locator('[data-testid="handover-written"]').innerText(), /^Ditulis oleh .+, \d\d:\d\d$/);
    // The writer does not acknowledge their own handover.
    assert.equal(await section.locator('[data-testid="acknowledge-form"]').count(), 0);
    const written = (await supervisor.get(`/api/shifts/${day}/${index}`)).handover;
    assert.equal(written.note, note);
    assert.equal(written.written_by, 'supervisor');
    await page.screenshot({ path: path.join(screenshots, 'handover-written.png'), fullPage: true });

    // An operator reads it, and writes nothing.
    const { page: operator, errors: operatorErrors } = await logIn(browser, 'operator1');
    await openShiftPage(operator, '/dinas', 'current-shift');
    const read = operator.locator(`[data-testid="handover"][data-shift="${shiftName(current.id)}"]`);
    await read.locator('[data-testid="handover-note"]').waitFor({ timeout: 15_000 });
    assert.equal(await read.locator('[data-testid="handover-note"]').innerText(), note);
    assert.equal(await read.locator('form').count(), 0);
    assert.deepEqual(operatorErrors, []);

    // The next supervisor acknowledges it with a remark; then it can no longer be rewritten.
    const password = await secondSupervisor(admin);
    const { page: next, errors: nextErrors } = await logIn(browser, 'supervisor2', { password });
    await openShiftPage(next, '/dinas', 'current-shift');
    const incoming = next.locator(`[data-testid="handover"][data-shift="${shiftName(current.id)}"]`);
    await incoming.locator('[data-testid="acknowledge-form"]').waitFor({ timeout: 15_000 });
    await incoming.locator(`#handover-remark-${day}-${index}`).fill('Siap, diterima.');
    await incoming.locator(`#handover-remark-${day}-${index}-save`).click();
    const acknowledged = incoming.locator('[data-testid="handover-acknowledged"]');
    await acknowledged.waitFor({ timeout: 10_000 });
    assert.match(await acknowledged.innerText(), /^Diterima oleh Supervisor Dua, \d\d:\d\d: “Siap, diterima\.”$/);
    await incoming.locator('[data-testid="handover-notice"].saved', { hasText: 'Serah terima diterima.' }).waitFor();
    assert.equal(await incoming.locator('form').count(), 0);
    const done = (await supervisor.get(`/api/shifts/${day}/${index}`)).handover;
    assert.equal(done.acknowledged.by, 'supervisor2');
    assert.equal(done.acknowledged.note, 'Siap, diterima.');
    await next.screenshot({ path: path.join(screenshots, 'handover-acknowledged.png'), fullPage: true });
    assert.deepEqual(nextErrors, []);
    assert.deepEqual(errors, []);
  } finally {
    // The other scenarios assume the usual pattern, and a supervisor who is not there.
    assert.equal((await supervisor.put('/api/shifts/pattern', { starts: DEFAULT_PATTERN })).status, 200);
    const disabled = await admin.patch('/api/users/supervisor2', { disabled: true });
    assert.ok([200, 404].includes(disabled.status), JSON.stringify(disabled.body));
  }
});
