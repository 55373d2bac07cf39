// An application's timeline: every step the audit trail recorded, oldest first, in the words the server gives it.
import { dateTime, h, pick, strings, t } from './core.js';
import { who } from './applicant-common.js';

strings({
  ja: {
    'app.timeline.title': '経過',
    'app.timeline.empty': '記録はまだありません。',
  },
  en: {
    'app.timeline.title': 'Timeline',
    'app.timeline.empty': 'Nothing recorded yet.',
  },
});

/** Steps whose recorded detail only restates the step (such as "Draft updated."), so the timeline leaves it out. */
const PLAIN_STEPS = ['created', 'edited', 'submitted', 'eligible', 'approval-requested'];

/** Every step of the application, oldest first, in the server's words (its timeline: the audit trail in both languages). */
export function timeline(history) {
  return h('section', { class: 'card', 'aria-labelledby': 'timeline-title' },
    h('h2', { id: 'timeline-title' }, t('app.timeline.title')),
    history.length === 0
      ? h('p', { class: 'muted' }, t('app.timeline.empty'))
      : h('ol', { class: 'timeline' }, history.map(entry => h('li', {},
        h('strong', {}, pick(entry.labelJa, entry.labelEn)), ' ',
        h('span', { class: 'muted' }, [h('time', { datetime: entry.at }, dateTime(entry.at)), ' · ', who(entry.actor, entry.actorName)]),
        entry.detailEn && !PLAIN_STEPS.includes(entry.action) ? h('div', {}, pick(entry.detailJa, entry.detailEn)) : null))));
}
