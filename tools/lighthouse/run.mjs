// Run Lighthouse (the pinned npm package beside this file) on a list of URLs with ONE headless
// Chromium, and write each report as JSON: much faster than one `lighthouse` CLI call per page,
// which starts a browser every time. Called by tests/test_lighthouse.py and benchmarks/run.py.
//
//   node tools/lighthouse/run.mjs '{"chromePath": "/usr/bin/chromium", "chromeFlags": [...],
//        "categories": ["accessibility"], "runs": 1, "urls": [...], "outDir": "/tmp/lh",
//        "flags": {"disableFullPageScreenshot": true}}'
//
// Writes outDir/<url index>-<run>.json (Lighthouse's JSON result) and prints one line per report.
// Mobile form factor and Lighthouse's simulated throttling are Lighthouse's defaults, kept here.
import fs from 'node:fs';
import path from 'node:path';

import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const spec = JSON.parse(process.argv[2]);
fs.mkdirSync(spec.outDir, {recursive: true});
const chrome = await chromeLauncher.launch({
  chromePath: spec.chromePath || process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: spec.chromeFlags || ['--headless=new', '--no-sandbox', '--disable-gpu'],
  logLevel: 'silent',
});
let failed = 0;
try {
  for (const [i, url] of spec.urls.entries()) {
    for (let run = 0; run < (spec.runs || 1); run++) {
      const t0 = Date.now();
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: spec.categories,
        ...(spec.flags || {}),
      });
      const out = path.join(spec.outDir, `${i}-${run}.json`);
      fs.writeFileSync(out, result.report);
      if (result.lhr.runtimeError) failed++;
      console.log(`${out}\t${url}\t${Date.now() - t0} ms`);
    }
  }
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);
