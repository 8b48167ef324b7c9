// The site search in headless Chromium (Debian's, driven by playwright-core):
// open search/?q=QUERY, wait for the results, and report them with their
// credits and how long the search took once the index had loaded; run
// axe-core over the page; and load it with JavaScript off to read what it
// says then. Prints one JSON object; exits 1 on a serious axe violation.
//
//   node search.js BASE_URL QUERY SCREENSHOT_DIR
'use strict';

const fs = require('fs');
const path = require('path');
const { launch, offline } = require('./launch');

const AXE = require.resolve('axe-core/axe.min.js');

async function main() {
  const [base, query, shots] = process.argv.slice(2);
  fs.mkdirSync(shots, { recursive: true });
  const browser = await launch();
  const out = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await offline(context);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${base}search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.getElementById('search-results').dataset.ms !== undefined, null, { timeout: 20000 });
    out.ms = Number(await page.$eval('#search-results', (l) => l.dataset.ms));
    out.status = await page.$eval('#search-status', (s) => s.textContent);
    out.results = await page.$$eval('#search-results li', (items) => items.map((li) => ({
      title: li.querySelector('h2 a').textContent,
      href: li.querySelector('h2 a').getAttribute('href'),
      credit: (li.querySelector('.credit') || { textContent: '' }).textContent,
    })));
    out.input = await page.$eval('#search-q', (i) => i.value);
    await page.screenshot({ path: path.join(shots, 'search-1280.png'), fullPage: true });
    await page.addScriptTag({ path: AXE });
    const axe = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    out.blocking = axe.violations.filter((v) => ['serious', 'critical'].includes(v.impact)).map((v) => `${v.id}: ${v.help}`);
    out.errors = errors;
    await context.close();

    const noJs = await browser.newContext({ javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(`${base}search/?q=${encodeURIComponent(query)}`, { waitUntil: 'load' });
    out.noscript = await plain.evaluate(() => document.body.innerText);
    await noJs.close();
  } finally {
    await browser.close();
  }
  console.log(JSON.stringify(out));
  if (out.blocking.length) process.exit(1);
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(2);
});
