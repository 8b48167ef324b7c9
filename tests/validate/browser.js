// Load pages of the served site in headless Chromium (Debian's, driven by
// playwright-core), at phone and desktop widths: screenshot each (the full
// page as NAME-WIDTH.png, the first screen as NAME-WIDTH-fold.png), run
// axe-core, and check a phone-width page does not scroll sideways.
//
//   node browser.js BASE_URL SCREENSHOT_DIR NAME=PATH...
//
// BASE_URL ends in '/', each PATH is relative to it ('' for the home page).
// Exits 1 listing every serious or critical axe violation and every page
// wider than the phone's viewport; prints a line per page either way.
'use strict';

const fs = require('fs');
const path = require('path');
const { launch, offline } = require('./launch');

const AXE = require.resolve('axe-core/axe.min.js');
const VIEWPORTS = [
  { width: 390, height: 844, scheme: 'light' },
  { width: 1280, height: 900, scheme: 'light' },
  // The theme declares `color-scheme: light dark`: check the dark palette too.
  { width: 1280, height: 900, scheme: 'dark' },
];
const BLOCKING = new Set(['serious', 'critical']);

async function main() {
  const [base, shots, ...pages] = process.argv.slice(2);
  if (!base || !shots || pages.length === 0) {
    throw new Error('usage: node browser.js BASE_URL SCREENSHOT_DIR NAME=PATH...');
  }
  fs.mkdirSync(shots, { recursive: true });
  const browser = await launch();
  const failures = [];
  try {
    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({
        viewport: { width: vp.width, height: vp.height },
        colorScheme: vp.scheme,
      });
      await offline(context);
      const page = await context.newPage();
      page.setDefaultTimeout(30000);
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      for (const spec of pages) {
        const eq = spec.indexOf('=');
        const name = spec.slice(0, eq);
        const url = base + spec.slice(eq + 1);
        const label = `${name} @${vp.width}px ${vp.scheme}`;
        const response = await page.goto(url, { waitUntil: 'load' });
        if (!response || response.status() !== 200) {
          failures.push(`${label}: ${url} answered ${response ? response.status() : 'nothing'}`);
          continue;
        }
        const suffix = vp.scheme === 'light' ? '' : `-${vp.scheme}`;
        const file = path.join(shots, `${name}-${vp.width}${suffix}.png`);
        await page.screenshot({ path: file, fullPage: true });
        // What a reader sees first, easier to look at than a long full page.
        await page.screenshot({ path: file.replace(/\.png$/, '-fold.png') });
        const width = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          inner: window.innerWidth,
        }));
        if (width.scroll > width.inner) {
          const wide = await page.evaluate((inner) => {
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
              const r = el.getBoundingClientRect();
              if (r.right > inner + 0.5 && out.length < 5) {
                out.push(`${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''} (right edge ${Math.round(r.right)}px)`);
              }
            }
            return out;
          }, width.inner);
          failures.push(`${label}: scrolls sideways (scrollWidth ${width.scroll} > innerWidth ${width.inner}); widest: ${wide.join(', ')}`);
        }
        await page.addScriptTag({ path: AXE });
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        const blocking = result.violations.filter((v) => BLOCKING.has(v.impact));
        const minor = result.violations.length - blocking.length;
        for (const v of blocking) {
          const nodes = v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`);
          failures.push(`${label}: axe ${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('\n')}`);
        }
        for (const e of errors.splice(0)) {
          failures.push(`${label}: script error: ${e}`);
        }
        console.log(`${label}: ${path.basename(file)}, width ${width.scroll}/${width.inner}, axe ${blocking.length} serious/critical, ${minor} minor`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  if (failures.length) {
    console.log(`\n${failures.length} problem(s):`);
    for (const f of failures) console.log(`  ${f}`);
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(2);
});
