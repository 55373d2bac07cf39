// An application's documents: each attached one as a download link, what its lines still need, and the upload form
// (with its progress) while the application may be changed.
import { act, ApiError, dateTime, field, h, newKey, showError, strings, t } from './core.js';
import { actionForm, applicationUrl, invalid, slotOf } from './applicant-common.js';

strings({
  ja: {
    'app.docs.title': '書類',
    'app.docs.remove': '外す',
    'app.docs.removed': '「{file}」を申請から外しました。',
    'app.docs.none': '添付された書類はありません。',
    'app.docs.needed': '必要な書類',
    'app.docs.have': '✓ {kind}: 添付済み',
    'app.docs.missing': '✗ {kind}: まだ添付されていません',
    'app.docs.size': '{kb} KB、{at}',
    'app.docs.upload': '書類を添付する',
    'app.docs.kind': '書類の種類',
    'app.docs.other': 'このプログラムのその他の書類',
    'app.docs.file': 'ファイル(PDF、20 MB まで)',
    'app.docs.send': '添付する',
    'app.docs.progress': 'アップロードの進み具合',
    'app.docs.percent': '{n}%',
    'app.docs.chooseFile': 'ファイルを選んでください',
    'app.docs.chooseFileDetail': '添付する PDF ファイルを選んでから「添付する」を押してください。',
    'app.docs.tooLarge': 'ファイルが大きすぎます',
    'app.docs.tooLargeDetail': '20 MB 以下の PDF にしてください。',
    'app.docs.added': '「{file}」を{kind}として添付しました。',
  },
  en: {
    'app.docs.title': 'Documents',
    'app.docs.remove': 'Remove',
    'app.docs.removed': 'Removed {file} from the application.',
    'app.docs.none': 'No documents attached.',
    'app.docs.needed': 'Documents needed',
    'app.docs.have': '✓ {kind}: attached',
    'app.docs.missing': '✗ {kind}: not attached yet',
    'app.docs.size': '{kb} KB, {at}',
    'app.docs.upload': 'Attach a document',
    'app.docs.kind': 'Kind of document',
    'app.docs.other': 'Other documents this program takes',
    'app.docs.file': 'File (PDF, up to 20 MB)',
    'app.docs.send': 'Attach',
    'app.docs.progress': 'Upload progress',
    'app.docs.percent': '{n}%',
    'app.docs.chooseFile': 'Choose a file',
    'app.docs.chooseFileDetail': 'Choose the PDF to attach, then press “Attach”.',
    'app.docs.tooLarge': 'The file is too large',
    'app.docs.tooLargeDetail': 'Attach a PDF of at most 20 MB.',
    'app.docs.added': 'Attached “{file}” as {kind}.',
  },
});

/** The attached documents (each a download link), what the lines still need, and the upload form when allowed. */
export function documentsCard(screen, canUpload) {
  const { view, program } = screen;
  const app = view.application;
  const remove = canUpload ? screen.removeDocument : null;
  const needed = [...new Set(app.lines.flatMap(l => program?.expenses.find(e => e.kind === l.kind)?.requiredDocuments ?? []))];
  return h('section', { class: 'card', 'aria-labelledby': 'docs-title' },
    h('h2', { id: 'docs-title' }, t('app.docs.title')),
    app.documents.length === 0
      ? h('p', { class: 'muted' }, t('app.docs.none'))
      : h('ul', {}, app.documents.map(d => h('li', {},
        h('a', { href: `${applicationUrl(app.id)}/documents/${encodeURIComponent(d.id)}` }, `${t('term.doc.' + d.kind)}: ${d.fileName}`),
        ' ', h('span', { class: 'muted' }, `(${t('app.docs.size', { kb: Math.max(1, Math.round(d.size / 1024)), at: dateTime(d.uploadedAt) })})`),
        remove ? [' ', h('button', { type: 'button', class: 'link', onclick: e => remove(d, e.currentTarget) },
          t('app.docs.remove'), h('span', { class: 'visually-hidden' }, ` ${d.fileName}`))] : null))),
    needed.length
      ? [h('h3', {}, t('app.docs.needed')), h('ul', {}, needed.map(kind => h('li', {}, app.documents.some(d => d.kind === kind)
        ? t('app.docs.have', { kind: t('term.doc.' + kind) })
        : h('strong', {}, t('app.docs.missing', { kind: t('term.doc.' + kind) })))))]
      : null,
    canUpload ? uploadForm(screen) : null);
}

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

/**
 * The upload form: only the kinds of document the program asks for — those the application's lines need first, then
 * the program's others; a progress bar while it goes up.
 */
function uploadForm(screen) {
  const { id, program, view } = screen;
  const expenses = program?.expenses ?? [];
  const kindsOf = list => [...new Set(list.flatMap(e => e.requiredDocuments))];
  const kinds = kindsOf(expenses.filter(e => view.application.lines.some(l => l.kind === e.kind) || view.application.lines.length === 0));
  const others = kindsOf(expenses).filter(k => !kinds.includes(k));
  const kind = h('select', { name: 'kind' },
    kinds.map(k => h('option', { value: k }, t('term.doc.' + k))),
    others.length ? h('optgroup', { label: t('app.docs.other') }, others.map(k => h('option', { value: k }, t('term.doc.' + k)))) : null);
  const file = h('input', { type: 'file', name: 'file', accept: 'application/pdf,.pdf' });
  const progressBar = h('progress', { max: '100', value: '0' });
  const percent = h('span', { class: 'muted' });
  // Shown only while a file goes up; the wrapper hides it, since a .field is always displayed as flex.
  const progressField = h('div', { hidden: true }, field(t('app.docs.progress'), progressBar));
  progressField.querySelector('.field').append(percent);
  const send = h('button', { type: 'submit', class: 'secondary' }, t('app.docs.send'));
  const form = actionForm(t('app.docs.upload'),
    field(t('app.docs.kind'), kind),
    field(t('app.docs.file'), file),
    progressField,
    h('div', { class: 'actions' }, send));
  // One key per chosen file and kind: pressing "Attach" again after a lost answer cannot attach it twice.
  let key = newKey();
  form.addEventListener('change', () => { key = newKey(); });
  form.addEventListener('submit', async () => {
    const chosen = file.files[0];
    if (!chosen) {
      showError(slotOf(form), invalid({ file: [t('app.docs.chooseFileDetail')] }, t('app.docs.chooseFile')), form);
      return;
    }
    if (chosen.size > MAX_UPLOAD_BYTES) {
      showError(slotOf(form), invalid({ file: [t('app.docs.tooLargeDetail')] }, t('app.docs.tooLarge')), form);
      return;
    }
    const data = new FormData();
    data.append('kind', kind.value);
    data.append('file', chosen);
    progressField.hidden = false;
    const show = fraction => {
      progressBar.value = Math.round(fraction * 100);
      percent.textContent = ` ${t('app.docs.percent', { n: Math.round(fraction * 100) })}`;
    };
    show(0);
    const added = await act(send, slotOf(form), () => upload(`${applicationUrl(id)}/documents`, data, key, show), form);
    if (added) await screen.refresh(t('app.docs.added', { file: added.fileName, kind: t('term.doc.' + added.kind) }));
    else progressField.hidden = true;
  });
  return form;
}

/**
 * Sends a multipart upload with XMLHttpRequest, which (unlike fetch) reports upload progress; resolves to the stored
 * document, or rejects with ApiError carrying the problem, as api() does.
 */
function upload(url, data, key, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest');
    xhr.setRequestHeader('Idempotency-Key', key);
    xhr.upload.addEventListener('progress', e => { if (e.lengthComputable) onProgress(e.loaded / e.total); });
    xhr.addEventListener('load', () => {
      let body;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve(body);
      } else {
        reject(new ApiError(xhr.status, body));
      }
    });
    xhr.addEventListener('error', () => reject(new ApiError(0, { title: t('core.offline.title'), detail: t('core.offline.detail') })));
    xhr.send(data);
  });
}
