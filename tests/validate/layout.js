// Measure where the story starts on the served site's first screen, in
// headless Chromium (Debian's, driven by playwright-core), on a phone
// (390×844) and a desktop (1280×800):
//
// - home page: the first story's headline ends on the first screen;
// - each article page: the headline ends, the source credit ends and the
//   first story paragraph starts on the first screen;
// - each "photo not reproduced" box is compact (under 120 px high) and does
//   not show the photo's alt text.
//
//   node layout.js BASE_URL SCREENSHOT_DIR ALT_TEXTS_JSON home=PATH article=PATH...
//
// ALT_TEXTS_JSON is a file holding a JSON list of the site's figure alt
// texts. Saves NAME-WIDTH-fold.png per page; exits 1 listing every failure.
'use strict';

const fs = require('fs');
const path = require('path');
const { launch, offline } = require('./launch');

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];
const MISSING_FIGURE_MAX_HEIGHT = 120;

// Runs in the page: offsets (relative to the top of the page, which is
// where the first screen starts) of what a reader looks for first.
function measure() {
  const box = (el) => {
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: Math.round(r.top + window.scrollY), bottom: Math.round(r.bottom + window.scrollY) };
  };
  const missing = [...document.querySelectorAll('.figure-missing')].map((el) => ({
    ...box(el),
    text: el.innerText,
  }));
  return {
    h1: box(document.querySelector('h1')),
    firstParagraph: box(document.querySelector('.article-body p')),
    credit: box(document.querySelector('.article .credit')),
    firstCardTitle: box(document.querySelector('main .card-title')),
    missing,
  };
}

async function main() {
  const [base, shots, altFile, ...pages] = process.argv.slice(2);
  if (!base || !shots || !altFile || pages.length === 0) {
    throw new Error('usage: node layout.js BASE_URL SCREENSHOT_DIR ALT_TEXTS_JSON NAME=PATH...');
  }
  const alts = JSON.parse(fs.readFileSync(altFile, 'utf8')).map((a) => a.trim().toLowerCase()).filter(Boolean);
  fs.mkdirSync(shots, { recursive: true });
  const browser = await launch();
  const failures = [];
  let articles = 0;
  let homes = 0;
  try {
    for (const vp of VIEWPORTS) {
      const context = await browser.newContext({ viewport: { width: vp.width, height: vp.height } });
      await offline(context);
      const page = await context.newPage();
      page.setDefaultTimeout(30000);
      for (const spec of pages) {
        const eq = spec.indexOf('=');
        const name = spec.slice(0, eq);
        const url = base + spec.slice(eq + 1);
        const label = `${name} @${vp.width}×${vp.height}`;
        const response = await page.goto(url, { waitUntil: 'load' });
        if (!response || response.status() !== 200) {
          failures.push(`${label}: ${url} answered ${response ? response.status() : 'nothing'}`);
          continue;
        }
        await page.screenshot({ path: path.join(shots, `${name}-${vp.width}-fold.png`) });
        const m = await page.evaluate(measure);
        const fold = vp.height;
        const onScreen = (what, b, edge) => {
          if (!b) {
            failures.push(`${label}: no ${what}`);
          } else if (b[edge] >= fold) {
            failures.push(`${label}: ${what} ${edge === 'top' ? 'starts' : 'ends'} at ${b[edge]}px, below the first screen (${fold}px)`);
          }
        };
        if (name.startsWith('home')) {
          homes += 1;
          onScreen("the first story's headline", m.firstCardTitle, 'bottom');
        } else {
          articles += 1;
          onScreen('the headline', m.h1, 'bottom');
          onScreen('the source credit', m.credit, 'bottom');
          // An article without a body shows its summary instead.
          if (m.firstParagraph) onScreen('the first story paragraph', m.firstParagraph, 'top');
        }
        for (const [i, f] of m.missing.entries()) {
          const height = f.bottom - f.top;
          if (height >= MISSING_FIGURE_MAX_HEIGHT) {
            failures.push(`${label}: "photo not reproduced" box ${i + 1} is ${height}px high (limit ${MISSING_FIGURE_MAX_HEIGHT}px)`);
          }
          const text = f.text.toLowerCase();
          for (const alt of alts.filter((a) => text.includes(a))) {
            failures.push(`${label}: "photo not reproduced" box ${i + 1} shows the alt text "${alt}"`);
          }
        }
        console.log(`${label}: ${JSON.stringify({ ...m, missing: m.missing.length })}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
  }
  if (homes === 0 || articles === 0) failures.push(`measured ${homes} home and ${articles} article pages`);
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
