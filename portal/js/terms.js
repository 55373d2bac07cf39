// The institute's vocabulary, shared by every screen: the words for every code the API sends (term.kind.openAccessCharge,
// term.status.awaitingApproval, term.audit.budget-reserved …), loaded from the server (GET /api/vocabulary, the one
// place they are written) before any screen renders, so t('term.…') works everywhere and one word means one thing.
import { h, lang, strings } from './core.js';

const CACHE = 'grants.vocabulary';

/** The vocabulary: asked for once per page load, answered 304 while the copy kept for this tab is still current. */
async function load() {
  const cached = JSON.parse(sessionStorage.getItem(CACHE) ?? 'null');
  try {
    const response = await fetch('/api/vocabulary', {
      headers: { Accept: 'application/json', ...(cached ? { 'If-None-Match': `"${cached.version}"` } : {}) },
    });
    if (response.status === 304 && cached) return cached;
    if (response.ok) {
      const vocabulary = await response.json();
      sessionStorage.setItem(CACHE, JSON.stringify(vocabulary));
      return vocabulary;
    }
  } catch {
    // The network failed: the copy kept for this tab (if any) is better than codes.
  }
  return cached ?? { ja: {}, en: {} };
}

const vocabulary = await load();
strings({ ja: vocabulary.ja, en: vocabulary.en });

/** A program's description in the reader's language; programs published before the Japanese text existed fall back to English, marked as such for screen readers. */
export function programDescription(program) {
  const japanese = lang === 'ja' && program.descriptionJa;
  return h('p', { lang: japanese ? 'ja' : 'en' }, japanese ? program.descriptionJa : program.descriptionEn);
}
