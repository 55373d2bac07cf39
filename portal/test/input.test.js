// What people type, read as they mean it: full-width digits, yen signs and commas in amounts; DOIs pasted as links.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { amountText, doiText, wholeNumber } from '../js/input.js';

test('an amount typed with full-width digits, a yen sign, commas or 円 reads as its digits', () => {
  assert.equal(amountText('５００００'), '50000');
  assert.equal(amountText('￥２６４，０００'), '264000');
  assert.equal(amountText('¥264,000'), '264000');
  assert.equal(amountText(' 150000円 '), '150000');
  assert.equal(amountText(''), '');
});

test('an amount with words in it is left for the form to refuse', () => {
  assert.equal(amountText('264,000 yen'), '264000yen');
});

test('a DOI pasted as a link or with a doi: prefix is the bare DOI', () => {
  assert.equal(doiText('https://doi.org/10.1103/PhysRevMaterials.7.012345'), '10.1103/PhysRevMaterials.7.012345');
  assert.equal(doiText(' http://dx.doi.org/10.1/abc '), '10.1/abc');
  assert.equal(doiText('doi:10.1/abc'), '10.1/abc');
  assert.equal(doiText('10.1/abc'), '10.1/abc');
  assert.equal(doiText('not a DOI'), 'not a DOI');
});

test('whole months accept full-width digits and refuse anything else', () => {
  assert.equal(wholeNumber('１２'), 12);
  assert.equal(wholeNumber(' 6 '), 6);
  assert.ok(Number.isNaN(wholeNumber('6.5')));
  assert.ok(Number.isNaN(wholeNumber('six')));
});
