// prior_learning.test.mjs: the rest of the learning flow in the browser
// (issue 4), on the demo:
//  - recognised prior learning: the learner claims an outcome with a file as
//    evidence, the examiner judges it from the queue, the exam board
//    confirms, and the learner's progress shows the outcome as recognised;
//  - a second examiner: where the programme asks for one, the first
//    examiner judges, the second examiner judges, the exam board confirms.
// Every page is scanned with axe-core.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setup, t } from './harness.mjs';

const s = setup({ before, after });

// The value of the learner's total progress bar on the page shown.
async function totalProgress(page) {
	const bar = page.locator('progress[id$="-total"]').first();
	return Number(await bar.getAttribute('value'));
}

// A JSON API call in the visitor's session (with its CSRF token).
async function api(v, method, path, data) {
	const session = await (await v.context.request.get('/api/v1/session')).json();
	const res = await v.context.request.fetch(path, {
		method,
		data,
		headers: { 'X-CSRF-Token': session.csrf_token },
	});
	return { status: res.status(), body: await res.json().catch(() => null), session };
}

test('prior learning: claim with a file, judge, confirm, recognised', async () => {
	const learner = await s.visitor();
	const examiner = await s.visitor();
	const board = await s.visitor();
	try {
		// from the learner's home to the claim form
		await learner.login('learner');
		const lp = learner.page;
		const before = await totalProgress(lp);
		await learner.follow(lp.getByRole('link', { name: t('Claim prior learning') }));
		// the demo's claim for ADE-08 waits for the examiner already
		await lp.locator('main').getByText(/ADE-08/).first().waitFor();
		await lp.getByLabel(t('Learning outcome'), { exact: true }).selectOption({ label:
			'ADE-02 — Technische oplossingen ontwerpen' });
		await lp.getByLabel(t('Why you already master it')).fill(
			'Ik ontwerp al vijf jaar opspanmiddelen voor de assemblage.');
		await lp.getByRole('radio', { name: t('File') }).check();
		await lp.locator('#pl-file').setInputFiles({ name: 'ontwerpen.pdf',
			mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% ontwerpen\n') });
		await lp.getByLabel(t('Examiner who judges it')).selectOption({ label:
			'Hans Verhoeven' });
		await learner.follow(lp.getByRole('button', { name: t('Submit the claim') }));
		assert.match(lp.url(), /\/learning\/prior-learning\?id=/);
		const claimPath = new URL(lp.url()).pathname + new URL(lp.url()).search;
		assert.equal(await lp.locator('.status').first().textContent(),
			t("Waiting for the examiner's judgement"));
		await lp.getByRole('link', { name: /ontwerpen\.pdf/ }).waitFor();
		// the learner does not judge their own claim
		assert.equal(await lp.getByRole('button', { name: t('Record the judgement') }).count(), 0);

		// the examiner finds it in the queue and recognises it
		await examiner.login('examiner');
		await examiner.goto('/learning');
		await examiner.follow(examiner.page.getByRole('link',
			{ name: t('Prior learning claims waiting for you') }));
		await examiner.follow(examiner.page.getByRole('link', { name: /ADE-02/ }));
		const ep = examiner.page;
		await ep.getByRole('link', { name: /ontwerpen\.pdf/ }).waitFor();
		const judge = ep.locator('form.judge');
		await judge.getByLabel(t('Recognised'), { exact: true }).check();
		await judge.getByLabel(t('Rationale')).fill('De ontwerpen voldoen aan de criteria.');
		await examiner.follow(judge.getByRole('button', { name: t('Record the judgement') }));
		assert.equal(await ep.locator('.status').first().textContent(),
			t('Recognised by the examiner; waiting for the exam board'));

		// the exam board confirms it from its queue
		await board.login('examboard');
		await board.goto('/learning');
		await board.follow(board.page.getByRole('link',
			{ name: t('Prior learning claims waiting for you') }));
		await board.follow(board.page.getByRole('link', { name: /ADE-02/ }));
		await board.follow(board.page.getByRole('button',
			{ name: t('Confirm the recognition for the exam board') }));
		assert.equal(await board.page.locator('.status').first().textContent(),
			t('Recognised'));

		// the learner sees the outcome recognised and its credits counted
		await learner.goto(claimPath);
		await learner.goto('/home');
		const row = lp.getByRole('row', { name: /ADE-02/ });
		assert.ok((await row.textContent()).includes(t('Recognised')));
		assert.ok(await totalProgress(lp) > before);

		// someone with no relation to the learner is told it does not exist
		const hr = await s.visitor();
		try {
			await hr.login('monitor');
			await hr.goto(claimPath, 404);
		} finally {
			await s.done(hr);
		}
	} finally {
		await s.done(learner);
		await s.done(examiner);
		await s.done(board);
	}
});

test('second examiner: first judges, second judges, the exam board confirms', async () => {
	const admin = await s.visitor();
	const pm = await s.visitor();
	const learner = await s.visitor();
	const coach = await s.visitor();
	const supervisor = await s.visitor();
	const examiner = await s.visitor();
	const board = await s.visitor();
	try {
		// the programme manager Erik Mulder becomes an examiner of Fontys, and
		// the programme asks for a second examiner (set through the API)
		await pm.login('programme-manager');
		let r = await api(pm, 'GET', '/api/v1/session');
		const fontys = r.session.roles.find((g) => g.role === 'programme_manager')
			.organisation_id;
		await admin.login('admin');
		r = await api(admin, 'POST', '/api/v1/role-grants', { account_id:
			r.session.account_id, role: 'examiner', organisation_id: fontys });
		assert.equal(r.status, 201, JSON.stringify(r.body));
		await learner.login('learner');
		r = await api(learner, 'GET', '/api/v1/enrolments');
		const programme = r.body.items[0].programme_id;
		r = await api(pm, 'PATCH', `/api/v1/programmes/${programme}/assessment-rules`,
			{ second_examiner: true, coach_may_examine: false });
		assert.equal(r.status, 200, JSON.stringify(r.body));

		// the learner amends the agreement: ADE-05 planned, every planned
		// outcome with Hans Verhoeven first and Erik Mulder second
		const lp = learner.page;
		await learner.goto('/home');
		await learner.follow(lp.getByRole('link', { name: '2026-2027 semester 1' }));
		const path = new URL(lp.url()).pathname + new URL(lp.url()).search;
		await learner.follow(lp.getByRole('button', { name: t('Amend the agreement') }));
		await lp.getByRole('group', { name: /ADE-05/ }).getByLabel(t('Planned this period'))
			.check();
		const groups = lp.locator('fieldset.outcome');
		for (let i = 0; i < await groups.count(); i++) {
			const g = groups.nth(i);
			if (!await g.getByLabel(t('Planned this period')).isChecked()) continue;
			await g.getByLabel(t('Examiner'), { exact: true }).selectOption({ label:
				'Hans Verhoeven' });
			await lp.locator(`#ex2-${i + 1}`).selectOption({ label: 'Erik Mulder' });
		}
		await learner.follow(lp.getByRole('button', { name: t('Save the draft') }));
		await lp.locator('table').getByText(/ADE-05/).first().waitFor();

		// proposed by the coach, signed by all three
		await coach.login('coach');
		await coach.goto(path);
		await coach.follow(coach.page.getByRole('button', { name: t('Propose for signing') }));
		await supervisor.login('supervisor');
		await supervisor.goto(path);
		await supervisor.follow(supervisor.page.getByRole('button',
			{ name: t('Sign for the employer') }));
		await learner.goto(path);
		await learner.follow(lp.getByRole('button', { name: t('Sign as learner') }));
		await coach.goto(path);
		await coach.follow(coach.page.getByRole('button', { name: t('Sign for the institution') }));
		assert.ok((await coach.page.locator('.status').textContent())
			.includes(t('Signed and active')));

		// the first examiner judges ADE-05
		await examiner.login('examiner');
		await examiner.follow(examiner.page.getByRole('link', { name: t('Your assessment queue') }));
		await examiner.follow(examiner.page.getByRole('link', { name: /ADE-05/ }).first());
		const first = examiner.page.locator('form.assess', { hasText: 'ADE-05' });
		await first.getByLabel(t('Achieved')).check();
		await first.getByLabel(t('Rationale')).fill('Het besturingsontwerp werkt.');
		await examiner.follow(first.getByRole('button', { name: t('Record the judgement') }));
		const enrolmentPath = new URL(examiner.page.url()).pathname
			+ new URL(examiner.page.url()).search;

		// the exam board waits for the second examiner
		await board.login('examboard');
		await board.goto(enrolmentPath);
		const pending = board.page.locator('article.judgement', { hasText: 'ADE-05' });
		await pending.getByText(t('Waiting for the second examiner')).waitFor();
		assert.equal(await pending.getByRole('button').count(), 0);

		// the second examiner finds it in the queue and judges
		await pm.goto('/learning');
		await pm.follow(pm.page.locator('ul.queue a', { hasText: 'ADE-05' }).first());
		const second = pm.page.locator('form.assess', { hasText: t(' (second examiner)').trim() });
		await second.getByLabel(t('Achieved')).check();
		await second.getByLabel(t('Rationale')).fill('Eens met de eerste examinator.');
		await pm.follow(second.getByRole('button', { name: t('Record the judgement') }));
		assert.equal(await pm.page.locator('form.assess', { hasText: 'ADE-05' }).count(), 0);

		// now the exam board confirms
		await board.goto(enrolmentPath);
		const j = board.page.locator('article.judgement', { hasText: 'ADE-05' });
		await board.follow(j.getByRole('button', { name: t('Confirm for the exam board') }));
		const done = board.page.locator('article.judgement', { hasText: 'ADE-05' });
		await done.getByText(t('Confirmed by the exam board')).waitFor();
		assert.ok((await done.locator('.second').textContent()).includes(t('Second examiner')));
	} finally {
		for (const v of [admin, pm, learner, coach, supervisor, examiner, board]) await s.done(v);
	}
});

test('two people edit one draft: the second save keeps what was typed (409)', async () => {
	const learner = await s.visitor();
	const coach = await s.visitor();
	try {
		// the learner starts an amendment; the coach opens the same draft
		await learner.login('learner');
		const lp = learner.page;
		await learner.follow(lp.getByRole('link', { name: '2026-2027 semester 1' }));
		const path = new URL(lp.url()).pathname + new URL(lp.url()).search;
		await learner.follow(lp.getByRole('button', { name: t('Amend the agreement') }));
		await coach.login('coach');
		await coach.goto(path);
		const cp = coach.page;

		// the learner saves first
		await lp.getByLabel(t('How often the coach and learner meet')).fill('Elke maandag');
		await learner.follow(lp.getByRole('button', { name: t('Save the draft') }));

		// the coach's save is refused, and nothing the coach typed is lost
		await cp.getByLabel(t('How often the coach and learner meet')).fill('Om de week, online');
		await cp.getByLabel(t('Study time per week (hours)')).fill('12');
		await coach.follow(cp.getByRole('button', { name: t('Save the draft') }), 409);
		assert.ok((await cp.getByRole('alert').textContent()).includes(t(
			'Someone else changed this draft while you were editing it. Your changes are '
			+ 'not saved yet: they are still in the form below. Compare them with what the '
			+ 'draft holds now and save again.')));
		assert.equal(await cp.getByLabel(t('How often the coach and learner meet')).inputValue(),
			'Om de week, online');
		assert.equal(await cp.getByLabel(t('Study time per week (hours)')).inputValue(), '12');
		// what the learner saved is shown beside it
		await cp.getByRole('region', { name: t('What the draft holds now') })
			.getByText('Elke maandag').waitFor();

		// saving again keeps the coach's words
		await coach.follow(cp.getByRole('button', { name: t('Save the draft') }));
		assert.equal(await cp.getByLabel(t('How often the coach and learner meet')).inputValue(),
			'Om de week, online');

		// every version of the agreement, on its history page
		await coach.goto(`/learning/agreement/history${new URL(lp.url()).search}`);
		await cp.getByRole('heading', { name: t('Versions') }).waitFor();
		assert.equal(await cp.locator('#versions ~ ul > li').count(), 3);
	} finally {
		await s.done(learner);
		await s.done(coach);
	}
});
