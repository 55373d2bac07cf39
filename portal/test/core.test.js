// The portal's core without a browser: strings and their placeholders, formatting, problems, and the router's matching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, keysOf, lang, match, nested, pick, route, setLang, strings, t, yen } from '../js/core.js';

// Choosing a language remembers it in the browser and marks the page; here, a stand-in for each.
const remembered = new Map();
globalThis.localStorage = { getItem: key => remembered.get(key) ?? null, setItem: (key, value) => remembered.set(key, value) };
globalThis.document = { documentElement: {} };
// The vocabulary (terms.js) is the server's, kept for the tab; with no server here, screens load with none.
globalThis.sessionStorage = { getItem: () => null, setItem: () => {} };
globalThis.fetch = async () => { throw new TypeError('no server in unit tests'); };

test('a string fills its placeholders and leaves unknown ones visible', () => {
  strings({ ja: { 'test.hello': '{name} さん、{n}件' }, en: { 'test.hello': 'Hello {name}, {n} items' } });
  setLang('en');
  assert.equal(t('test.hello', { name: 'Tanaka', n: 3 }), 'Hello Tanaka, 3 items');
  assert.equal(t('test.hello', { name: 'Tanaka' }), 'Hello Tanaka, {n} items');
  setLang('ja');
  assert.equal(t('test.hello', { name: '田中', n: 3 }), '田中 さん、3件');
});

test('a key missing in Japanese falls back to English, and an unknown key shows itself', () => {
  strings({ en: { 'test.onlyEnglish': 'Only English' } });
  setLang('ja');
  assert.equal(t('test.onlyEnglish'), 'Only English');
  assert.equal(t('test.nowhere'), 'test.nowhere');
});

test('the language is Japanese unless English is chosen, and pick follows it', () => {
  setLang('fr');
  assert.equal(lang, 'ja');
  assert.equal(pick('日本語', 'English'), '日本語');
  assert.equal(pick('', 'English'), 'English');
  setLang('en');
  assert.equal(lang, 'en');
  assert.equal(localStorage.getItem('grants.lang'), 'en');
  assert.equal(globalThis.document.documentElement.lang, 'en');
  assert.equal(pick('日本語', 'English'), 'English');
  assert.equal(pick('日本語', null), '日本語');
});

test('yen is shown with the sign and thousands separators, and nothing as a dash', () => {
  assert.equal(yen(1800000), '¥1,800,000');
  assert.equal(yen(0), '¥0');
  assert.equal(yen(null), '—');
  assert.equal(yen(undefined), '—');
});

test('a name already in Japanese quotation marks nests inside another pair instead of doubling them', () => {
  assert.equal(`「${nested('若手研究者論文出版支援「今が大切」')}」に申請する`, '「若手研究者論文出版支援『今が大切』」に申請する');
  assert.equal(nested('Publication support'), 'Publication support');
});

test('a refusal carries its status and the problem, and reads as its detail', () => {
  const error = new ApiError(422, { title: 'Invalid', detail: 'Fix the title.', errors: { title: ['Required.'] } });
  assert.equal(error.status, 422);
  assert.equal(error.message, 'Fix the title.');
  assert.deepEqual(error.problem.errors, { title: ['Required.'] });
  assert.equal(new ApiError(500).message, 'HTTP 500');
  assert.deepEqual(new ApiError(500).problem, {});
});

test('the router finds the screen of a path and decodes its parameters', () => {
  const screen = () => 'screen';
  route('/test-things/:id/parts/:part', screen);
  const found = match('/test-things/APP%2F1/parts/2');
  assert.equal(found.render, screen);
  assert.deepEqual(found.params, { id: 'APP/1', part: '2' });
  assert.equal(match('/test-things/1'), undefined);
  assert.equal(match('/test-things/1/parts/2/more'), undefined);
});

test('every string of every screen is written in both Japanese and English', async () => {
  const screens = ['admin', 'admin-funds', 'admin-operations', 'admin-people', 'annual-report', 'approver', 'programs-admin',
    'catalogue', 'draft-form', 'applications', 'application', 'my-payouts', 'bank-account',
    'finance-payouts', 'finance-batches', 'reconciliation', 'home', 'terms'];
  for (const screen of screens) await import(`../js/${screen}.js`);
  const ja = new Set(keysOf('ja'));
  const en = new Set(keysOf('en'));
  const test = key => key.startsWith('test.');
  assert.deepEqual([...ja].filter(k => !en.has(k) && !test(k)), [], 'keys only in Japanese');
  assert.deepEqual([...en].filter(k => !ja.has(k) && !test(k)), [], 'keys only in English');
});
