// money.test.mjs: the money pages of each party, in Dutch and axe-clean:
// the learner sees vouchers, balance and history and confirms an
// enrolment; the provider redeems it (a second send of the same form moves
// nothing) and finds its statements; the employer sees its contribution;
// the voucher authority sees the schemes with the budget chart.

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
		await page.getByRole('link', { name: `${t('Statement of this month')} (CSV)` })
			.waitFor();
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
	} finally {
		await s.done(v);
	}
});
