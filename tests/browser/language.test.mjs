// language.test.mjs: Dutch first; the language links switch to English
// and back, keep the reader where they are (filters included), and the
// choice is remembered on the next pages, also after logging in.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, t } from './harness.mjs';

const s = setup({ before, after });

// The language group in the header, and its two links.
function languageLink(page, label) {
	return page.getByRole('group', { name: /^(Taal|Language)$/ })
		.getByRole('link', { name: label, exact: true });
}

// The lang attribute of the document and the text of its h1.
async function shown(page) {
	return {
		lang: await page.locator('html').getAttribute('lang'),
		h1: (await page.locator('h1').textContent()).trim(),
	};
}

test('switching to English and back keeps the page and its filters', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		await v.goto('/catalog?mode=part_time');
		assert.deepEqual(await shown(page), { lang: 'nl', h1: t('Programmes') });
		assert.equal(await languageLink(page, 'Nederlands').getAttribute('aria-current'), 'true');

		await v.follow(languageLink(page, 'English'));
		let url = new URL(page.url());
		assert.equal(url.pathname, '/catalog');
		assert.equal(url.searchParams.get('mode'), 'part_time');
		assert.equal(url.searchParams.get('lang'), 'en');
		assert.deepEqual(await shown(page), { lang: 'en', h1: 'Programmes' });
		assert.equal(await languageLink(page, 'English').getAttribute('aria-current'), 'true');
		// the filter form speaks English and still holds the choice
		assert.equal(await page.getByLabel('Mode', { exact: true }).inputValue(), 'part_time');
		await page.getByRole('button', { name: 'Filter', exact: true }).waitFor();

		// remembered: the next page, without ?lang, is English too
		await v.follow(page.getByRole('navigation', { name: 'Main' })
			.getByRole('link', { name: 'Offerings' }));
		assert.equal(new URL(page.url()).searchParams.get('lang'), null);
		assert.deepEqual(await shown(page), { lang: 'en', h1: 'Offerings' });

		// and after logging in
		await v.goto('/login');
		assert.equal((await shown(page)).h1, 'Log in');
		await page.getByLabel('E-mail address').fill('monitor@demo.leerpad.nl');
		await page.getByLabel('Password').fill('demo-wachtwoord');
		await v.follow(page.getByRole('button', { name: 'Log in' }));
		assert.deepEqual(await shown(page), { lang: 'en', h1: 'My home' });
		await page.getByRole('heading', { name: 'Monitor', level: 2 }).waitFor();

		// back to Dutch, here and on the next page
		await v.follow(languageLink(page, 'Nederlands'));
		url = new URL(page.url());
		assert.equal(url.pathname, '/home');
		assert.deepEqual(await shown(page), { lang: 'nl', h1: t('My home') });
		await v.goto('/catalog');
		assert.deepEqual(await shown(page), { lang: 'nl', h1: t('Programmes') });
	} finally {
		await s.done(v);
	}
});

test('an error page is in the chosen language too', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		await v.goto('/catalog/programmes/00000000-0000-7000-8000-000000000000?lang=en', 404);
		assert.equal((await shown(page)).lang, 'en');
		await page.getByRole('link', { name: 'Back to the start page' }).waitFor();
		await v.goto('/catalog/programmes/00000000-0000-7000-8000-000000000000?lang=nl', 404);
		assert.equal((await shown(page)).lang, 'nl');
		await page.getByRole('link', { name: t('Back to the start page') }).waitFor();
	} finally {
		await s.done(v);
	}
});
