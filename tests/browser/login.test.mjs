// login.test.mjs: every demo role logs in through the form, sees its own
// home page, and logs out; a wrong password and the way back after login.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_ROLES, demoEmail, setup, t, texts } from './harness.mjs';

const s = setup({ before, after });

for (const { who, role } of DEMO_ROLES) {
	test(`${who} logs in and sees the home page of a ${role}`, async () => {
		const v = await s.visitor();
		try {
			await v.login(who);
			const page = v.page;
			assert.equal(new URL(page.url()).pathname, '/home');
			assert.equal(await page.locator('h1').textContent(), t('My home'));
			// the role's own section, under its Dutch name
			const sections = await texts(page.locator('main section h2'));
			assert.ok(sections.includes(t(role)),
				`home of ${who} shows sections ${JSON.stringify(sections)}, not "${t(role)}"`);
			// the header says who is logged in
			await page.getByText(demoEmail(who), { exact: true }).waitFor();
			// every link of the role's section leads to a page that opens
			const links = await page.locator('main section ul.actions a').evaluateAll(
				(as) => as.map((a) => a.getAttribute('href')));
			assert.ok(links.length > 0, `home of ${who} has no links`);
			for (const href of links) await v.goto(href);

			await v.goto('/home');
			await v.follow(page.getByRole('button', { name: t('Log out') }));
			assert.equal(new URL(page.url()).pathname, '/');
			await page.getByRole('link', { name: t('Log in') }).first().waitFor();
			// the session is gone: /home asks to log in again
			await v.goto('/home');
			assert.equal(new URL(page.url()).pathname, '/login');
		} finally {
			await s.done(v);
		}
	});
}

test('a wrong password is refused, with the address kept', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		await v.goto('/login');
		await page.getByLabel(t('E-mail address')).fill(demoEmail('learner'));
		await page.getByLabel(t('Password')).fill('not-the-password');
		await v.follow(page.getByRole('button', { name: t('Log in') }), 401);
		assert.equal(new URL(page.url()).pathname, '/login');
		await page.getByRole('alert').getByText(t('There is a problem')).waitFor();
		await page.getByRole('alert')
			.getByText(t('The e-mail address or the password is not right.')).waitFor();
		assert.equal(await page.getByLabel(t('E-mail address')).inputValue(),
			demoEmail('learner'));
		assert.equal(await page.getByLabel(t('Password')).inputValue(), '');
		assert.equal(await page.getByLabel(t('E-mail address')).getAttribute('aria-invalid'),
			'true');
	} finally {
		await s.done(v);
	}
});

test('a page that needs a login leads back to it after logging in', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		await v.goto('/admin/programmes');
		const url = new URL(page.url());
		assert.equal(url.pathname, '/login');
		assert.equal(url.searchParams.get('next'), '/admin/programmes');
		await page.getByLabel(t('E-mail address')).fill(demoEmail('institution-admin'));
		await page.getByLabel(t('Password')).fill('demo-wachtwoord');
		await v.follow(page.getByRole('button', { name: t('Log in') }));
		assert.equal(new URL(page.url()).pathname, '/admin/programmes');
		assert.equal(await page.locator('h1').textContent(), t('Programmes'));
	} finally {
		await s.done(v);
	}
});
