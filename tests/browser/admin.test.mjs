// admin.test.mjs: an institution administrator makes a programme with
// learning outcomes through the administration forms and changes it, and
// enrols a new learner in a period and a group;
// invalid input is shown next to its field with every typed value kept,
// and a change made meanwhile by someone else is caught.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, t } from './harness.mjs';

const s = setup({ before, after });

// The accessible name of a required input: "Naam (verplicht)".
const required = (msgid) => `${t(msgid)} (${t('required')})`;

// Code values are worded by src/surfaces/web/labels.c, not by po/nl.po.
const PART_TIME = 'deeltijd';
const DUAL = 'duaal';
const OUTCOMES_EXPERIMENT = 'Experiment leeruitkomsten';

// The institution in which the logged-in account holds role.
async function institutionOf(v, role) {
	const res = await v.context.request.get('/api/v1/session');
	assert.equal(res.status(), 200);
	const grant = (await res.json()).roles.find((g) => g.role === role);
	assert.ok(grant && grant.organisation_id, `the account holds no ${role} role`);
	return grant.organisation_id;
}

// Checks the error of one input: marked invalid, described by its message.
async function assertFieldError(page, input, message) {
	assert.equal(await input.getAttribute('aria-invalid'), 'true');
	const ids = (await input.getAttribute('aria-describedby')).split(' ');
	const errorId = ids.find((id) => id.startsWith('e-'));
	assert.ok(errorId, 'the input is not described by its error');
	const text = await page.locator(`#${errorId}`).textContent();
	assert.ok(text.includes(message), `error "${text}" does not say "${message}"`);
	await page.getByRole('alert').getByRole('link', { name: new RegExp(message) }).first()
		.waitFor();
}

test('an institution administrator creates a programme with outcomes and edits it', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		await v.login('institution-admin');
		const institution = await institutionOf(v, 'institution_admin');
		const name = `Ad Procestechniek ${Date.now()}`;

		// the form for a new programme, from the home page
		await v.follow(page.getByRole('link', { name: t('Add a programme') }));
		assert.equal(new URL(page.url()).pathname, '/admin/programmes/new');
		assert.equal(await page.locator('h1').textContent(), t('New programme'));
		await page.getByLabel(required('Institution')).selectOption(institution);
		await page.getByLabel(required('Level')).selectOption('associate_degree');
		await page.getByLabel(required('Total EC')).fill('120');
		const modes = page.getByRole('group', { name: required('Modes') });
		await modes.getByLabel(PART_TIME, { exact: true }).check();
		await modes.getByLabel(DUAL, { exact: true }).check();
		await page.getByRole('group', { name: t('Experiments') })
			.getByLabel(OUTCOMES_EXPERIMENT, { exact: true }).check();
		await page.getByLabel(t('Locations')).fill('Eindhoven\nVenlo');
		await page.getByLabel(t('Programme code')).fill('123');

		// no name: refused, the name marked, everything typed still there
		await v.follow(page.getByRole('button', { name: t('Create') }), 422);
		await assertFieldError(page, page.getByLabel(required('Name')), t('is required'));
		assert.equal(await page.getByLabel(required('Total EC')).inputValue(), '120');
		assert.equal(await page.getByLabel(required('Level')).inputValue(), 'associate_degree');
		assert.equal(await page.getByLabel(required('Institution')).inputValue(), institution);
		assert.ok(await modes.getByLabel(PART_TIME, { exact: true }).isChecked());
		assert.ok(await modes.getByLabel(DUAL, { exact: true }).isChecked());
		assert.equal(await page.getByLabel(t('Locations')).inputValue(), 'Eindhoven\nVenlo');
		assert.equal(await page.getByLabel(t('Programme code')).inputValue(), '123');

		// a name, but a programme code the domain refuses
		await page.getByLabel(required('Name')).fill(name);
		await v.follow(page.getByRole('button', { name: t('Create') }), 422);
		await assertFieldError(page, page.getByLabel(t('Programme code')),
			t('must be five digits'));
		assert.equal(await page.getByLabel(required('Name')).inputValue(), name);

		await page.getByLabel(t('Programme code')).fill('80012');
		await v.follow(page.getByRole('button', { name: t('Create') }));
		const programmePath = new URL(page.url()).pathname;
		assert.match(programmePath, /^\/admin\/programmes\/[0-9a-f-]{36}$/);
		await page.getByRole('status').getByText(t('Saved.')).waitFor();
		assert.equal(await page.getByLabel(required('Name')).inputValue(), name);

		// two learning outcomes, from the programme's page
		const outcomes = [
			{ code: 'PT1', title: 'Procesinstallaties analyseren', ec: '7,5',
				criteria: ['Beschrijft de installatie', 'Meet en verklaart afwijkingen'] },
			{ code: 'PT2', title: 'Verbeteringen doorvoeren op de werkplek', ec: '15',
				criteria: ['Stelt een verbeterplan op met de werkgever'] },
		];
		for (const o of outcomes) {
			await v.goto(programmePath);
			await v.follow(page.getByRole('link', { name: t('Add a learning outcome') }));
			assert.equal(await page.getByLabel(required('Programme')).inputValue(),
				programmePath.split('/').pop());
			await page.getByLabel(required('Code')).fill(o.code);
			await page.getByLabel(required('Title')).fill(o.title);
			await page.getByLabel(t('Assessment criteria')).fill(o.criteria.join('\n'));
			// EC that is not a number first
			await page.getByLabel(required('EC')).fill('veel');
			await v.follow(page.getByRole('button', { name: t('Create') }), 422);
			await assertFieldError(page, page.getByLabel(required('EC')),
				t('must be a number with at most one decimal, like 7.5'));
			assert.equal(await page.getByLabel(required('EC')).inputValue(), 'veel');
			assert.equal(await page.getByLabel(required('Title')).inputValue(), o.title);
			assert.equal(await page.getByLabel(t('Assessment criteria')).inputValue(),
				o.criteria.join('\n'));
			await page.getByLabel(required('EC')).fill(o.ec);
			await v.follow(page.getByRole('button', { name: t('Create') }));
			assert.match(new URL(page.url()).pathname, /^\/admin\/outcomes\/[0-9a-f-]{36}$/);
			await page.getByRole('status').getByText(t('Saved.')).waitFor();
			assert.equal(await page.getByLabel(required('EC')).inputValue(), o.ec);
		}

		// change the programme: a new name and total, one mode less
		await v.follow(page.getByRole('link', { name: t('Its programme') }));
		assert.equal(new URL(page.url()).pathname, programmePath);
		const renamed = `${name} (gewijzigd)`;
		await page.getByLabel(required('Name')).fill(renamed);
		await page.getByLabel(required('Total EC')).fill('90');
		await page.getByRole('group', { name: required('Modes') })
			.getByLabel(DUAL, { exact: true }).uncheck();
		// a total out of range is refused with the typed values kept
		await page.getByLabel(required('Total EC')).fill('9999');
		await v.follow(page.getByRole('button', { name: t('Save changes') }), 422);
		await assertFieldError(page, page.getByLabel(required('Total EC')), t('must be between'));
		assert.equal(await page.getByLabel(required('Name')).inputValue(), renamed);
		assert.equal(await page.getByLabel(required('Total EC')).inputValue(), '9999');
		assert.ok(!await page.getByRole('group', { name: required('Modes') })
			.getByLabel(DUAL, { exact: true }).isChecked());
		await page.getByLabel(required('Total EC')).fill('90');
		await v.follow(page.getByRole('button', { name: t('Save changes') }));
		assert.equal(new URL(page.url()).pathname, programmePath);
		await page.getByRole('status').getByText(t('Saved.')).waitFor();
		assert.equal(await page.getByLabel(required('Name')).inputValue(), renamed);
		assert.equal(await page.getByLabel(required('Total EC')).inputValue(), '90');
		const modesNow = page.getByRole('group', { name: required('Modes') });
		assert.ok(await modesNow.getByLabel(PART_TIME, { exact: true }).isChecked());
		assert.ok(!await modesNow.getByLabel(DUAL, { exact: true }).isChecked());

		// the public catalog shows the programme as changed, with its outcomes
		await v.follow(page.getByRole('link', { name: t('See it in the catalog') }));
		assert.equal(await page.locator('h1').textContent(), renamed);
		const section = page.getByRole('region', { name: t('Learning outcomes') });
		for (const o of outcomes) {
			const article = section.getByRole('article', { name: `${o.code} ${o.title}` });
			await article.getByText(`${o.ec} EC`).waitFor();
			for (const c of o.criteria) await article.getByText(c, { exact: true }).waitFor();
		}

		// the list of programmes has it, found by a search
		await v.goto(`/admin/programmes?q=${encodeURIComponent(renamed)}`);
		await page.getByRole('link', { name: renamed, exact: true }).waitFor();
	} finally {
		await s.done(v);
	}
});

test('a change made meanwhile by someone else is not overwritten', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		await v.login('institution-admin');
		const institution = await institutionOf(v, 'institution_admin');
		await v.goto(`/admin/programmes?institution_id=${institution}`);
		const first = page.locator('main table tbody tr th[scope=row] a').first();
		const path = await first.getAttribute('href');

		// a second tab of the same reader opens the same form
		const other = await v.context.newPage();
		await other.goto(path);
		await v.scan(other);
		await v.goto(path);
		const name = await page.getByLabel(required('Name')).inputValue();

		await other.getByLabel(required('Name')).fill(`${name} (tab 2)`);
		await Promise.all([other.waitForNavigation(),
			other.getByRole('button', { name: t('Save changes') }).click()]);
		await other.getByRole('status').getByText(t('Saved.')).waitFor();
		await v.scan(other);
		await other.close();

		await page.getByLabel(required('Name')).fill(`${name} (tab 1)`);
		await v.follow(page.getByRole('button', { name: t('Save changes') }), 409);
		await page.getByRole('alert').getByText(t('Someone else changed this record while you '
			+ 'were editing it. Load the current version, then make your change again.'))
			.waitFor();
		await v.follow(page.getByRole('link', { name: t('Load the current version') }));
		assert.equal(await page.getByLabel(required('Name')).inputValue(), `${name} (tab 2)`);
	} finally {
		await s.done(v);
	}
});

test('an institution administrator enrols a new learner in a group, for a period', async () => {
	const v = await s.visitor();
	try {
		const page = v.page;
		await v.login('institution-admin');
		const institution = await institutionOf(v, 'institution_admin');
		const stamp = Date.now();
		const create = () => v.follow(page.getByRole('button', { name: t('Create') }));
		// the demo's Ad Engineering (another test may have renamed it)
		const programme = async () => page.locator('#f-programme_id option',
			{ hasText: 'Associate degree Engineering' }).first().getAttribute('value');

		// a period of the institution, from the administration overview
		await v.goto('/admin');
		await v.follow(page.getByRole('link', { name: t('New period') }));
		await page.getByLabel(required('Institution')).selectOption(institution);
		await page.getByLabel(required('Name')).fill(`2027 blok 3 ${stamp}`);
		await page.getByLabel(t('Start date')).fill('2027-02-01');
		await page.getByLabel(t('End date')).fill('2027-04-30');
		await create();
		await page.getByRole('status').getByText(t('Saved.')).waitFor();

		// a mixed group names no employer: refused at the field, then made
		await v.goto('/admin/cohorts/new');
		await page.getByLabel(required('Programme')).selectOption(await programme());
		await page.getByLabel(required('Name')).fill(`Ad Engineering ${stamp}`);
		await page.getByLabel(required('Kind')).selectOption('mixed');
		await page.getByLabel(t('Employer')).selectOption({ label: 'VDL ETG (Werkgever)' });
		await v.follow(page.getByRole('button', { name: t('Create') }), 422);
		await assertFieldError(page, page.getByLabel(t('Employer')),
			t('a mixed group has learners of several employers; leave it empty'));
		await page.getByLabel(t('Employer')).selectOption('');
		await create();
		await page.getByRole('status').getByText(t('Saved.')).waitFor();

		// the learner, registered by the institution, then enrolled
		await v.goto('/admin/persons/new');
		await page.getByLabel(required('Given name')).fill('Tim');
		await page.getByLabel(required('Family name')).fill(`Bakker ${stamp}`);
		await create();
		await page.getByRole('status').getByText(t('Saved.')).waitFor();
		const enrol = async (status) => {
			await v.goto('/admin/enrolments/new');
			await page.getByLabel(required('Learner')).selectOption({ label: `Tim Bakker ${stamp}` });
			await page.getByLabel(required('Programme')).selectOption(await programme());
			await page.getByLabel(t('Cohort')).selectOption({ label: `Ad Engineering ${stamp}` });
			await page.getByLabel(required('Track')).selectOption('accelerated');
			await page.getByLabel(required('Status')).selectOption('active');
			await page.getByLabel(required('Start date')).fill('2027-02-01');
			return v.follow(page.getByRole('button', { name: t('Create') }), status);
		};
		await enrol(200);
		await page.getByRole('status').getByText(t('Saved.')).waitFor();
		// one running enrolment per learner and programme
		await enrol(422);
		await assertFieldError(page, page.getByLabel(required('Learner')),
			t('is already enrolled in this programme'));

		// the list names the learner and the programme, in Dutch
		await v.goto(`/admin/enrolments?q=${stamp}`);
		const row = page.getByRole('row', { name: new RegExp(`Tim Bakker ${stamp}`) });
		await row.getByRole('link', {
			name: new RegExp(`^Tim Bakker ${stamp} — Associate degree Engineering`) }).waitFor();
		await row.getByText('versneld', { exact: true }).waitFor();
		await row.getByText('actief', { exact: true }).waitFor();
	} finally {
		await s.done(v);
	}
});

test('a learner has no administration', async () => {
	const v = await s.visitor();
	try {
		await v.login('learner');
		await v.page.getByRole('link', { name: t('Administration') }).waitFor({ state: 'detached' });
		await v.goto('/admin/programmes/new', 403);
	} finally {
		await s.done(v);
	}
});
