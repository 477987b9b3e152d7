/**
 * A run of digits or a run of letters in a reference or remittance text. Digits are never split
 * from digits, so '1001' is never a token of '21001' or '10012'; letters and digits are split
 * from each other, so 'INV2026/0042', 'INV-2026-0042' and 'inv 2026 0042' read alike.
 */
export interface Token {
  readonly text: string;
  readonly isDigits: boolean;
  /**
   * Whether only punctuation ('-', '/', '.') or nothing stands between this token and the one
   * before: '2026/0042' is one number written in two runs, '1001, 1002' are two.
   */
  readonly joinedToPrevious: boolean;
}

const RUN = /[0-9]+|\p{L}+/gu;
// Spaces and list punctuation end a number; any other separator continues it.
const LIST_GAP = /[\s,;]/u;

const ASCII = /^[\x00-\x7f]*$/;
const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/** The tokens of a text, case and compatibility forms folded (NFKC: full-width digits are digits). */
export const tokensOf = (text: string): Token[] => {
  // Bank references are nearly always ASCII, which NFKC leaves as it is: skip its cost.
  const folded = (ASCII.test(text) ? text : text.normalize('NFKC')).toUpperCase();
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const match of folded.matchAll(RUN)) {
    const joinedToPrevious = tokens.length > 0 && (match.index === previousEnd || !LIST_GAP.test(folded.slice(previousEnd, match.index)));
    tokens.push({ text: match[0], isDigits: isDigit(match[0].charCodeAt(0)), joinedToPrevious });
    previousEnd = match.index + match[0].length;
  }
  return tokens;
};

/** The lookup key of a run of tokens. */
export const keyOfTokens = (tokens: readonly Token[]): string => tokens.map((token) => token.text).join(' ');

/** The lookup key of a whole reference or invoice number. @example referenceKeyOf('INV-2026/0042') // 'INV 2026 0042' */
export const referenceKeyOf = (text: string): string => keyOfTokens(tokensOf(text));

/**
 * Whether a reference is distinctive enough to look for in free text: a digit and at least three
 * characters, so an invoice numbered '7' is not found in 'paid 7 invoices'.
 */
export const isSearchable = (tokens: readonly Token[]): boolean =>
  tokens.some((token) => token.isDigits) && tokens.reduce((length, token) => length + token.text.length, 0) >= 3;

/** Whether tokens[index] continues the number tokens[index - 1] started. */
const continuesNumber = (tokens: readonly Token[], index: number): boolean => {
  const token = tokens[index];
  return token !== undefined && token.joinedToPrevious && token.isDigits && tokens[index - 1]?.isDigits === true;
};

/** Whether tokens[start, end) is a whole number, not a part of a longer one ('0042' of '2026/0042'). */
const isWholeWindow = (tokens: readonly Token[], start: number, end: number): boolean =>
  !continuesNumber(tokens, start) && !continuesNumber(tokens, end);

/**
 * What `lookUp` gives for the keys the text's tokens spell, longest run first from left to right: a run
 * that matched is not searched again, so 'INV 2026 0042' does not also find an invoice '2026'.
 * Costs tokens × maxTokens lookups, whatever the size of the index.
 */
export function findKeys<T>(tokens: readonly Token[], lookUp: (key: string) => T | undefined, maxTokens: number): T[] {
  const found: T[] = [];
  let start = 0;
  while (start < tokens.length) {
    const matchedLength = longestMatchAt(tokens, start, lookUp, maxTokens, found);
    start += Math.max(matchedLength, 1);
  }
  return found;
}

function longestMatchAt<T>(tokens: readonly Token[], start: number, lookUp: (key: string) => T | undefined, maxTokens: number, found: T[]): number {
  for (let length = Math.min(maxTokens, tokens.length - start); length > 0; length -= 1) {
    if (!isWholeWindow(tokens, start, start + length)) continue;
    const value = lookUp(keyOfTokens(tokens.slice(start, start + length)));
    if (value !== undefined) {
      found.push(value);
      return length;
    }
  }
  return 0;
}
