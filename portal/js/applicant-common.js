// What the applicant's screens share: the expense kinds paid monthly, links to an application, names of people and
// programs, the programs read once per page load, and the small forms each action on an application is made of.
import { act, api, ApiError, date, h, messageSlot, pick, session, showError, strings, t, yen } from './core.js';

strings({
  ja: {
    'app.you': 'あなた',
    'app.system': 'システム',
    'app.none': 'なし',
    'app.form.invalid': '入力内容を確認してください',
    'app.list.sep': '、',
    'app.detail.phase.whole': '月額 {amount}',
    'app.detail.phase.beforeArrival': '渡日前 月額 {amount}',
    'app.detail.phase.afterArrival': '渡日後 月額 {amount}',
  },
  en: {
    'app.you': 'you',
    'app.system': 'system',
    'app.none': 'none',
    'app.form.invalid': 'Check what you entered',
    'app.list.sep': ', ',
    'app.detail.phase.whole': '{amount} a month',
    'app.detail.phase.beforeArrival': '{amount} a month before arrival',
    'app.detail.phase.afterArrival': '{amount} a month after arrival',
  },
});

export const MONTHLY = ['researchAssistantMonthly', 'preArrivalMonthly', 'postArrivalMonthly'];
export const ARRIVAL = ['preArrivalMonthly', 'postArrivalMonthly'];

export const applicationUrl = id => `/api/applications/${encodeURIComponent(id)}`;
export const applicationHref = id => `#/applications/${encodeURIComponent(id)}`;
export const titleOf = app => app.paper?.title || app.id;
export const listOf = items => items.join(t('app.list.sep'));
export const facts = pairs => h('dl', { class: 'facts' }, pairs.filter(Boolean).map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
export const programName = program => pick(program.nameJa, program.nameEn);
export const statusLabel = view => pick(view.statusLabelJa, view.statusLabelEn);
/** Who did something, as a person reads it: you, the system, or their name (the API serves it beside the id). */
export const who = (id, name) => (id === session.me?.id ? t('app.you') : id === 'system' ? t('app.system') : name ?? id);
/** A calendar date the API sends as yyyy-MM-dd, read as that day wherever the browser is. */
export const day = value => (value ? date(`${value}T00:00:00`) : '—');
/** Today in Japan, where calls open and close. */
export const japanToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
/** Whether an application is paid month by month, as its plan (served by the API) says. */
export const monthly = view => Boolean(view.plan) && view.plan.payment !== 'oneTime';

/** The rates of a plan's phases, as the API serves them: "¥50,000 a month before arrival, ¥150,000 a month after arrival". */
export const planPhases = plan => listOf(plan.phases.map(p => t('app.detail.phase.' + p.phase, { amount: yen(p.monthlyRate) })));

/** The programs change only when one is published; one read per page load is enough, and a failed read is retried. */
let programsRead = null;
export function programs() {
  programsRead ??= api('GET', '/api/programs').catch(e => {
    programsRead = null;
    throw e;
  });
  return programsRead;
}

/** A status label from a program's states table, for lists (the API labels each application only when read one by one). */
export function statusOf(program, status) {
  const state = program?.states.states.find(s => s.status === status);
  return state ? pick(state.labelJa, state.labelEn) : status;
}

/** A refusal made in the page, shown exactly like one from the API, so the reader fixes it in the same place. */
export const invalid = (errors, title = t('app.form.invalid'), detail) => new ApiError(400, { title, detail, errors });

/** Moves focus to the message in a slot, so that keyboard and screen-reader users land on the outcome of what they did. */
export function focusMessage(slot) {
  const alert = slot.querySelector('.alert');
  if (alert) {
    alert.setAttribute('tabindex', '-1');
    alert.focus();
  }
}

/**
 * A form for one action, in a fieldset when it has a legend, with its own message slot so that its errors and its
 * progress appear beside it; the page never reloads on submit.
 */
export function actionForm(legend, ...children) {
  const content = [messageSlot(), ...children];
  const form = h('form', { novalidate: true }, legend ? h('fieldset', {}, h('legend', {}, legend), content) : content);
  form.addEventListener('submit', e => e.preventDefault());
  return form;
}

export const slotOf = form => form.querySelector('.messages');

export function button(text, attrs = {}) {
  return h('button', { type: 'button', ...attrs }, text);
}

/** A message for the next screen to show, such as "draft saved" after a new draft opens its own page. */
export const flash = { message: null };

/**
 * Sends an action the workflow carries out after answering 202, then reads the application every second (for up to
 * 20 seconds) until the change shows, with a labelled progress indicator beside the form meanwhile; the buttons stay
 * disabled so the action is not sent twice. The outcome is then shown (and focused) at the top of the fresh page.
 */
export async function perform(screen, trigger, form, request, { until, waiting = t('app.act.working'), done }) {
  const before = screen.view;
  const local = slotOf(form);
  const sent = await act(trigger, local, async () => { await request(); return true; }, form);
  if (!sent) return;
  const buttons = [...screen.page.querySelectorAll('button')];
  buttons.forEach(b => { b.disabled = true; });
  const progressId = `wait-${Date.now()}`;
  local.replaceChildren(h('div', { class: 'alert warn', role: 'status' },
    h('label', { for: progressId }, waiting), ' ', h('progress', { id: progressId })));
  try {
    let after = null;
    for (let tries = 0; tries < 20 && !after; tries++) {
      await new Promise(resolve => { setTimeout(resolve, 1000); });
      const read = await api('GET', applicationUrl(screen.id));
      if (until(read, before)) after = read;
    }
    await screen.refresh(after ? done(after) : t('app.act.slow'));
  } catch (e) {
    buttons.forEach(b => { b.disabled = false; });
    showError(local, e);
  }
}
