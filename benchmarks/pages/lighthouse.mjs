// Lighthouse on the node's two pages that issue 21 measures: the sign-in page (the node's page, nobody signed in)
// and the market page of a signed-in user (the node's page showing #market/listings, with the market's page in its
// frame). Each run starts a fresh headless Chromium (Debian's, CHROME_PATH), so that no run profits from another's
// cache. Prints every run and the medians per page: the scores of performance, accessibility and best practices,
// CLS and LCP; then the audits that lost points in the last run. The JSON reports go to OUT.
//
// Usage: node lighthouse.mjs BASE_URL USER PASSWORD [RUNS] [OUT] [--desktop]
// The user signs in once (POST /api/session); its session cookie goes with every request of the market runs as an
// extra header, the way the browser would send it.
import fs from 'node:fs';
import path from 'node:path';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';

const args = process.argv.slice(2).filter(a => !a.startsWith('--'));
const desktop = process.argv.includes('--desktop');
const [base, user, password] = args;
const runs = Number(args[3] || 5);
const out = args[4] || 'target/lighthouse';
if (!base || !user || !password || !(runs > 0)) {
  console.error('usage: node lighthouse.mjs BASE_URL USER PASSWORD [RUNS] [OUT] [--desktop]');
  process.exit(2);
}
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
// The flags that keep Chromium off the network (it would try Google's hosts, which are blocked here).
const CHROME_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--no-first-run'];

async function signIn() {
  const answer = await fetch(new URL('/api/session', base), {
    method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ username: user, password })
  });
  const cookie = (answer.headers.get('set-cookie') || '').split(';')[0];
  if (answer.status !== 200 || !cookie.startsWith('DUMP_SESSION=')) {
    throw new Error('signing in as ' + user + ' at ' + base + ' answered ' + answer.status + ': '
      + await answer.text());
  }
  return cookie;
}

async function audit(url, headers) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROME_PATH || '/usr/bin/chromium', chromeFlags: CHROME_FLAGS, logLevel: 'silent' });
  try {
    const result = await lighthouse(url, {
      port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, extraHeaders: headers
    }, desktop ? desktopConfig : undefined);
    return result.lhr;
  } finally {
    await chrome.kill();
  }
}

function figures(lhr) {
  const score = id => Math.round(lhr.categories[id].score * 100);
  return {
    performance: score('performance'), accessibility: score('accessibility'), bestPractices: score('best-practices'),
    cls: lhr.audits['cumulative-layout-shift'].numericValue,
    lcp: lhr.audits['largest-contentful-paint'].numericValue
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The audits of the measured categories that did not get full marks, with what they say. */
function lostPoints(lhr) {
  const lines = [];
  for (const id of CATEGORIES) {
    for (const ref of lhr.categories[id].auditRefs) {
      const a = lhr.audits[ref.id];
      if (ref.weight > 0 && a.score !== null && a.score < 1) {
        const items = (a.details && a.details.items || []).slice(0, 5).map(item =>
          '      ' + JSON.stringify(item.node ? { node: item.node.snippet, explanation: item.node.explanation }
            : item).slice(0, 240));
        lines.push('  [' + id + '] ' + a.id + ' (' + a.score + ', weight ' + ref.weight + '): ' + a.title
          + (a.displayValue ? ' — ' + a.displayValue : ''), ...items);
      }
    }
  }
  return lines;
}

const cookie = await signIn();
const pages = [
  { name: 'sign-in', url: new URL('/', base).href, headers: {} },
  { name: 'market', url: new URL('/#market/listings', base).href, headers: { Cookie: cookie } }
];
fs.mkdirSync(out, { recursive: true });
const results = Object.fromEntries(pages.map(page => [page.name, []]));
const last = {};
const fmt = f => [f.performance, f.accessibility, f.bestPractices].map(v => String(v).padStart(5)).join('')
  + f.cls.toFixed(3).padStart(8) + String(Math.round(f.lcp)).padStart(8);
console.log('Lighthouse ' + (desktop ? 'desktop' : 'mobile (default)') + ' on ' + base + ', ' + runs + ' run(s)');
console.log('page      run  perf a11y   bp     CLS  LCP ms');
for (let run = 1; run <= runs; run++) {
  for (const page of pages) {
    const lhr = await audit(page.url, page.headers);
    fs.writeFileSync(path.join(out, page.name + '-' + run + '.json'), JSON.stringify(lhr));
    const f = figures(lhr);
    results[page.name].push(f);
    last[page.name] = lhr;
    console.log(page.name.padEnd(9) + String(run).padStart(4) + ' ' + fmt(f));
  }
}
console.log('\nmedians of ' + runs + ' run(s)');
console.log('page           perf a11y   bp     CLS  LCP ms');
for (const page of pages) {
  const m = key => median(results[page.name].map(f => f[key]));
  console.log(page.name.padEnd(13) + ' ' + fmt({ performance: m('performance'), accessibility: m('accessibility'),
    bestPractices: m('bestPractices'), cls: m('cls'), lcp: m('lcp') }));
}
for (const page of pages) {
  const lines = lostPoints(last[page.name]);
  console.log('\n' + page.name + ': audits that lost points in the last run' + (lines.length ? '' : ': none'));
  lines.forEach(line => console.log(line));
}
