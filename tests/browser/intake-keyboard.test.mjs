// The operator's keyboard: a call taken without the mouse, every keystroke counted; a prank closed in
// two keys and still counted; a second call about the same fire linked to it instead of opening
// another incident; a number with three pranks proposed for a block, and blocked by a supervisor.
// Offline like CI: the map's tile servers are unreachable (and blocked here to be sure).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, blockMapTiles } from './browser.mjs';
import { logIn, signIn, createIncident } from './session.mjs';

/** operator1 through the API, for looking at what the form saved. */
let operatorApi;
let villages;
before(async () => {
  operatorApi = await signIn('operator1');
  const regions = await operatorApi.get('/api/regions');
  const names = new Map(regions.map((r) => [r.code, r.name]));
  // Villages whose name no other village has: typing the name finds exactly that one.
  const count = new Map();
  for (const r of regions) count.set(r.name, (count.get(r.name) ?? 0) + 1);
  villages = regions
    .filter((r) => r.code.split('.').length === 4 && count.get(r.name) === 1)
    .map((r) => ({ code: r.code, name: r.name, district: names.get(r.code.split('.').slice(0, 3).join('.')) }));
  assert.ok(villages.length >= 3, 'the demo regency has villages with names of their own');
});

/** A mobile number no other scenario uses: 08 and ten digits. */
function freshPhone() {
  return `08${String(Date.now() + Math.floor(Math.random() * 1e6)).slice(-10)}`;
}

/** The E.164 form the API keeps: +62 and the digits after the 0. */
function e164(phone) {
  return `+62${phone.slice(1)}`;
}

/** page.keyboard, counting keys: a chord such as Alt+k is two, typed text one per character. */
function countingKeyboard(page) {
  const keyboard = {
    keys: 0,
    async press(chord) {
      keyboard.keys += chord.split('+').length;
      await page.keyboard.press(chord);
    },
    async type(text) {
      keyboard.keys += [...text].length;
      await page.keyboard.type(text);
    },
  };
  return keyboard;
}

/** Logs in and waits for the intake form, its phone box focused; tiles never load; mouse events are counted. */
async function openForm(browser, username = 'operator1') {
  const { page, errors } = await logIn(browser, username);
  await blockMapTiles(page);
  await page.evaluate(() => {
    window.__mouse = 0;
    for (const kind of ['mousedown', 'pointerdown', 'click']) {
      document.addEventListener(kind, (e) => { if (e.detail > 0 || e.pointerType) window.__mouse += 1; }, true);
    }
  });
  await page.waitForFunction(() => document.activeElement?.id === 'caller-phone', null, { timeout: 15_000 });
  return { page, errors };
}

async function focusedId(page) {
  return page.evaluate(() => document.activeElement?.id ?? '');
}

/** Waits for the form's notice to say `pattern`; returns the incident it names. */
async function savedIncident(page, pattern) {
  const notice = page.locator('[data-testid="intake-notice"]');
  await notice.filter({ hasText: pattern }).waitFor({ timeout: 10_000 });
  const id = await notice.getAttribute('data-incident-id');
  assert.ok(id, 'the notice names the incident');
  return id;
}

test('a fire call is taken with the keyboard alone', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openForm(browser);
  const keyboard = countingKeyboard(page);
  const village = villages[0];
  const phone = freshPhone();
  const description = `Rumah terbakar ${Date.now()}`;

  await keyboard.type(phone);
  await keyboard.press('Alt+k');
  assert.equal(await page.inputValue('#category'), 'Kebakaran');
  assert.equal(await focusedId(page), 'village', 'after the category, on to the place');
  await keyboard.type(village.name);
  await page.locator('#village-list [role="option"]').first().waitFor();
  await keyboard.press('Enter');
  assert.equal(await page.inputValue('#village'), village.name);
  assert.equal(await page.inputValue('#district'), village.district, 'the village names its district');
  assert.equal(await focusedId(page), 'landmark');
  await keyboard.press('Tab');
  assert.equal(await focusedId(page), 'description');
  await keyboard.type(description);
  await keyboard.press('Control+Enter');

  const id = await savedIncident(page, /Kejadian tersimpan/);
  console.log(`keystrokes: ${keyboard.keys}`);
  const { incident } = await operatorApi.get(`/api/incidents/${id}`);
  assert.equal(incident.category, 'FIRE');
  assert.equal(incident.status, 'received');
  assert.equal(incident.location.village.code, village.code);
  assert.equal(incident.caller.phone, e164(phone));
  assert.equal(incident.description, description);

  assert.equal(await focusedId(page), 'caller-phone', 'the next call starts at the number');
  assert.equal(await page.inputValue('#caller-phone'), '');
  assert.equal(await page.inputValue('#category'), '');
  assert.equal(await page.evaluate(() => window.__mouse), 0, 'no mouse was used');
  assert.deepEqual(errors, []);
});

test('a prank call is closed in two keys from an empty form, and counted', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openForm(browser);
  const keyboard = countingKeyboard(page);

  await keyboard.press('Alt+1');
  const id = await savedIncident(page, /Panggilan ditutup/);
  console.log(`keystrokes: ${keyboard.keys}`);
  assert.ok(keyboard.keys <= 3, `${keyboard.keys} keys`);

  const { incident } = await operatorApi.get(`/api/incidents/${id}`);
  assert.equal(incident.category, 'PRANK');
  assert.equal(incident.status, 'closed');
  const counts = await operatorApi.get('/api/intake/counts');
  assert.ok(counts.by_category.PRANK >= 1, JSON.stringify(counts));

  // With the number typed first, the call lands in that number's history, closed.
  const phone = freshPhone();
  await keyboard.type(phone);
  await keyboard.press('Alt+1');
  await page.waitForFunction(
    (first) => {
      const notice = document.querySelector('[data-testid="intake-notice"]');
      return notice.dataset.incidentId && notice.dataset.incidentId !== first;
    },
    id,
    { timeout: 10_000 },
  );
  const history = await operatorApi.get(`/api/callers/${encodeURIComponent(e164(phone))}`);
  assert.equal(history.calls.length, 1);
  assert.equal(history.calls[0].category, 'PRANK');
  assert.equal(history.calls[0].status, 'closed');
  assert.equal(await focusedId(page), 'caller-phone');
  assert.equal(await page.evaluate(() => window.__mouse), 0, 'no mouse was used');
  assert.deepEqual(errors, []);
});

test('a second call about the same fire is offered as a duplicate and linked to it', async (t) => {
  const village = villages[1];
  const fire = await createIncident(operatorApi, {
    category: 'FIRE',
    village: village.code,
    description: `Gudang terbakar ${Date.now()}`,
    caller_phone: freshPhone(),
  });
  const openFires = async () =>
    (await operatorApi.get('/api/incidents?limit=200&category=FIRE')).incidents.filter(
      (i) => i.location.village?.code === village.code,
    ).length;
  const before = await openFires();

  const browser = await launch(t);
  const { page, errors } = await openForm(browser);
  const keyboard = countingKeyboard(page);
  await keyboard.type(freshPhone());
  await keyboard.press('Alt+k');
  await keyboard.type(village.name);
  await page.locator('#village-list [role="option"]').first().waitFor();
  await keyboard.press('Enter');

  const offered = page.locator(`[data-testid="duplicate"][data-incident-id="${fire.id}"]`);
  await offered.waitFor({ timeout: 10_000 });
  for (let i = 0; i < 20 && !(await offered.evaluate((li) => li.classList.contains('active'))); i++) {
    await keyboard.press('Alt+ArrowDown');
  }
  assert.ok(await offered.evaluate((li) => li.classList.contains('active')), 'the fire is highlighted');
  await keyboard.press('Alt+Enter');

  const id = await savedIncident(page, /digabungkan/);
  assert.equal(id, fire.id);
  const { incident } = await operatorApi.get(`/api/incidents/${fire.id}`);
  assert.equal(incident.extra_reports, 1);
  assert.equal(await openFires(), before, 'no second incident');
  assert.equal(await focusedId(page), 'caller-phone');
  assert.equal(await page.inputValue('#village'), '', 'the form is cleared for the next call');
  assert.equal(await page.evaluate(() => window.__mouse), 0, 'no mouse was used');
  assert.deepEqual(errors, []);
});

test('three pranks from one number propose a block, and a supervisor blocks it from the form', async (t) => {
  const browser = await launch(t);
  const phone = freshPhone();
  const { page, errors } = await openForm(browser);
  for (let i = 0; i < 3; i++) {
    await page.keyboard.type(phone);
    // The history shows the pranks so far before the next one is closed.
    await page.locator('[data-testid="caller-history"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press('Alt+1');
    await page.waitForFunction(() => document.querySelector('#caller-phone').value === '');
  }
  await page.keyboard.type(phone);
  await page.locator('[data-testid="block-proposed"]').waitFor({ timeout: 10_000 });
  assert.match(await page.locator('[data-testid="caller-summary"]').innerText(), /iseng 24 jam: 3/);
  assert.equal(await page.locator('#block-toggle').count(), 0, 'an operator only proposes');
  assert.deepEqual(errors, []);

  const supervisor = await openForm(browser, 'supervisor');
  await supervisor.page.keyboard.type(phone);
  await supervisor.page.locator('#block-reason').waitFor({ timeout: 10_000 });
  await supervisor.page.fill('#block-reason', 'Iseng berulang');
  await supervisor.page.press('#block-reason', 'Enter');
  await supervisor.page.locator('[data-testid="caller-blocked"]').waitFor({ timeout: 10_000 });
  assert.match(await supervisor.page.locator('[data-testid="caller-blocked"]').innerText(), /Iseng berulang/);

  // The blocked number's next call is still taken, and flagged.
  await supervisor.page.focus('#category');
  await supervisor.page.keyboard.press('Alt+m');
  await supervisor.page.keyboard.press('Enter');
  const id = await savedIncident(supervisor.page, /Kejadian tersimpan/);
  const { incident } = await operatorApi.get(`/api/incidents/${id}`);
  assert.equal(incident.caller_blocked, true);

  await supervisor.page.keyboard.type(phone);
  await supervisor.page.locator('#block-toggle').click();
  await supervisor.page.locator('[data-testid="caller-blocked"]').waitFor({ state: 'detached', timeout: 10_000 });
  assert.deepEqual(supervisor.errors, []);
});
