// money.test.mjs: the money pages of each party, in Dutch and axe-clean:
// the learner sees vouchers, balance and history, reserves a voucher
// through the form (from the catalog and from the voucher; nothing chosen
// is refused at the field) and confirms the enrolment, which the provider
// then redeems; the provider redeems it (a second send of the same form moves
// nothing) and finds its statements; the employer sees its contribution;
// the voucher authority sees the schemes with the budget chart, creates a
// scheme (its errors at the fields), issues a voucher (an ineligible
// learner refused in Dutch) and revokes one; HR sets the employer's share
// and the agreement's costs say how the employer's part was set.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, t } from './harness.mjs';

const s = setup({ before, after });

test('the learner sees vouchers and history, and confirms an enrolment', async () => {
	const v = await s.visitor();
	try {
		await v.login('learner');
		await v.goto('/my/vouchers');
		const page = v.page;
		assert.equal(await page.locator('h1').textContent(), t('My vouchers'));
		await page.getByText(t('Your voucher balance')).waitFor();
		await page.getByText(t('Redeemed')).first().waitFor();
		await page.getByText(t('History')).first().waitFor();
		// dates as a reader writes them ("31 december 2028"), not stored text
		const spendBy = await page.locator('main dd').nth(3).textContent();
		assert.match(spendBy, /^31 (december|December) \d{4}$/);
		assert.equal(await page.locator('main').getByText(/\d{4}-\d\d-\d\dT/).count(), 0);
	} finally {
		await s.done(v);
	}
});

test('the provider redeems a confirmed reservation and finds its statements', async () => {
	const v = await s.visitor();
	try {
		await v.login('institution-admin');
		await v.goto('/provider/reservations');
		const page = v.page;
		assert.equal(await page.locator('h1').textContent(), t('Reservations to redeem'));
		const redeem = page.getByRole('button', { name: t('Redeem') });
		assert.ok(await redeem.count() >= 1, 'no reservation to redeem');
		await v.follow(redeem.first());
		await page.getByRole('status').getByText(t('The voucher is redeemed.')).waitFor();
		// the statements of the last twelve months, this one first, in Dutch
		const statements = page.locator('ul.statements a[href*="format=csv"]');
		assert.equal(await statements.count(), 12);
		const now = new Date();
		const month = now.toLocaleString('nl-NL', { month: 'long', timeZone: 'UTC' });
		assert.equal((await statements.first().textContent()).trim(),
			`${month} ${now.getUTCFullYear()} (CSV)`);
	} finally {
		await s.done(v);
	}
});

test('the employer sees its contributions', async () => {
	const v = await s.visitor();
	try {
		await v.login('hr');
		await v.goto('/employer/contributions');
		const page = v.page;
		assert.equal(await page.locator('h1').textContent(), t('Contributions and invoices'));
		await page.getByText('Niels van Dongen').waitFor();
	} finally {
		await s.done(v);
	}
});

test('the voucher authority watches the budget in a chart', async () => {
	const v = await s.visitor();
	try {
		await v.login('voucher-authority');
		await v.goto('/money/schemes');
		const page = v.page;
		assert.equal(await page.locator('h1').textContent(),
			t('Voucher schemes and budget'));
		await page.getByRole('heading', { name: 'Experiment vraagfinanciering' }).waitFor();
		assert.equal(await page.locator('main svg[role="img"]').count(), 1);
		await page.getByText(t('Vouchers by state')).waitFor();
		// a start of spending on a budget of millions is still drawn
		const used = Number(await page.locator('main svg rect').first().getAttribute('width'));
		assert.ok(used >= 3, `the used part is ${used} units wide`);
		await page.getByRole('table', { name: t('Redeemed per programme') })
			.getByRole('row').nth(1).waitFor();
		await page.getByRole('table', { name: t('Employer contributions per employer') })
			.getByRole('row').nth(1).waitFor();
	} finally {
		await s.done(v);
	}
});

// The accessible name of a required input: "Naam (verplicht)".
const required = (msgid) => `${t(msgid)} (${t('required')})`;

test('the learner reserves a voucher through the form, confirms, and the provider redeems it',
	async () => {
		const offering = 'Module Professioneel en projectmatig werken';
		const v = await s.visitor();
		try {
			await v.login('learner');
			const page = v.page;
			// from the catalog of what vouchers pay for: the offering is chosen
			await v.goto('/catalog/offerings?voucher=1');
			await v.follow(page.getByRole('link',
				{ name: `${t('Reserve')} ${t('with my voucher')}: ${offering}` }));
			assert.equal(await page.locator('h1').textContent(), t('Reserve a voucher'));
			const group = () => page.getByRole('group',
				{ name: required('The offering you take part in') });
			assert.ok(await group().getByLabel(offering, { exact: false }).isChecked());
			await group().getByText(`${t('from your voucher')} € 1.200,00`).first().waitFor();
			// from the voucher itself: nothing chosen is refused at the field
			await v.goto('/my/vouchers');
			await v.follow(page.getByRole('link', { name: t('Reserve for a module or programme') }));
			await v.follow(page.getByRole('button', { name: t('Reserve the voucher') }), 422);
			await page.locator('#e-offering_id').waitFor();
			await group().getByLabel(offering, { exact: false }).check();
			await v.follow(page.getByRole('button', { name: t('Reserve the voucher') }));
			assert.equal(await page.locator('h1').textContent(), t('My vouchers'));
			await page.getByRole('status').getByText(t('Your voucher is reserved. Confirm your '
				+ 'enrolment below once you take part.')).waitFor();
			const reservation = page.locator('main .reservation', { hasText: offering });
			await reservation.getByText(t('Reserved')).waitFor();
			await v.follow(reservation.getByRole('button', { name: t('Confirm my enrolment') }));
			await page.getByRole('status').getByText(t('Your enrolment is confirmed.')).waitFor();
		} finally {
			await s.done(v);
		}
		// the provider (Fontys) sees it confirmed and redeems it
		const p = await s.visitor();
		try {
			await p.login('institution-admin');
			await p.goto('/provider/reservations');
			const row = p.page.getByRole('row', { name: new RegExp(offering) });
			await p.follow(row.getByRole('button', { name: t('Redeem') }));
			await p.page.getByRole('status').getByText(t('The voucher is redeemed.')).waitFor();
			assert.equal(await p.page.getByRole('row', { name: new RegExp(offering) }).count(), 0);
		} finally {
			await s.done(p);
		}
	});

test('the voucher authority creates a scheme, issues a voucher and revokes it', async () => {
	const v = await s.visitor();
	try {
		await v.login('voucher-authority');
		await v.goto('/money/schemes');
		const page = v.page;
		await v.follow(page.getByRole('link', { name: t('New voucher scheme') }).first());
		assert.equal(await page.locator('h1').textContent(), t('New voucher scheme'));
		// the default value per 30 EC, in Dutch money
		assert.equal(await page.getByLabel(required('Value per 30 EC in euros')).inputValue(),
			'1.250,00');
		await page.getByLabel(required('Name')).fill('Proef bij- en nascholing');
		await page.getByLabel(required('Total budget in euros')).fill('50.000,00');
		await page.getByLabel(required('Vouchers are issued until')).fill('2099-12-31');
		await page.getByLabel(required('Spend by')).fill('2099-12-31');
		// no programme ticked: the error is shown at its field
		await v.follow(page.getByRole('button', { name: t('Create the scheme') }), 422);
		const programmes = page.getByRole('group', { name: required('Participating programmes') });
		await programmes.locator('.error-message').waitFor();
		assert.equal(await page.getByLabel(required('Total budget in euros')).inputValue(),
			'50.000,00');
		await programmes.getByLabel('Associate degree Engineering', { exact: false }).check();
		await page.getByLabel(t('Enrolled in a participating programme')).check();
		await v.follow(page.getByRole('button', { name: t('Create the scheme') }));
		assert.equal(await page.locator('h1').textContent(), 'Proef bij- en nascholing');
		await page.getByRole('status').getByText(
			t('The scheme is created and its budget funded.')).waitFor();
		await page.getByText('€ 50.000,00').first().waitFor();

		// Niels is not enrolled in the scheme's programme: refused, in Dutch
		const issue = page.getByRole('region', { name: t('Issue a voucher') });
		await issue.getByLabel(required('Learner')).selectOption({ label: 'Niels van Dongen' });
		await issue.getByLabel(required('Credits (EC)')).fill('30');
		await v.follow(issue.getByRole('button', { name: t('Issue the voucher') }), 422);
		await page.locator('#e-person_id')
			.getByText(t('the learner is not enrolled in a participating programme')).waitFor();
		// Sanne is
		const again = page.getByRole('region', { name: t('Issue a voucher') });
		await again.getByLabel(required('Learner')).selectOption({ label: 'Sanne de Vries' });
		await v.follow(again.getByRole('button', { name: t('Issue the voucher') }));
		await page.getByRole('status').getByText(t('The voucher is issued.')).waitFor();
		const vouchers = page.getByRole('region', { name: t('Vouchers of this scheme') });
		await vouchers.getByRole('rowheader', { name: 'Sanne de Vries' }).waitFor();
		await page.getByText('€ 48.750,00').first().waitFor();

		// revoked, with a reason: the value returns to the budget
		await vouchers.getByLabel(t('Reason for revoking')).first().fill('Verkeerd uitgegeven');
		await v.follow(vouchers.getByRole('button', { name: t('Revoke') }).first());
		await page.getByRole('status').getByText(
			t('The voucher is revoked; its value is back in the budget.')).waitFor();

		// the change form, filled with the scheme in Dutch money
		await v.follow(page.getByRole('link', { name: t('Change this scheme') }));
		assert.equal(await page.getByLabel(required('Total budget in euros')).inputValue(),
			'50.000,00');
		await page.getByLabel(required('Total budget in euros')).fill('60.000,00');
		await v.follow(page.getByRole('button', { name: t('Save the changes') }));
		await page.getByText('€ 60.000,00').first().waitFor();
	} finally {
		await s.done(v);
	}
});

test('HR sets the employer\'s share, and the agreement says how its part is set', async () => {
	const v = await s.visitor();
	try {
		await v.login('hr');
		await v.follow(v.page.getByRole('link',
			{ name: t("The employer's contribution: share or maximum") }));
		const page = v.page;
		assert.equal(await page.locator('h1').textContent(), t("The employer's contribution"));
		const all = page.getByRole('region', { name: t('For all employees') });
		await all.getByLabel(t('Share in percent')).fill('150');
		await v.follow(all.getByRole('button', { name: t('Save'), exact: true }), 422);
		await page.locator('#e-share').waitFor();
		const all2 = page.getByRole('region', { name: t('For all employees') });
		await all2.getByLabel(t('Share in percent')).fill('50');
		await all2.getByLabel(t('At most, in euros per period')).fill('750,00');
		await v.follow(all2.getByRole('button', { name: t('Save'), exact: true }));
		await page.getByRole('status').getByText(t('Saved.')).waitFor();
		await page.getByText(`50 % ${t('of what vouchers leave')}, ${t('at most')} € 750,00 `
			+ `${t('per period')}`).waitFor();
		// one employee gets 100 %
		const one = page.getByRole('region', { name: t('For one employee') });
		await one.getByLabel(t('Employee')).selectOption({ label: 'Niels van Dongen (Monteur cleanroom)' });
		await one.getByLabel(t('Share in percent')).fill('100');
		await v.follow(one.getByRole('button', { name: t('Save for this employee') }));
		await page.getByRole('rowheader', { name: 'Niels van Dongen' }).waitFor();
		// Sanne's agreement states its amount, which goes first: the costs say so
		await v.goto('/learning');
		await v.follow(page.locator('main a[href*="/learning/agreement?id="]').first());
		await page.getByText(t('The employer\'s part is the amount this agreement states.'))
			.waitFor();
	} finally {
		await s.done(v);
	}
});
