// Shared helpers for the browser scenarios: Debian's Chromium driven by playwright-core.
// Run the scenarios through `cargo xtask test`, which starts the server and sets TANGGAP_BASE_URL.
import { chromium } from 'playwright-core';

/** Where the app under test is served, e.g. http://127.0.0.1:38211 (no trailing slash). */
export const baseUrl = process.env.TANGGAP_BASE_URL;

/**
 * A headless Chromium with a fresh temporary profile (Playwright's plain launch makes one per
 * browser), closed when the test `t` ends.
 */
export async function launch(t) {
  if (!baseUrl) {
    throw new Error('TANGGAP_BASE_URL is not set: run the browser tests with `cargo xtask test`');
  }
  const browser = await chromium.launch({
    // The system browser: Playwright's own browser downloads do not work on this kind of machine.
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.after(() => browser.close());
  return browser;
}

/**
 * A new page that records its uncaught errors (expected to stay empty): `{ page, errors }`.
 * `options` go to `browser.newPage`, e.g. `{ viewport }`.
 */
export async function openPage(browser, options = {}) {
  const page = await browser.newPage(options);
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return { page, errors };
}

/** Offline like CI: the map's tile servers are unreachable, and blocked here to be sure. */
export async function blockMapTiles(page) {
  await page.route(/tile\.openstreetmap\.org|arcgisonline\.com/, (route) => route.abort());
}
