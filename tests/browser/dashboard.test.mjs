// The regent's dashboard (`/dasbor`), as `bupati` on a desk screen and on a phone: the figures beside
// the previous period, the charts, the scorecard, ranges and filters kept in the address. Screenshots
// go to target/screenshots/ for a person to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { baseUrl, launch, openPage } from './browser.mjs';
import { logIn, signIn, createIncident, fillLogin } from './session.mjs';

const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '../../target');
const screenshots = path.join(targetDir, 'screenshots');

/** Waits until the dashboard has drawn its answer: every chart, the scorecard and the map. */
async function drawn(page) {
  for (const chart of ['chart-funnel', 'chart-calls-per-day', 'chart-heatmap', 'chart-sla', 'scorecard']) {
    await page.locator(`[data-testid="${chart}"]`).waitFor({ state: 'visible', timeout: 15_000 });
  }
  await mapDrawn(page);
}

async function figure(page, id) {
  return Number(await page.locator(`[data-testid="figure-${id}"] [data-testid="value"]`).innerText());
}

test("the regent's home is the dashboard: today's figures, charts and scorecard agree with the API", async (t) => {
  const browser = await launch(t);
  // One more call today, so that today is never empty whatever ran before.
  await createIncident(await signIn('operator1'), { category: 'TREE', description: `Pohon tumbang dasbor ${Date.now()}` });
  const bupati = await signIn('bupati');

  const { page, errors } = await logIn(browser, 'bupati');
  assert.equal(new URL(page.url()).pathname, '/dasbor');
  await drawn(page);
  const today = await bupati.get('/api/dashboard?range=today');
  assert.ok(today.funnel.calls.count > 0);
  assert.equal(await figure(page, 'calls'), today.funnel.calls.count);
  assert.equal(await figure(page, 'incidents'), today.funnel.incidents.count);
  assert.equal(
    Number(await page.locator('[data-testid="figure-calls"] [data-testid="previous"]').innerText()),
    today.funnel.calls.previous,
  );
  assert.equal(await page.locator('[data-testid="heatmap-row"]').count(), 7);
  assert.equal(await page.locator('[data-testid="funnel-stage"]').count(), 6);
  const rows = page.locator('[data-testid="scorecard-row"]');
  assert.deepEqual(
    await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.agency)),
    today.agencies.map((a) => a.agency),
    'the scorecard in the API order: least often on time first',
  );

  // A range by name goes into the address, and the figures follow it.
  await page.click('button.preset[data-range="last_7_days"]');
  await page.waitForURL((url) => url.searchParams.get('range') === 'last_7_days');
  const week = await bupati.get('/api/dashboard?range=last_7_days');
  await page.locator('[data-testid="figure-calls"] [data-testid="value"]', { hasText: String(week.funnel.calls.count) })
    .waitFor({ timeout: 10_000 });
  assert.equal(await page.locator('[data-testid="period-bar"]').count(), 7);

  // A filter too; the scorecard keeps only that agency.
  await page.selectOption('#dashboard-agency', 'DAMKAR');
  await page.waitForURL((url) => url.searchParams.get('agency') === 'DAMKAR');
  const damkar = await bupati.get('/api/dashboard?range=last_7_days&agency=DAMKAR');
  await page.locator('[data-testid="figure-calls"] [data-testid="value"]', { hasText: String(damkar.funnel.calls.count) })
    .waitFor({ timeout: 10_000 });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="scorecard-row"]')].every((tr) => tr.dataset.agency === 'DAMKAR'));

  // Sorting by a column's heading.
  await page.selectOption('#dashboard-agency', '');
  await page.waitForURL((url) => !url.searchParams.has('agency'));
  await page.click('button.sort[data-sort="agency"]');
  await page.waitForFunction(() => {
    const codes = [...document.querySelectorAll('[data-testid="scorecard-row"]')].map((tr) => tr.dataset.agency);
    return codes.length > 1 && codes.every((c, i) => i === 0 || codes[i - 1] <= c);
  }, null, { timeout: 10_000 });

  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'dashboard-desktop.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test('on a 360 px phone the dashboard fits the screen and keeps the scorecard sortable', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'bupati', { viewport: { width: 360, height: 740 } });
  await page.click('button.preset[data-range="this_month"]');
  await page.waitForURL((url) => url.searchParams.get('range') === 'this_month');
  await drawn(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow} px wider than the phone`);
  for (const chart of ['chart-funnel', 'chart-calls-per-day', 'chart-heatmap', 'chart-sla']) {
    const box = await page.locator(`[data-testid="${chart}"] svg`).boundingBox();
    assert.ok(box.width > 250 && box.width <= 360, `${chart} is ${box.width} px wide`);
  }
  await page.locator('button.sort[data-sort="backlog"]').click();
  assert.equal(await page.locator('button.sort[data-sort="backlog"]').getAttribute('aria-pressed'), 'true');

  // A range of over two months goes month by month, read from the months' counters.
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const [from, to] = [day(Date.now() - 100 * 86_400_000), day(Date.now())];
  const long = await signIn('bupati').then((bupati) => bupati.get(`/api/dashboard?from=${from}&to=${to}`));
  assert.equal(long.period, 'month');
  await page.goto(`${baseUrl}/dasbor?from=${from}&to=${to}`);
  await drawn(page);
  assert.equal(await page.locator('[data-testid="period-bar"]').count(), long.calls_over_time.length);
  assert.equal(await figure(page, 'calls'), long.funnel.calls.count);

  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, 'dashboard-phone.png'), fullPage: true });
  assert.deepEqual(errors, []);
});

test("an agency's row opens its late assignments with how late each was and why", async (t) => {
  const browser = await launch(t);
  const bupati = await signIn('bupati');
  const week = await bupati.get('/api/dashboard?range=last_7_days');
  const slow = week.agencies.find((a) => a.acknowledgement.missed + a.arrival.missed + a.completion.missed > 0);
  assert.ok(slow, 'the demo has an agency that was late this week');
  const late = await bupati.get(`/api/dashboard/late?range=last_7_days&agency=${slow.agency}`);
  assert.ok(late.assignments.length > 0);

  const { page, errors } = await logIn(browser, 'bupati', { viewport: { width: 360, height: 740 } });
  await page.click('button.preset[data-range="last_7_days"]');
  await page.waitForURL((url) => url.searchParams.get('range') === 'last_7_days');
  await drawn(page);
  const row = page.locator(`[data-testid="scorecard-row"][data-agency="${slow.agency}"]`);
  await row.locator('[data-testid="show-late"]').click();
  const items = page.locator('[data-testid="late-detail"] [data-testid="late-item"]');
  await items.first().waitFor({ timeout: 10_000 });
  assert.equal(await items.count(), late.assignments.length);
  const reasons = late.assignments.filter((a) => a.delays.length > 0).length;
  assert.equal(await page.locator('[data-testid="late-detail"] [data-testid="late-reasons"]').count(), reasons);
  // Named as people say them: the category's name, not its code.
  const categories = await bupati.get('/api/categories');
  const named = categories.find((c) => c.code === late.assignments[0].category);
  assert.ok((await items.first().innerText()).includes(named.name_id), named.name_id);
  // Each opens its incident.
  const first = await items.first().locator('a').getAttribute('href');
  assert.equal(first, `/kejadian/${late.assignments[0].incident}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow} px wider than the phone`);
  mkdirSync(screenshots, { recursive: true });
  await page.locator('[data-testid="late-detail"]').screenshot({ path: path.join(screenshots, 'dashboard-late-phone.png') });

  await row.locator('[data-testid="show-late"]').click();
  await page.locator('[data-testid="late-detail"]').waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});

/**
 * Waits until the map has drawn the range: its outlines, and its pins when there are few enough. With
 * `range` (the API's), the map of that answer, not the one it replaces (which may still be drawn in
 * the same element for a moment).
 */
async function mapDrawn(page, range) {
  const drawnAs = range ? `[data-drawn="${range.from}_${range.to}"]` : '[data-drawn]';
  await page.locator(`[data-testid="area-map"] .area-map-canvas${drawnAs}`).waitFor({ timeout: 15_000 });
}

/** The pins the map shows, counting each cluster as the number of pins it holds. */
async function pinsShown(page) {
  return page.evaluate(() => {
    const clusters = [...document.querySelectorAll('.marker-cluster span')].map((s) => Number(s.textContent));
    const single = document.querySelectorAll('.leaflet-marker-icon:not(.marker-cluster)').length;
    return clusters.reduce((a, b) => a + b, 0) + single;
  });
}

test("the map shades each district by the range's incidents and pins them; a pin opens its incident", async (t) => {
  const browser = await launch(t);
  const bupati = await signIn('bupati');
  const { page, errors } = await logIn(browser, 'bupati');
  await page.click('button.preset[data-range="last_7_days"]');
  await page.waitForURL((url) => url.searchParams.get('range') === 'last_7_days');
  const [figures, areas, pins] = await Promise.all([
    bupati.get('/api/dashboard?range=last_7_days'),
    bupati.get('/api/regions/map'),
    bupati.get('/api/dashboard/incidents?range=last_7_days'),
  ]);
  await mapDrawn(page, figures.range);

  // Every district the regency has an outline for is drawn, with the count of the figures.
  const expected = areas.features
    .filter((f) => f.properties.level === 'district')
    .map((f) => [f.properties.code, figures.districts.find((d) => d.district === f.properties.code)?.count ?? 0])
    .sort();
  assert.ok(expected.length >= 4, 'the demo regency has outlines for its districts');
  const drawnDistricts = await page.locator('path.area-district')
    .evaluateAll((paths) => paths.map((p) => [p.dataset.code, Number(p.dataset.count)]).sort());
  assert.deepEqual(drawnDistricts, expected);
  const fills = await page.locator('path.area-district').evaluateAll((paths) =>
    Object.fromEntries(paths.map((p) => [p.dataset.count, p.getAttribute('fill')])));
  assert.notEqual(fills[String(Math.max(...expected.map(([, n]) => n)))], fills['0'], 'the busiest district is shaded');

  mkdirSync(screenshots, { recursive: true });
  await page.locator('[data-testid="area-map"]').screenshot({ path: path.join(screenshots, 'dashboard-map-desktop.png') });

  // The villages are a layer of their own, off until asked for.
  assert.equal(await page.locator('path.area-village').count(), 0);
  await page.locator('.leaflet-control-layers').hover();
  await page.getByLabel('Desa/kelurahan').check();
  await page.locator('path.area-village').first().waitFor();
  await page.mouse.move(0, 0);
  assert.equal(await page.locator('path.area-village').count(), areas.features.filter((f) => f.properties.level === 'village').length);

  // Every placed incident is a pin, in a cluster or alone.
  assert.equal(pins.truncated, false);
  assert.ok(pins.pins.length > 0);
  assert.equal(await pinsShown(page), pins.pins.length);

  // Clusters open on a click until a pin stands alone; its popup opens the incident.
  for (let i = 0; i < 8 && (await page.locator('.leaflet-marker-icon:not(.marker-cluster)').count()) === 0; i++) {
    await page.locator('.marker-cluster').first().click();
    await page.waitForTimeout(700);
  }
  await page.locator('.leaflet-marker-icon:not(.marker-cluster)').first().click();
  const open = page.locator('.leaflet-popup a', { hasText: 'Buka kejadian' });
  const href = await open.getAttribute('href');
  assert.ok(pins.pins.some((p) => href === `/kejadian/${p.incident}`), href);
  await open.click();
  await page.waitForURL((url) => url.pathname === href);
  await page.locator('[data-testid="fact-status"]').waitFor({ state: 'visible', timeout: 15_000 });
  assert.deepEqual(errors, []);
});

test('a range chosen while the map library still loads is the range the map draws', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await openPage(browser, { viewport: { width: 1280, height: 900 } });
  // Leaflet is held back until the week has been asked for, and the week's pins until the library is
  // in: the map of today, replaced meanwhile, must not draw (nor say it is drawn) in the week's place.
  let releaseLeaflet;
  const leaflet = new Promise((resolve) => { releaseLeaflet = resolve; });
  await page.route('**/vendor/leaflet/leaflet.js', async (route) => { await leaflet; await route.continue(); });
  let releasePins;
  const weekPins = new Promise((resolve) => { releasePins = resolve; });
  await page.route(/\/api\/dashboard\/incidents\?.*range=last_7_days/, async (route) => { await weekPins; await route.continue(); });
  // Today's map has asked for the library once the library is asked for.
  const asked = page.waitForRequest('**/vendor/leaflet/leaflet.js', { timeout: 15_000 });
  await page.goto(`${baseUrl}/masuk`, { waitUntil: 'load' });
  await fillLogin(page, 'bupati');
  await page.waitForURL((url) => url.pathname === '/dasbor');
  await asked;
  await page.click('button.preset[data-range="last_7_days"]');
  await page.waitForURL((url) => url.searchParams.get('range') === 'last_7_days');
  releaseLeaflet();
  await page.waitForTimeout(1000);
  releasePins();

  const week = await (await signIn('bupati')).get('/api/dashboard?range=last_7_days');
  await mapDrawn(page, week.range);
  const drawnDistricts = await page.locator('path.area-district')
    .evaluateAll((paths) => Object.fromEntries(paths.map((p) => [p.dataset.code, Number(p.dataset.count)])));
  for (const district of week.districts.filter((d) => d.district)) {
    assert.equal(drawnDistricts[district.district], district.count, `the week's count of ${district.district}`);
  }
  assert.deepEqual(errors, []);
});

test('on a 360 px phone the map fits the screen', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'bupati', { viewport: { width: 360, height: 740 } });
  await page.click('button.preset[data-range="last_7_days"]');
  await page.waitForURL((url) => url.searchParams.get('range') === 'last_7_days');
  await mapDrawn(page, (await signIn('bupati').then((bupati) => bupati.get('/api/dashboard?range=last_7_days'))).range);
  const box = await page.locator('[data-testid="area-map"] .area-map-canvas').boundingBox();
  assert.ok(box.width > 250 && box.width <= 360 && box.height >= 250, `the map is ${box.width}x${box.height}`);
  assert.ok((await page.locator('path.area-district').count()) > 0);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page is ${overflow} px wider than the phone`);
  await page.mouse.move(0, 0);
  mkdirSync(screenshots, { recursive: true });
  await page.locator('[data-testid="area-map"]').screenshot({ path: path.join(screenshots, 'dashboard-map-phone.png') });
  assert.deepEqual(errors, []);
});

test('the regent exports what the dashboard shows and downloads the workbook and the CSV', async (t) => {
  const browser = await launch(t);
  const { page, errors } = await logIn(browser, 'bupati');
  await page.click('button.preset[data-range="last_7_days"]');
  await page.waitForURL((url) => url.searchParams.get('range') === 'last_7_days');
  await page.locator('[data-testid="figure-calls"]').waitFor();
  await page.click('[data-testid="export-start"]');
  await page.locator('[data-testid="export-status"][data-status="ready"]').waitFor({ timeout: 30_000 });
  assert.match(await page.locator('[data-testid="export-status"]').innerText(), /7 dari 7 hari, \d+ baris/);

  for (const [format, magic] of [['xlsx', 'PK'], ['csv', '\uFEFF']]) {
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.click(`[data-testid="export"] button[data-format="${format}"]`),
    ]);
    assert.match(download.suggestedFilename(), new RegExp(`^tanggap-\\d{4}-\\d{2}-\\d{2}_\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
    const saved = path.join(targetDir, 'screenshots', download.suggestedFilename());
    await download.saveAs(saved);
    const head = readFileSync(saved, format === 'csv' ? 'utf8' : 'latin1').slice(0, magic.length);
    assert.equal(head, magic, `${format} starts as it should`);
  }
  assert.deepEqual(errors, []);
});
