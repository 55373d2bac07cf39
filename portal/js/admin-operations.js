// The administrator's view of stuck work: workflows that failed, or have not moved for longer than a threshold, with the
// application (or payout batch) each belongs to, and the repairs the API offers for it (resume, restart from the record).
import { act, api, dateTime, field, go, h, messageSlot, nav, route, showOk, strings, t, table } from './core.js';

strings({
  ja: {
    'ops.nav': '停止中の処理',
    'ops.title': '停止中・失敗した処理',
    'ops.lead': '失敗した処理と、指定した時間より長く進んでいない処理です。支給の各段階は申請に結び付いているため、やり直しても二重に支払われることはありません。',
    'ops.threshold': '進んでいない時間(分)',
    'ops.thresholdHint': '0 ですべての実行中の処理を表示します。既定は 1440 分(1日)です。',
    'ops.show': '表示',
    'ops.empty': '対象の処理はありません。',
    'ops.count': '{n}件',
    'ops.workflow': '処理',
    'ops.belongsTo': '対象',
    'ops.status': '状態',
    'ops.step': '段階',
    'ops.lastUpdate': '最終更新',
    'ops.failure': '失敗の理由',
    'ops.repair': '対応',
    'ops.resume': '再開',
    'ops.restart': '申請の記録からやり直す',
    'ops.resumed': '{workflow} を再開しました。',
    'ops.restarted': '{workflow} を申請の記録からやり直しました。',
    'ops.batch': '支払バッチ {id}',
    'ops.status.failed': '失敗', 'ops.status.running': '実行中', 'ops.status.pending': '開始待ち', 'ops.status.suspended': '一時停止',
    'ops.name.ApplicationWorkflow': '申請の審査', 'ops.name.AwardWorkflow': '採択後の支給',
  },
  en: {
    'ops.nav': 'Stuck work',
    'ops.title': 'Stuck and failed workflows',
    'ops.lead': 'Workflows that failed, and those that have not moved for longer than the time you choose. Every step that moves money is tied to its application, so a restart never pays twice.',
    'ops.threshold': 'Not moved for (minutes)',
    'ops.thresholdHint': '0 lists every running workflow. The default is 1440 minutes (one day).',
    'ops.show': 'Show',
    'ops.empty': 'No workflow needs attention.',
    'ops.count': '{n} workflows',
    'ops.workflow': 'Workflow',
    'ops.belongsTo': 'Belongs to',
    'ops.status': 'Status',
    'ops.step': 'Step',
    'ops.lastUpdate': 'Last moved',
    'ops.failure': 'Why it failed',
    'ops.repair': 'Repair',
    'ops.resume': 'Resume',
    'ops.restart': 'Restart from the application',
    'ops.resumed': '{workflow} resumed.',
    'ops.restarted': '{workflow} restarted from the application.',
    'ops.batch': 'Payout batch {id}',
    'ops.status.failed': 'Failed', 'ops.status.running': 'Running', 'ops.status.pending': 'Not started', 'ops.status.suspended': 'Suspended',
    'ops.name.ApplicationWorkflow': 'Application review', 'ops.name.AwardWorkflow': 'Award payments',
  },
});

nav('#/operations', () => t('ops.nav'), ['admin'], 30);
route('/operations', operationsScreen);

const known = (prefix, key, fallback) => {
  const text = t(prefix + key);
  return text === prefix + key ? fallback : text;
};

async function operationsScreen(_, query) {
  const minutes = query.get('olderThanMinutes') ?? '1440';
  const input = h('input', { type: 'number', name: 'olderThanMinutes', min: '0', step: '1', value: minutes, inputmode: 'numeric' });
  const chooser = h('form', { class: 'card' },
    field(t('ops.threshold'), input, { hint: t('ops.thresholdHint') }),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ops.show'))));
  chooser.addEventListener('submit', e => {
    e.preventDefault();
    go(`/operations?olderThanMinutes=${encodeURIComponent(input.value.trim())}`);
  });

  const slot = messageSlot();
  const repaired = query.get('repaired');
  if (repaired) {
    showOk(slot, t(query.get('action') === 'resume' ? 'ops.resumed' : 'ops.restarted', { workflow: repaired }));
  }

  const list = await api('GET', `/api/operations/stuck?olderThanMinutes=${encodeURIComponent(minutes)}`);
  return h('section', {},
    h('h1', {}, t('ops.title')),
    h('p', {}, t('ops.lead')),
    chooser,
    slot,
    list.workflows.length === 0
      ? h('p', {}, t('ops.empty'))
      : table(
        [t('ops.workflow'), t('ops.belongsTo'), t('ops.status'), t('ops.step'), t('ops.lastUpdate'), t('ops.failure'), t('ops.repair')],
        list.workflows.map(w => row(w, slot, minutes)),
        { caption: t('ops.count', { n: list.workflows.length }) }));
}

function row(w, slot, minutes) {
  const workflow = known('ops.name.', w.workflow, w.workflow);
  const belongsTo = w.applicationId
    ? [h('a', { href: `#/applications/${encodeURIComponent(w.applicationId)}` }, w.applicationTitle || w.applicationId),
      w.applicantName ? [h('br', {}), h('span', { class: 'muted' }, w.applicantName)] : null]
    : w.batchId ? t('ops.batch', { id: w.batchId }) : '—';
  const repairs = w.repairs.map(action => {
    // The accessible name starts with the visible text and adds which workflow, since every row has the same buttons.
    const label = `${t(`ops.${action}`)} — ${workflow} (${w.applicationTitle || w.batchId || w.instanceId})`;
    const button = h('button', { type: 'button', 'aria-label': label }, t(`ops.${action}`));
    button.addEventListener('click', async () => {
      const done = await act(button, slot, () => api('POST', `/api/operations/${encodeURIComponent(w.instanceId)}/repair`, { json: { action } }));
      if (done) {
        go(`/operations?olderThanMinutes=${encodeURIComponent(minutes)}&repaired=${encodeURIComponent(workflow)}&action=${action}`);
      }
    });
    return button;
  });
  return [
    workflow,
    belongsTo,
    h('span', { class: w.status === 'failed' ? 'badge bad' : 'badge' }, known('ops.status.', w.status, w.status)),
    w.step ?? '—',
    dateTime(w.lastUpdatedAt),
    w.failure ? h('span', { class: 'muted' }, w.failure) : '—',
    repairs.length ? h('div', { class: 'actions' }, repairs) : '—',
  ];
}
