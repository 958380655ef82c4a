// screenshot.mjs: takes docs/screenshot.png, the start page of the demo as
// README.md shows it. Not a test; run it by hand after a change to the look:
//   node tests/browser/screenshot.mjs build/release/leerpad [OUT.png]

import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, startWorld } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[3] || join(here, '..', '..', 'docs', 'screenshot.png'));

const world = await startWorld();
let browser = null;
try {
	browser = await launchBrowser();
	const context = await browser.newContext({
		baseURL: world.base,
		viewport: { width: 1200, height: 900 },
		locale: 'nl-NL',
	});
	const page = await context.newPage();
	const res = await page.goto('/');
	if (!res || res.status() !== 200) throw new Error(`GET / answered ${res && res.status()}`);
	await page.screenshot({ path: out });
	console.log(`screenshot.mjs: wrote ${out}`);
} finally {
	if (browser) await browser.close();
	await world.stop();
}
