// harness.mjs: what every browser test shares
//
// A world: a temporary directory with a database made by `leerpad init` and
// filled by `leerpad demo`, and `leerpad serve` on a free port of 127.0.0.1
// that stops by itself after ten minutes even if this process dies. Debian's
// Chromium (/usr/bin/chromium), driven by playwright-core; playwright's own
// browsers are never used. axe-core is injected into every page that is
// scanned; the server's Content-Security-Policy forbids scripts, so the
// contexts are made with bypassCSP.
//
// The binary comes from LEERPAD_BIN (CTest passes the one it built), or
// from the first argument.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

export const DEMO_PASSWORD = 'demo-wachtwoord';

// Every demo login (brief: `leerpad demo --logins`), with the label of the
// role its home page shows (msgids of src/domain/actor.c).
export const DEMO_ROLES = [
	{ who: 'learner', role: 'Learner' },
	{ who: 'coach', role: 'Coach' },
	{ who: 'examiner', role: 'Examiner' },
	{ who: 'examboard', role: 'Exam board' },
	{ who: 'programme-manager', role: 'Programme manager' },
	{ who: 'institution-admin', role: 'Institution administrator' },
	{ who: 'hr', role: 'Employer HR contact' },
	{ who: 'supervisor', role: 'Workplace supervisor' },
	{ who: 'voucher-authority', role: 'Voucher authority' },
	{ who: 'network-coordinator', role: 'Network coordinator' },
	{ who: 'monitor', role: 'Monitor' },
	{ who: 'admin', role: 'System administrator' },
];

export function demoEmail(who) {
	return `${who}@demo.leerpad.nl`;
}

// ---- the Dutch words of the interface --------------------------------------

// Reads one quoted PO string starting at line i (msgid/msgstr and the lines
// that continue it); returns [text, next line].
function poString(lines, i, keyword) {
	const unquote = (s) => JSON.parse(s.replace(/\\([^"\\nt])/g, '$1'));
	let text = unquote(lines[i].slice(keyword.length).trim());
	i++;
	while (i < lines.length && lines[i].startsWith('"')) {
		text += unquote(lines[i].trim());
		i++;
	}
	return [text, i];
}

// msgid -> Dutch, from po/nl.po (the same file the binary's catalog is made of).
function loadDutch() {
	const lines = readFileSync(join(here, '..', '..', 'po', 'nl.po'), 'utf8').split('\n');
	const map = new Map();
	let i = 0;
	while (i < lines.length) {
		if (!lines[i].startsWith('msgid ')) {
			i++;
			continue;
		}
		let id, str;
		[id, i] = poString(lines, i, 'msgid');
		while (i < lines.length && !lines[i].startsWith('msgstr ')) i++;
		if (i >= lines.length) break;
		[str, i] = poString(lines, i, 'msgstr');
		if (id && str) map.set(id, str);
	}
	return map;
}

const dutch = loadDutch();

// The words of msgid in the interface's language ('nl' by default); a
// msgid without a Dutch entry is a test error, not a silent English word.
export function t(msgid, lang = 'nl') {
	if (lang === 'en') return msgid;
	const s = dutch.get(msgid);
	if (s === undefined) throw new Error(`po/nl.po has no translation of "${msgid}"`);
	return s;
}

// ---- the server ------------------------------------------------------------

function leerpadBin() {
	const bin = process.env.LEERPAD_BIN || process.argv[2];
	if (!bin || !existsSync(bin)) {
		throw new Error('set LEERPAD_BIN to the leerpad binary (CTest does), '
			+ `got "${bin || ''}"`);
	}
	return bin;
}

// Runs one leerpad command to its end; throws with its output if it fails.
function leerpad(bin, args) {
	const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 300000 });
	if (r.status !== 0) {
		throw new Error(`leerpad ${args.join(' ')} failed (exit ${r.status}, `
			+ `signal ${r.signal}):\n${r.stdout}${r.stderr}`);
	}
	return r.stdout;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts the world: temp dir, demo database, server. Returns an object with
// base (http://127.0.0.1:PORT), dir, and stop().
export async function startWorld() {
	const bin = leerpadBin();
	const dir = mkdtempSync(join(tmpdir(), 'leerpad-browser-'));
	const db = join(dir, 'leerpad.db');
	const portFile = join(dir, 'port');
	const logFile = join(dir, 'server.log');
	let log = '';

	try {
		leerpad(bin, ['init', '--db', db]);
		leerpad(bin, ['demo', '--db', db]);
	} catch (e) {
		rmSync(dir, { recursive: true, force: true });
		throw e;
	}
	const server = spawn(bin, ['serve', '--db', db, '--port', '0', '--port-file', portFile,
		'--threads', '2', '--max-seconds', '600'], { stdio: ['ignore', 'pipe', 'pipe'] });
	server.stdout.on('data', (d) => { log += d; });
	server.stderr.on('data', (d) => { log += d; });
	let exited = null;
	server.on('exit', (code, signal) => { exited = { code, signal }; });
	// the server must never outlive this process, whatever ends it
	const killNow = () => { if (!exited) server.kill('SIGKILL'); };
	process.on('exit', killNow);

	const deadline = Date.now() + 60000;
	let port = '';
	while (!port) {
		if (exited) {
			rmSync(dir, { recursive: true, force: true });
			throw new Error(`leerpad serve exited (${JSON.stringify(exited)}) before `
				+ `listening:\n${log}`);
		}
		if (Date.now() > deadline) {
			killNow();
			rmSync(dir, { recursive: true, force: true });
			throw new Error(`leerpad serve wrote no port file in 60 s:\n${log}`);
		}
		if (existsSync(portFile)) port = readFileSync(portFile, 'utf8').trim();
		if (!port) await sleep(50);
	}

	return {
		base: `http://127.0.0.1:${port}`,
		dir,
		logFile,
		// what the server printed so far (its request log, any sanitizer report)
		log: () => log,
		// true while the server runs
		alive: () => !exited,
		// Stops the server (TERM, then KILL after 10 s) and removes the
		// directory; returns how it ended.
		async stop() {
			if (!exited) {
				server.kill('SIGTERM');
				const until = Date.now() + 10000;
				while (!exited && Date.now() < until) await sleep(50);
				if (!exited) server.kill('SIGKILL');
				while (!exited) await sleep(20);
			}
			process.removeListener('exit', killNow);
			rmSync(dir, { recursive: true, force: true });
			return exited;
		},
	};
}

// ---- the browser -----------------------------------------------------------

export const CHROMIUM = '/usr/bin/chromium';

// Debian's Chromium, headless, with the flags this machine's closed network
// needs (no background connections). playwright-core gives it a fresh
// profile directory of its own and adds --no-sandbox (we run as root).
export async function launchBrowser() {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`${CHROMIUM} is missing; run scripts/install-deps test`);
	}
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--disable-gpu', '--disable-quic', '--no-first-run',
			'--disable-background-networking', '--disable-component-update',
			'--disable-sync', '--disable-dev-shm-usage'],
	});
}

// ---- accessibility ---------------------------------------------------------

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// The violations of an axe result, written for a person to read.
function describeViolations(url, violations) {
	const out = [`${violations.length} accessibility violation(s) on ${url}:`];
	for (const v of violations) {
		out.push(`  [${v.impact}] ${v.id}: ${v.help}`);
		out.push(`    ${v.helpUrl}`);
		for (const n of v.nodes.slice(0, 5)) {
			out.push(`    at ${n.target.join(' ')}`);
			out.push(`      ${n.html.slice(0, 200)}`);
			for (const line of (n.failureSummary || '').split('\n')) {
				if (line.trim()) out.push(`      ${line.trim()}`);
			}
		}
		if (v.nodes.length > 5) out.push(`    … and ${v.nodes.length - 5} more`);
	}
	return out.join('\n');
}

// A browser context for one visitor: its own cookies, pages that may take
// the injected axe, and a record of every document it loaded so that a
// test can prove each was scanned.
export class Visitor {
	constructor(world, context, page, name) {
		this.world = world;
		this.context = context;
		this.page = page;
		this.name = name;
		this.current = null;  // the document shown now: { url, scanned }
		this.missed = [];     // documents left without a scan
		this.scans = 0;
		page.on('framenavigated', (frame) => {
			if (frame !== page.mainFrame()) return;
			const url = frame.url();
			// a jump to an anchor is the same document
			if (this.current && url.split('#')[0] === this.current.url.split('#')[0]
			    && url.includes('#')) return;
			if (this.current && !this.current.scanned && this.current.url !== 'about:blank') {
				this.missed.push(this.current.url);
			}
			this.current = { url, scanned: false };
		});
	}

	static async open(browser, world, name = 'anonymous') {
		const context = await browser.newContext({
			bypassCSP: true,
			baseURL: world.base,
			locale: 'nl-NL',
		});
		context.setDefaultTimeout(20000);
		const page = await context.newPage();
		return new Visitor(world, context, page, name);
	}

	// Runs axe on the page as it is now (the visitor's own page, or another
	// tab of its context); throws with every violation.
	async scan(page = this.page) {
		const url = page.url();
		const present = await page.evaluate(() => typeof window.axe !== 'undefined');
		if (!present) await page.addScriptTag({ content: axeSource });
		const result = await page.evaluate(async (tags) => {
			// eslint-disable-next-line no-undef
			const r = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
			return { violations: r.violations, passes: r.passes.length };
		}, AXE_TAGS);
		if (page === this.page && this.current) this.current.scanned = true;
		this.scans++;
		if (result.violations.length) {
			throw new Error(describeViolations(`${url} (as ${this.name})`, result.violations));
		}
		if (result.passes === 0) throw new Error(`axe checked nothing on ${url}`);
	}

	// Goes to path, expects the status (200 unless told), and scans.
	async goto(path, status = 200) {
		const res = await this.page.goto(path);
		if (!res) throw new Error(`no response for ${path}`);
		if (res.status() !== status) {
			throw new Error(`GET ${path} answered ${res.status()}, expected ${status}`);
		}
		await this.scan();
		return res;
	}

	// Clicks target (a locator) and waits for the document it leads to,
	// which must answer status; then scans it.
	async follow(target, status = 200) {
		const [res] = await Promise.all([
			this.page.waitForNavigation({ waitUntil: 'load' }),
			target.click(),
		]);
		if (!res) throw new Error(`clicking ${target} loaded no document`);
		if (res.status() !== status) {
			throw new Error(`${res.request().method()} ${res.url()} answered ${res.status()}, `
				+ `expected ${status}`);
		}
		await this.scan();
		return res;
	}

	// Logs in through the form as a demo account and lands on its home page.
	async login(who) {
		await this.goto('/login');
		await this.page.getByLabel(t('E-mail address')).fill(demoEmail(who));
		await this.page.getByLabel(t('Password')).fill(DEMO_PASSWORD);
		await this.follow(this.page.getByRole('button', { name: t('Log in') }));
		this.name = who;
	}

	// Throws when some document the visitor saw was never scanned.
	assertAllScanned() {
		const missed = [...this.missed];
		if (this.current && !this.current.scanned && this.current.url !== 'about:blank') {
			missed.push(this.current.url);
		}
		if (missed.length) {
			throw new Error(`pages visited without an accessibility scan:\n  ${missed.join('\n  ')}`);
		}
	}

	async close() {
		await this.context.close();
	}
}

// ---- the test file's life --------------------------------------------------

// Starts the world and the browser once for a test file; after() stops
// them and checks that the server is still alive (a crash under ASan is a
// failure here, with the server's output).
export function setup(hooks) {
	const state = { world: null, browser: null, visitors: [] };
	hooks.before(async () => {
		state.world = await startWorld();
		state.browser = await launchBrowser();
	});
	hooks.after(async () => {
		if (state.browser) await state.browser.close();
		if (!state.world) return;
		const alive = state.world.alive();
		const log = state.world.log();
		const ended = await state.world.stop();
		if (!alive || /ERROR: (Address|Undefined|Leak)Sanitizer|runtime error:/.test(log)) {
			throw new Error(`leerpad serve failed during the tests (${JSON.stringify(ended)}):\n`
				+ log.split('\n').slice(-80).join('\n'));
		}
	});
	// A new visitor in its own context; closed and checked by the caller
	// through done().
	state.visitor = async (name) => {
		const v = await Visitor.open(state.browser, state.world, name);
		state.visitors.push(v);
		return v;
	};
	// Checks that every page the visitor saw was scanned, then closes it.
	state.done = async (v) => {
		try {
			v.assertAllScanned();
		} finally {
			await v.close();
		}
	};
	return state;
}

// Texts of the locator's elements, trimmed.
export async function texts(locator) {
	return (await locator.allTextContents()).map((s) => s.replace(/\s+/g, ' ').trim());
}

// Every record of an API list, following next_cursor; the page's cookies
// are sent (the catalog is public, so none are needed).
export async function apiAll(visitor, path) {
	const items = [];
	let cursor = null;
	for (let i = 0; i < 100; i++) {
		const sep = path.includes('?') ? '&' : '?';
		const url = cursor ? `${path}${sep}cursor=${encodeURIComponent(cursor)}` : path;
		const res = await visitor.context.request.get(url);
		if (res.status() !== 200) throw new Error(`GET ${url} answered ${res.status()}`);
		const body = await res.json();
		items.push(...body.items);
		if (!body.next_cursor) return items;
		cursor = body.next_cursor;
	}
	throw new Error(`GET ${path}: more than 100 pages`);
}
