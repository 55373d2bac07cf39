// Applying: the form of one program, built from its rules (an amount per expense kind it pays, the endorser it asks
// for, the months of monthly support, an international student's sending university and arrival). A new draft is made
// here; the application's own page edits it with the same form.
import { act, api, ApiError, field, go, h, messageSlot, newKey, route, session, strings, t, yen } from './core.js';
import { amountText, wholeNumber } from './input.js';
import { ARRIVAL, flash, invalid, listOf, MONTHLY, programName, programs } from './applicant-common.js';
import { personPicker } from './person-picker.js';

strings({
  ja: {
    'app.apply.title': '申請: {name}',
    'app.apply.lead': '入力して「下書き保存」を押すと下書きができます。書類の添付と提出は保存した後の画面で行います。',
    'app.apply.rules': 'プログラムの規則を見る',
    'app.apply.notFound': 'このプログラムは見つかりません',
    'app.apply.notFoundDetail': 'プログラムの一覧から選び直してください。',
    'app.apply.closed': 'このプログラムは現在募集していません。下書きは保存できますが、提出は募集期間中だけです。',
    'app.apply.notEligible': 'あなたの職位({position})はこのプログラムの対象外です。提出すると要件外と判定されます。',
    'app.apply.created': '下書きを保存しました。必要な書類を添付して、「提出する」を押してください。',
    'app.form.work': '研究の内容',
    'app.form.paperTitle': '論文の題目',
    'app.form.paperJournal': '投稿先の雑誌',
    'app.form.researchTitle': '共同研究の題目',
    'app.form.researchPlan': '研究計画',
    'app.form.workTitle': '発表・論文・共同研究の題目',
    'app.form.workWhere': '学会・雑誌・共同研究先',
    'app.form.optional': '任意',
    'app.form.jointUse': '共同利用研究の成果です',
    'app.form.jointUseHint': '共同利用研究の成果の場合は共同利用経費から支払われ、その担当者が承認します。',
    'app.form.expenses': '申請する経費',
    'app.form.expensesHint': '申請する経費だけ金額を入力し、ほかは空欄のままにしてください。',
    'app.form.mixedHint': '月額の支援と1回限りの経費は、別々の申請にしてください。',
    'app.form.amount': '金額(円)',
    'app.form.amountMonthly': '月額(円)',
    'app.form.amountHint': '上限 {cap}。必要な書類: {documents}',
    'app.form.amountMonthlyHint': '1か月あたり、上限 {cap}。必要な書類: {documents}',
    'app.form.description': '内容',
    'app.form.descriptionHint': '費用の内容(請求書番号など)',
    'app.form.months': '支援を受ける月数',
    'app.form.monthsHint': '月額の支援を申請する場合に入力します(最長 {max} か月)。',
    'app.form.endorser.supervisor': '指導教員',
    'app.form.endorser.hostResearcher': '受け入れ研究者',
    'app.form.endorserHint': '氏名・フリガナ・メールアドレスの一部を入力し、候補から選んでください(メールアドレスをそのまま入力することもできます)。提出すると、この人に推薦を依頼します。',
    'app.form.sending': '派遣元の大学',
    'app.form.institution': '大学名',
    'app.form.contactName': '担当者の氏名',
    'app.form.contactEmail': '担当者のメールアドレス',
    'app.form.expectedArrival': '渡日予定日',
    'app.form.expectedArrivalHint': '渡日するまでは渡日前の月額、渡日後は渡日後の月額が支払われます。',
    'app.form.save': '下書き保存',
    'app.form.amountInvalid': '金額は1円以上の整数で入力してください(例: 264000)。',
    'app.form.amountMissing': '内容を書いた経費には金額も入力してください。',
    'app.form.monthsInvalid': '月数は1以上の整数で入力してください。',
  },
  en: {
    'app.apply.title': 'Apply: {name}',
    'app.apply.lead': 'Fill in the form and press “Save draft”. You attach documents and submit on the next screen.',
    'app.apply.rules': 'Read the program’s rules',
    'app.apply.notFound': 'Program not found',
    'app.apply.notFoundDetail': 'Choose a program from the list again.',
    'app.apply.closed': 'This program is not open now. You can save a draft, but submit only while a call is open.',
    'app.apply.notEligible': 'Your position ({position}) is not eligible for this program; a submission would be found ineligible.',
    'app.apply.created': 'Draft saved. Attach the documents needed, then press “Submit”.',
    'app.form.work': 'The work',
    'app.form.paperTitle': 'Paper title',
    'app.form.paperJournal': 'Journal',
    'app.form.researchTitle': 'Joint research title',
    'app.form.researchPlan': 'Research plan',
    'app.form.workTitle': 'Title of the talk, paper or joint research',
    'app.form.workWhere': 'Conference, journal or research partner',
    'app.form.optional': 'Optional',
    'app.form.jointUse': 'This is a result of joint-use research',
    'app.form.jointUseHint': 'Joint-use research is paid from the joint-use research budget and approved by its office.',
    'app.form.expenses': 'Expenses',
    'app.form.expensesHint': 'Enter an amount only for the expenses you apply for; leave the others empty.',
    'app.form.mixedHint': 'Monthly support and one-time expenses go in separate applications.',
    'app.form.amount': 'Amount (yen)',
    'app.form.amountMonthly': 'Monthly amount (yen)',
    'app.form.amountHint': 'Up to {cap}. Documents needed: {documents}',
    'app.form.amountMonthlyHint': 'Per month, up to {cap}. Documents needed: {documents}',
    'app.form.description': 'Description',
    'app.form.descriptionHint': 'What it pays for, such as the invoice number',
    'app.form.months': 'Months of support',
    'app.form.monthsHint': 'For monthly support (at most {max} months).',
    'app.form.endorser.supervisor': 'Supervisor',
    'app.form.endorser.hostResearcher': 'Host researcher',
    'app.form.endorserHint': 'Type part of their name, its kana or their e-mail address and choose them from the suggestions (or type their e-mail address in full). On submission they are asked to endorse the application.',
    'app.form.sending': 'Sending university',
    'app.form.institution': 'University',
    'app.form.contactName': 'Contact person',
    'app.form.contactEmail': 'Contact email',
    'app.form.expectedArrival': 'Expected arrival in Japan',
    'app.form.expectedArrivalHint': 'Support is paid at the pre-arrival rate until the arrival is recorded, then at the post-arrival rate.',
    'app.form.save': 'Save draft',
    'app.form.amountInvalid': 'Enter the amount as a whole number of yen, at least 1 (for example 264000).',
    'app.form.amountMissing': 'Enter an amount for an expense you describe.',
    'app.form.monthsInvalid': 'Enter the months as a whole number, at least 1.',
  },
});

route('/programs/:id/apply', applyScreen);

async function applyScreen({ id }) {
  const program = (await programs()).find(p => p.id === id);
  if (!program) throw new ApiError(404, { title: t('app.apply.notFound'), detail: t('app.apply.notFoundDetail') });
  const slot = messageSlot();
  const position = session.me?.position;
  // One key for this form: a retry after a lost answer finds the draft the first attempt made instead of a second one.
  const key = newKey();
  const form = draftForm(program, null, async body => {
    const saved = await api('POST', '/api/applications', { json: body, key });
    flash.message = t('app.apply.created');
    go(`/applications/${encodeURIComponent(saved.application.id)}`);
  }, slot);
  return h('section', {},
    h('h1', {}, t('app.apply.title', { name: programName(program) })),
    h('p', {}, t('app.apply.lead'), ' ', h('a', { href: '#/programs' }, t('app.apply.rules'))),
    program.openCall ? null : h('p', { class: 'alert warn' }, t('app.apply.closed')),
    position && program.forYou && !program.forYou.eligible
      ? h('p', { class: 'alert warn' }, t('app.apply.notEligible', { position: t('term.pos.' + position) }))
      : null,
    slot,
    h('div', { class: 'card' }, form));
}

/**
 * The form of one program, built from its rules: an amount per expense kind it pays for, the endorser it asks for,
 * the months of monthly support, and the sending university and arrival of an international student. Field names are
 * the API's error keys, so each refusal is shown next to its field.
 */
export function draftForm(program, application, save, slot) {
  const { titleKey, whereKey, title, journal, jointUse, jointUseHint, rows, months, endorser, partner, expected } = draftControls(program, application);
  const kinds = program.expenses.map(e => e.kind);
  const saveButton = h('button', { type: 'submit' }, t('app.form.save'));
  const form = h('form', { novalidate: true },
    h('fieldset', {},
      h('legend', {}, t('app.form.work')),
      field(t(titleKey), title),
      field(t(whereKey), journal, { hint: t('app.form.optional') }),
      jointUse ? [field(t('app.form.jointUse'), jointUse, { inline: true }), h('p', { class: 'hint', id: jointUseHint }, t('app.form.jointUseHint'))] : null),
    h('fieldset', {},
      h('legend', {}, t('app.form.expenses')),
      h('p', { class: 'hint' }, t('app.form.expensesHint'), kinds.some(k => MONTHLY.includes(k)) && kinds.some(k => !MONTHLY.includes(k)) ? [' ', t('app.form.mixedHint')] : null),
      rows.map(r => r.element),
      months ? field(t('app.form.months'), months, { hint: t('app.form.monthsHint', { max: program.period.maxMonths }) }) : null),
    endorser?.element,
    partner
      ? h('fieldset', {},
        h('legend', {}, t('app.form.sending')),
        field(t('app.form.institution'), partner.institution),
        field(t('app.form.contactName'), partner.contactName),
        field(t('app.form.contactEmail'), partner.contactEmail))
      : null,
    expected ? field(t('app.form.expectedArrival'), expected, { hint: t('app.form.expectedArrivalHint') }) : null,
    h('div', { class: 'actions' }, saveButton));

  form.addEventListener('submit', async e => {
    e.preventDefault();
    await act(saveButton, slot, () => save(readDraft(program, { title, journal, jointUse, rows, months, endorser, partner, expected })), form);
  });

  return form;
}

/** The DraftRequest the form holds; refuses in the page what the API could not read (an amount that is not a number). */
function readDraft(program, { title, journal, jointUse, rows, months, endorser, partner, expected }) {
  const errors = {};
  const body = {
    programId: program.id,
    paper: { title: title.value, journal: journal.value, jointUseResearch: jointUse?.checked ?? false },
    lines: [],
  };
  for (const row of rows) {
    const line = row.read(body.lines.length, errors);
    if (line) body.lines.push(line);
  }
  if (months && months.value.trim() !== '') {
    body.months = wholeNumber(months.value);
    if (!(body.months >= 1)) errors.months = [t('app.form.monthsInvalid')];
  }
  if (endorser) body.endorserId = endorser.value || null;
  if (partner && Object.values(partner).some(i => i.value.trim() !== '')) {
    body.sendingUniversity = { institution: partner.institution.value, contactName: partner.contactName.value, contactEmail: partner.contactEmail.value };
  }
  if (expected) body.expectedArrival = expected.value || null;
  if (Object.keys(errors).length) throw invalid(errors);
  return body;
}

/** The controls of a program's form, filled from the application when there is one. */
function draftControls(program, application) {
  const kinds = program.expenses.map(e => e.kind);
  const arrival = kinds.some(k => ARRIVAL.includes(k));
  const paperLike = program.report || kinds.includes('submissionFee');
  const [titleKey, whereKey] = paperLike ? ['app.form.paperTitle', 'app.form.paperJournal']
    : arrival ? ['app.form.researchTitle', 'app.form.researchPlan'] : ['app.form.workTitle', 'app.form.workWhere'];
  const text = (name, value, attrs = {}) => h('input', { type: 'text', name, value: value ?? '', maxlength: '500', ...attrs });

  const title = text('paper.title', application?.paper.title, { required: true, autocomplete: 'off' });
  const journal = text('paper.journal', application?.paper.journal, { autocomplete: 'off' });
  // The joint-use hint sits under the checkbox row rather than between the box and its label.
  const jointUseHint = `${program.id}-joint-use-hint`;
  const jointUse = program.funding.some(f => f.when === 'jointUseResearch')
    ? h('input', { type: 'checkbox', name: 'paper.jointUseResearch', checked: application?.paper.jointUseResearch === true, 'aria-describedby': jointUseHint })
    : null;

  // One row per expense line of the application, then an empty row for each kind the program pays that it lacks.
  const lines = application?.lines ?? [];
  const rows = [...lines, ...kinds.filter(k => !lines.some(l => l.kind === k)).map(kind => ({ kind }))]
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind))
    .map((line, i) => expenseRow(program, line, i));

  const months = program.period?.maxMonths > 0
    ? h('input', { type: 'text', inputmode: 'numeric', name: 'months', value: application?.months || '', size: '4', autocomplete: 'off' })
    : null;
  const endorser = program.endorsement
    ? personPicker({ name: 'endorserId', value: application?.endorserId, label: t('app.form.endorser.' + program.endorsement), hint: t('app.form.endorserHint') })
    : null;
  const partner = arrival ? {
    institution: text('sendingUniversity.institution', application?.sendingUniversity?.institution),
    contactName: text('sendingUniversity.contactName', application?.sendingUniversity?.contactName),
    contactEmail: h('input', { type: 'email', name: 'sendingUniversity.contactEmail', value: application?.sendingUniversity?.contactEmail ?? '', maxlength: '500' }),
  } : null;
  const expected = arrival ? h('input', { type: 'date', name: 'expectedArrival', value: application?.expectedArrival ?? '' }) : null;
  return { titleKey, whereKey, title, journal, jointUse, jointUseHint, rows, months, endorser, partner, expected };
}

/** One expense line of the form: an amount (blank: not applied for) and a description, named lines[i].… once numbered. */
function expenseRow(program, line, index) {
  const rule = program.expenses.find(e => e.kind === line.kind);
  const monthly = MONTHLY.includes(line.kind);
  const amount = h('input', { type: 'text', inputmode: 'numeric', name: `amount-${index}`, value: line.amount ?? '', autocomplete: 'off', size: '12' });
  const description = h('input', { type: 'text', name: `description-${index}`, value: line.description ?? '', maxlength: '500', autocomplete: 'off' });
  const documents = listOf((rule?.requiredDocuments ?? []).map(d => t('term.doc.' + d))) || t('app.none');
  const amountField = field(t(monthly ? 'app.form.amountMonthly' : 'app.form.amount'), amount,
    { hint: rule ? t(monthly ? 'app.form.amountMonthlyHint' : 'app.form.amountHint', { cap: yen(rule.capPerPaper), documents }) : null });
  const descriptionField = field(t('app.form.description'), description, { hint: t('app.form.descriptionHint') });
  const element = h('fieldset', {}, h('legend', {}, t('term.kind.' + line.kind)), amountField, descriptionField);
  return {
    element,
    /** The line for the API as lines[position], or null when left empty; errors are keyed as the API would key them. */
    read(position, errors) {
      const raw = amountText(amount.value);
      const said = description.value.trim();
      amountField.dataset.field = `lines[${position}].amount`;
      descriptionField.dataset.field = `lines[${position}].description`;
      if (raw === '' && said === '') {
        amountField.dataset.field = amount.name;
        descriptionField.dataset.field = description.name;
        return null;
      }
      if (raw === '') errors[`lines[${position}].amount`] = [t('app.form.amountMissing')];
      else if (!/^\d+$/.test(raw) || Number(raw) < 1) errors[`lines[${position}].amount`] = [t('app.form.amountInvalid')];
      return { kind: line.kind, amount: Number(raw), description: said };
    },
  };
}
