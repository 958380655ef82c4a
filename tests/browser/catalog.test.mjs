// catalog.test.mjs: the public catalog as an anonymous visitor: the start
// page, programmes filtered by mode, location, institution and voucher,
// a programme with its learning outcomes and offerings, and the offerings
// with their filters. What the pages list is checked against the JSON API
// with the same filters, so the tests hold for any demo data.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAll, setup, t, texts } from './harness.mjs';

const s = setup({ before, after });

// Every row name of a filtered list, following "next page" links (each
// page is scanned); the count of the status line is checked against it.
async function listedNames(v) {
	const page = v.page;
	const status = await page.getByRole('status').first().textContent();
	const m = status.match(/(\d+)/);
	assert.ok(m, `no count in "${status}"`);
	const names = [];
	for (let n = 0; n < 50; n++) {
		names.push(...await texts(page.locator('main table tbody tr th[scope=row]')));
		const next = page.getByRole('link', { name: t('Next page') });
		if (await next.count() === 0) break;
		await v.follow(next);
	}
	assert.equal(names.length, Number(m[1]), 'the count shown is not the number of rows');
	return names;
}

// The title cell of an offering row holds its title and its description.
function sameTitles(rows, records, field) {
	const want = records.map((r) => r[field]).sort();
	const got = rows.map((row) => want.find((w) => row.startsWith(w)) || row).sort();
	assert.deepEqual(got, want);
}

// Fills the filter form of the page and submits it.
async function filter(v, fields) {
	const page = v.page;
	for (const [label, value] of Object.entries(fields)) {
		const input = page.getByLabel(label, { exact: true });
		const tag = await input.evaluate((e) => e.tagName.toLowerCase() + ':' + (e.type || ''));
		if (tag.startsWith('select')) await input.selectOption(value);
		else if (tag.endsWith('checkbox')) await input.setChecked(value);
		else await input.fill(value);
	}
	await v.follow(page.getByRole('button', { name: t('Filter'), exact: true }));
}

// The value among candidates whose filtered API list is not empty and,
// where one exists, shorter than the whole list (so the filter is seen
// to leave records out).
async function telling(v, path, param, candidates, total) {
	let fallback = null;
	for (const c of candidates) {
		const n = (await apiAll(v, `${path}?${param}=${encodeURIComponent(c)}`)).length;
		if (n > 0 && n < total) return c;
		if (n > 0 && fallback === null) fallback = c;
	}
	assert.ok(fallback !== null, `no ${param} of ${path} lists anything`);
	return fallback;
}

test('the start page shows what leerpad is and the programmes', async () => {
	const v = await s.visitor();
	try {
		await v.goto('/');
		const page = v.page;
		const programmes = await apiAll(v, '/api/v1/programmes');
		assert.ok(programmes.length > 0, 'the demo has no programmes');
		const rows = await texts(page.locator('main table tbody tr th[scope=row]'));
		assert.equal(rows.length, Math.min(20, programmes.length));
		for (const name of rows) {
			assert.ok(programmes.some((p) => p.name === name), `unknown programme "${name}"`);
		}
		await v.follow(page.getByRole('link', { name: t('Search all programmes') }));
		assert.equal(new URL(page.url()).pathname, '/catalog');
		assert.equal(await page.locator('h1').textContent(), t('Programmes'));
	} finally {
		await s.done(v);
	}
});

test('programmes filtered by mode, location, institution and voucher', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		const all = await apiAll(v, '/api/v1/programmes');
		await v.goto('/catalog');
		assert.deepEqual((await listedNames(v)).sort(), all.map((p) => p.name).sort());

		// mode
		const modes = [...new Set(all.flatMap((p) => p.modes))];
		const mode = await telling(v, '/api/v1/programmes', 'mode', modes, all.length);
		await v.goto('/catalog');
		await filter(v, { [t('Mode')]: mode });
		assert.equal(new URL(page.url()).searchParams.get('mode'), mode);
		assert.deepEqual((await listedNames(v)).sort(),
			(await apiAll(v, `/api/v1/programmes?mode=${mode}`)).map((p) => p.name).sort());
		// the choice stays in the form
		assert.equal(await page.getByLabel(t('Mode'), { exact: true }).inputValue(), mode);

		// location, typed
		const locations = [...new Set(all.flatMap((p) => p.locations || []))];
		assert.ok(locations.length > 0, 'no programme has a location');
		const location = await telling(v, '/api/v1/programmes', 'location', locations,
			all.length);
		await v.follow(page.getByRole('link', { name: t('Clear filters') }));
		await filter(v, { [t('Location')]: location });
		const byLocation = await apiAll(v,
			`/api/v1/programmes?location=${encodeURIComponent(location)}`);
		assert.deepEqual((await listedNames(v)).sort(), byLocation.map((p) => p.name).sort());
		for (const p of byLocation) assert.ok(p.locations.includes(location));

		// institution, chosen by its name
		const institutions = [...new Set(all.map((p) => p.institution_id))];
		const institution = await telling(v, '/api/v1/programmes', 'institution_id',
			institutions, all.length);
		await v.goto('/catalog');
		const select = page.getByLabel(t('Institution'), { exact: true });
		const label = (await select.locator(`option[value="${institution}"]`).textContent()).trim();
		await select.selectOption({ label });
		await v.follow(page.getByRole('button', { name: t('Filter'), exact: true }));
		assert.equal(new URL(page.url()).searchParams.get('institution'), institution);
		const byInstitution = all.filter((p) => p.institution_id === institution);
		assert.deepEqual((await listedNames(v)).sort(), byInstitution.map((p) => p.name).sort());
		for (const cell of await texts(page.locator('main table tbody tr td:nth-child(2)'))) {
			assert.equal(cell, label);
		}

		// vouchers: the programmes in the demand financing experiment
		const voucher = all.filter((p) => (p.experiments || []).includes('vraagfinanciering'));
		assert.ok(voucher.length > 0, 'no programme takes vouchers');
		await v.goto('/catalog');
		await filter(v, { [t('Only programmes with vouchers (demand financing)')]: true });
		assert.equal(new URL(page.url()).searchParams.get('voucher'), '1');
		assert.deepEqual((await listedNames(v)).sort(), voucher.map((p) => p.name).sort());
		assert.ok(await page.getByLabel(t('Only programmes with vouchers (demand financing)'))
			.isChecked());

		// two filters at once, and a search that finds nothing
		const both = voucher.filter((p) => p.modes.includes(mode));
		await filter(v, { [t('Mode')]: mode });
		assert.deepEqual((await listedNames(v)).sort(), both.map((p) => p.name).sort());
		await filter(v, { [t('Search by name')]: 'zzz-no-such-programme' });
		assert.deepEqual(await listedNames(v), []);
	} finally {
		await s.done(v);
	}
});

test('a programme shows its learning outcomes and offerings', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		// a programme that has both outcomes and offerings
		const outcomesAll = await apiAll(v, '/api/v1/outcomes');
		let programme = null, outcomes = [], offerings = [];
		for (const id of [...new Set(outcomesAll.map((o) => o.programme_id))]) {
			offerings = await apiAll(v, `/api/v1/offerings?programme_id=${id}`);
			if (offerings.length) {
				programme = (await (await v.context.request.get(`/api/v1/programmes/${id}`))
					.json());
				outcomes = outcomesAll.filter((o) => o.programme_id === id);
				break;
			}
		}
		assert.ok(programme, 'the demo has no programme with outcomes and offerings');

		await v.goto(`/catalog?q=${encodeURIComponent(programme.name)}`);
		await v.follow(page.getByRole('link', { name: programme.name, exact: true }).first());
		assert.equal(new URL(page.url()).pathname, `/catalog/programmes/${programme.id}`);
		assert.equal(await page.locator('h1').textContent(), programme.name);

		const section = page.getByRole('region', { name: t('Learning outcomes') });
		const headings = await texts(section.locator('h3'));
		assert.deepEqual(headings.sort(), outcomes.map((o) => `${o.code} ${o.title}`).sort());
		for (const o of outcomes) {
			const article = section.getByRole('article', { name: `${o.code} ${o.title}` });
			for (const c of o.criteria || []) {
				await article.getByText(c, { exact: true }).waitFor();
			}
		}

		const offered = page.getByRole('region', { name: t('Offerings for this programme') });
		sameTitles(await texts(offered.locator('tbody tr th[scope=row]')), offerings, 'title');

		await v.follow(page.getByRole('link', { name: t('All programmes') }));
		assert.equal(new URL(page.url()).pathname, '/catalog');
		// an id that does not exist is a page of its own, not a crash
		await v.goto('/catalog/programmes/00000000-0000-7000-8000-000000000000', 404);
	} finally {
		await s.done(v);
	}
});

test('offerings filtered by mode, provider and voucher', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		const all = await apiAll(v, '/api/v1/offerings');
		assert.ok(all.length > 0, 'the demo has no offerings');
		await v.goto('/catalog/offerings');
		sameTitles(await listedNames(v), all, 'title');

		const mode = await telling(v, '/api/v1/offerings', 'mode',
			[...new Set(all.map((o) => o.mode))], all.length);
		await filter(v, { [t('Mode')]: mode });
		sameTitles(await listedNames(v), all.filter((o) => o.mode === mode), 'title');

		const provider = await telling(v, '/api/v1/offerings', 'provider_id',
			[...new Set(all.map((o) => o.provider_id))], all.length);
		await v.goto('/catalog/offerings');
		await filter(v, { [t('Provider')]: provider });
		assert.equal(new URL(page.url()).searchParams.get('provider'), provider);
		sameTitles(await listedNames(v), all.filter((o) => o.provider_id === provider), 'title');

		await v.goto('/catalog/offerings');
		await filter(v, { [t('Only offerings that vouchers can pay for')]: true });
		sameTitles(await listedNames(v),
			await apiAll(v, '/api/v1/offerings?voucher_eligible=true'), 'title');
	} finally {
		await s.done(v);
	}
});
