// What people type, read the way they mean it: amounts typed with full-width digits, yen signs or commas, and DOIs
// pasted as links. Pure functions, so that node's test runner checks them without a browser.

/**
 * The digits of an amount as typed: full-width characters become their ASCII forms (NFKC: ５００００ → 50000,
 * ￥ → ¥), and yen signs, the 円 suffix, thousands separators and spaces go. What is left is for the caller to check.
 */
export const amountText = raw => String(raw ?? '').normalize('NFKC').replace(/[¥,\s円]/g, '');

/**
 * A DOI as the API takes it (10.1103/…) from what a person pastes: full-width characters made ASCII, surrounding
 * space trimmed, and a doi: or https://doi.org/ (or dx.doi.org) prefix taken off.
 */
export const doiText = raw => String(raw ?? '').normalize('NFKC').trim().replace(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, '');

/** Whole months as typed (full-width digits accepted), or NaN when it is not a whole number. */
export const wholeNumber = raw => {
  const text = String(raw ?? '').normalize('NFKC').trim();
  return /^\d+$/.test(text) ? Number(text) : NaN;
};
