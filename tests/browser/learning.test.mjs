// learning.test.mjs: the learning agreement in the browser (issue 4), on the
// demo: the learner drafts an amendment, the coach proposes it, the
// supervisor and the learner sign (and the coach for the institution), the
// learner adds a file as evidence, the supervisor attests it, the examiner
// judges the outcome and the learner sees the progress bar move; at the end
// of the period all three write their evaluation and the coach closes it.
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

test('draft, propose, sign, evidence, attest, judge: the progress bar moves', async () => {
	const learner = await s.visitor();
	const coach = await s.visitor();
	const supervisor = await s.visitor();
	const examiner = await s.visitor();
	try {
		// the learner's home: the agreement in force, progress, a next step
		await learner.login('learner');
		const lp = learner.page;
		const before = await totalProgress(lp);
		assert.equal(before, 12);
		await lp.getByText(t('Next step')).first().waitFor();
		await learner.follow(lp.getByRole('link', { name: '2026-2027 semester 1' }));
		const agreementUrl = lp.url();
		assert.match(agreementUrl, /\/learning\/agreement\?id=/);
		assert.ok((await lp.locator('.status').textContent()).includes(t('Signed and active')));

		// the learner drafts an amendment: ADE-08 planned, with an examiner
		await learner.follow(lp.getByRole('button', { name: t('Amend the agreement') }));
		const group = lp.getByRole('group', { name: /ADE-08/ });
		await group.getByLabel(t('Planned this period')).check();
		await group.getByLabel(t('How it is demonstrated')).selectOption('portfolio');
		await group.getByLabel(t('Examiner')).selectOption({ label: 'Hans Verhoeven' });
		await learner.follow(lp.getByRole('button', { name: t('Save the draft') }));
		await lp.locator('table').getByText(/ADE-08/).first().waitFor();

		// the coach proposes it
		await coach.login('coach');
		await coach.goto(new URL(agreementUrl).pathname + new URL(agreementUrl).search);
		await coach.follow(coach.page.getByRole('button', { name: t('Propose for signing') }));
		assert.ok((await coach.page.locator('.status').textContent()).includes(t('Proposed')));

		// the supervisor and the learner sign, then the coach for the institution
		await supervisor.login('supervisor');
		const path = new URL(agreementUrl).pathname + new URL(agreementUrl).search;
		await supervisor.goto(path);
		// before signing, the employer sees what the period costs and who pays
		const costs = supervisor.page.locator('table.costs');
		await costs.waitFor();
		assert.ok((await costs.textContent()).includes(t('Paid by the employer')));
		await supervisor.follow(supervisor.page.getByRole('button',
			{ name: t('Sign for the employer') }));
		await learner.goto(path);
		await learner.follow(lp.getByRole('button', { name: t('Sign as learner') }));
		await coach.goto(path);
		await coach.follow(coach.page.getByRole('button', { name: t('Sign for the institution') }));
		assert.ok((await coach.page.locator('.status').textContent())
			.includes(t('Signed and active')));
		// the history keeps every version; the signed one prints
		await coach.follow(coach.page.getByRole('link', { name: t('read or print') }).last());
		await coach.page.getByText(t('Fingerprint (SHA-256) of this version')).waitFor();
		assert.equal(await coach.page.locator('article.agreement li').count() >= 3, true);
		// signed when, as a Dutch reader writes it: "29 november 2026, 09:28"
		const signature = await coach.page.locator('article.agreement li').last().textContent();
		assert.match(signature, /, \d{1,2} [a-z]+ \d{4}, \d\d:\d\d$/);

		// the learner adds a file as evidence for ADE-07
		await learner.goto(path);
		await learner.follow(lp.getByRole('link', { name: 'Sanne de Vries' }));
		const enrolmentPath = new URL(lp.url()).pathname + new URL(lp.url()).search;
		await lp.getByLabel(t('Learning outcome')).selectOption({ label:
			'ADE-07 — Projectmatig werken' });
		await lp.getByLabel(t('Title')).fill('Projectplan omsteltijd');
		await lp.getByRole('radio', { name: t('File') }).check();
		await lp.locator('#ev-file').setInputFiles({ name: 'projectplan.pdf',
			mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n% plan\n') });
		await learner.follow(lp.getByRole('button', { name: t('Add evidence') }));
		await lp.locator('article.evidence', { hasText: 'Projectplan omsteltijd' }).waitFor();

		// the supervisor attests it
		await supervisor.goto(enrolmentPath);
		const ev = supervisor.page.locator('article.evidence',
			{ hasText: 'Projectplan omsteltijd' });
		await ev.getByLabel(t('What you saw at work')).fill('Ik zag Sanne het plan presenteren.');
		await supervisor.follow(ev.getByRole('button', { name: t('Attest') }));
		await supervisor.page.locator('article.evidence', { hasText: 'Projectplan omsteltijd' })
			.getByText(t('Attested by')).waitFor();

		// the examiner judges ADE-07 from the queue
		await examiner.login('examiner');
		await examiner.follow(examiner.page.getByRole('link', { name: t('Your assessment queue') }));
		await examiner.follow(examiner.page.getByRole('link', { name: /ADE-07/ }));
		const form = examiner.page.locator('form.assess', { hasText: 'ADE-07' });
		await form.getByLabel(t('Achieved')).check();
		await form.getByLabel(t('Rationale')).fill('Het plan voldoet aan de criteria.');
		await examiner.follow(form.getByRole('button', { name: t('Record the judgement') }));

		// the learner sees the bar move: 25 of 120 EC
		await learner.goto('/home');
		assert.equal(await totalProgress(lp), 20);
		// the credits in Dutch: whole numbers without ",0"
		await lp.locator('.progress-total').getByText(/^25 van 120 EC \(20%\)$/).first().waitFor();
		const row = lp.getByRole('row', { name: /ADE-07/ });
		assert.ok((await row.textContent()).includes(t('Achieved')));

		// the exam board confirms the judgement
		const board = await s.visitor();
		try {
			await board.login('examboard');
			await board.goto(enrolmentPath);
			const j = board.page.locator('article.judgement', { hasText: 'ADE-07' });
			await board.follow(j.getByRole('button', { name: t('Confirm for the exam board') }));
			await board.page.locator('article.judgement', { hasText: 'ADE-07' })
				.getByText(t('Confirmed by the exam board')).waitFor();
		} finally {
			await s.done(board);
		}

		// the coach logs the evaluation with the supervisor
		await coach.goto(enrolmentPath);
		const cp = coach.page;
		await cp.getByLabel(t('Kind'), { exact: true }).selectOption('evaluation');
		await cp.getByLabel(t('Date'), { exact: true }).fill('2027-01-10');
		await cp.getByLabel(t('Present (names, separated by commas)'))
			.fill('Sanne de Vries, Mark Janssen');
		await cp.getByLabel(t('Notes'), { exact: true }).fill('Evaluatie met de bedrijfsbegeleider.');
		await coach.follow(cp.getByRole('button', { name: t('Add to the log') }));
		await cp.getByText('Evaluatie met de bedrijfsbegeleider.').waitFor();

		// nobody else's: the monitor is told it does not exist
		const monitor = await s.visitor();
		try {
			await monitor.login('monitor');
			await monitor.goto(path, 404);
		} finally {
			await s.done(monitor);
		}
	} finally {
		await s.done(learner);
		await s.done(coach);
		await s.done(supervisor);
		await s.done(examiner);
	}
});

test('the period ends: three evaluations, the coach closes, and they stay readable', async () => {
	const learner = await s.visitor();
	const coach = await s.visitor();
	const supervisor = await s.visitor();
	try {
		await learner.login('learner');
		const lp = learner.page;
		await learner.follow(lp.getByRole('link', { name: '2026-2027 semester 1' }));
		const agreementUrl = new URL(lp.url()).pathname + new URL(lp.url()).search;
		const write = async (v, text) => {
			await v.page.getByLabel(t('Your evaluation')).fill(text);
			await v.follow(v.page.getByRole('button', { name: t('Save the evaluation') }));
			const section = v.page.getByRole('region', { name: t('Evaluation of the period') });
			await section.getByText(text, { exact: true }).first().waitFor();
			// the form holds what this side wrote, to change it
			assert.equal(await v.page.getByLabel(t('Your evaluation')).inputValue(), text);
		};
		await write(learner, 'Veel geleerd over storingsanalyse.');

		await supervisor.login('supervisor');
		await supervisor.goto(agreementUrl);
		await write(supervisor, 'Sanne werkt zelfstandiger.');

		// the coach cannot close before the institution's evaluation is written
		await coach.login('coach');
		await coach.goto(agreementUrl);
		const cp = coach.page;
		await coach.follow(cp.getByRole('button', { name: t('Close the period') }), 422);
		await cp.getByRole('alert').getByText(t("the institution's evaluation is missing"))
			.waitFor();
		await coach.goto(agreementUrl);
		await write(coach, 'Doelen gehaald; volgende periode ADE-05.');
		await coach.follow(cp.getByRole('button', { name: t('Close the period') }));
		assert.ok((await cp.locator('.status').textContent()).includes(t('Closed')));

		// closed: the three evaluations stay readable, no form any more
		await learner.goto(agreementUrl);
		const section = lp.getByRole('region', { name: t('Evaluation of the period') });
		for (const text of ['Veel geleerd over storingsanalyse.', 'Sanne werkt zelfstandiger.',
			'Doelen gehaald; volgende periode ADE-05.']) {
			await section.getByText(text, { exact: true }).waitFor();
		}
		await section.getByText(t('The period was closed on')).waitFor();
		assert.equal(await lp.getByLabel(t('Your evaluation')).count(), 0);
		assert.equal(await lp.getByRole('button', { name: t('Amend the agreement') }).count(), 0);
	} finally {
		await s.done(learner);
		await s.done(coach);
		await s.done(supervisor);
	}
});
