// How every browser check starts Chromium: Debian's binary (or
// $BROADSHEET_CHROMIUM), driven by playwright-core, with nothing that would
// reach the network on its own, and each page kept to the loopback server.
'use strict';

const { chromium } = require('playwright-core');

const CHROMIUM = process.env.BROADSHEET_CHROMIUM || '/usr/bin/chromium';

function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    timeout: 60000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

// The site is served on loopback only: refuse anything else.
function offline(context) {
  return context.route(/^https?:\/\/(?!127\.0\.0\.1[:/])/, (route) => route.abort());
}

module.exports = { launch, offline };
