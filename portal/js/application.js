// One application's page: where it stands and what happens next, its facts, budget, documents, the edit form while it
// is a draft, the actions the person may take, and its timeline. Supervisors and host researchers endorse here, and
// staff read (and the director decides) here too: every button comes from the API's allowedActions for the person
// signed in, never from the status alone. The cards, documents, actions and timeline are each in their own module;
// this one holds the page's state (the `screen` they are all given) and redraws it.
import { act, api, ETAG, h, messageSlot, route, showOk, t } from './core.js';
import { applicationUrl, flash, focusMessage, programName, programs, statusLabel, titleOf } from './applicant-common.js';
import { budgetCard, decisionCard, eligibilityCard, factsCard, nextStep } from './application-cards.js';
import { actionsCard } from './application-actions.js';
import { documentsCard } from './documents.js';
import { draftForm } from './draft-form.js';
import { timeline } from './timeline.js';

route('/applications/:id', applicationScreen);

/**
 * The page. Its state, the screen shared with the modules that draw its parts: the latest read (view) and program, and
 * whether changes typed into the edit form are not saved yet (submitting would send the saved version without them,
 * and a refresh after an upload keeps that form as it is instead of drawing it anew from the saved version).
 */
async function applicationScreen({ id }) {
  const screen = { id, page: h('section', {}), slot: messageSlot(), view: null, program: null, unsaved: false, refresh };
  screen.removeDocument = (attached, button) => removeDocument(screen, attached, button);
  let editSection = null;

  async function load() {
    const [read, programList] = await Promise.all([api('GET', applicationUrl(id)), programs()]);
    screen.view = read;
    screen.program = programList.find(p => p.id === read.application.programId);
    draw();
  }

  function draw() {
    const { view, program } = screen;
    const app = view.application;
    const can = action => view.allowedActions.includes(action);
    if (!can('edit') || !program) {
      editSection = null;
      screen.unsaved = false;
    } else if (!screen.unsaved || !editSection) {
      editSection = editCard(screen);
      screen.unsaved = false;
    }
    screen.page.replaceChildren(...[
      h('h1', {}, titleOf(app)),
      h('p', {},
        h('span', { class: 'badge' }, statusLabel(view)), ' ',
        program ? programName(program) : app.programId, ' ',
        h('span', { class: 'muted' }, `(${app.id})`)),
      screen.slot,
      nextStep(view, program),
      app.decision ? decisionCard(app.decision) : null,
      app.eligibilityReasons ? eligibilityCard(app.eligibilityReasons) : null,
      factsCard(view, program, can('edit')),
      view.budget ? budgetCard(view) : null,
      documentsCard(screen, can('upload')),
      editSection,
      actionsCard(screen, can),
      timeline(view.timeline),
    ].filter(Boolean));
  }

  /** Re-reads the application and shows a message about what just happened, focused for the reader. */
  async function refresh(message) {
    await load();
    if (message) {
      showOk(screen.slot, message);
      focusMessage(screen.slot);
    }
  }

  await load();
  if (flash.message) {
    showOk(screen.slot, flash.message);
    flash.message = null;
  }
  return screen.page;
}

/** Takes a wrongly attached document off the application; the edits typed into the form stay, as with an upload. */
async function removeDocument(screen, attached, button) {
  const removed = await act(button, screen.slot, () => api('DELETE', `${applicationUrl(screen.id)}/documents/${encodeURIComponent(attached.id)}`));
  if (removed) await screen.refresh(t('app.docs.removed', { file: attached.fileName }));
}

/** The edit form of a draft or returned application; typing in it marks the screen unsaved until it is saved. */
function editCard(screen) {
  const editSlot = messageSlot();
  const form = draftForm(screen.program, screen.view.application, async body => {
    // The ETag of the latest read: a refresh after an upload has read a newer one than this form was drawn with.
    await api('PUT', applicationUrl(screen.id), { json: body, ifMatch: screen.view[ETAG] ?? screen.view.etag });
    screen.unsaved = false;
    await screen.refresh(t('app.detail.saved'));
  }, editSlot);
  form.addEventListener('input', () => { screen.unsaved = true; });
  form.addEventListener('change', () => { screen.unsaved = true; });
  return h('section', { class: 'card', 'aria-labelledby': 'edit-title' }, h('h2', { id: 'edit-title' }, t('app.detail.edit')), editSlot, form);
}
