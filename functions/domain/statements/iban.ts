// ISO 13616: two letters, two check digits, up to 30 letters and digits.
const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;

/**
 * Whether the text is an IBAN whose check digits hold (ISO 13616, ISO 7064 mod 97-10): the
 * country code and check digits moved to the end, letters as 10 to 35, the number mod 97 is 1.
 * Spaces are not allowed: statements write IBANs in electronic form.
 * @example isValidIban('NL77ABNA0574908765') // true
 */
export function isValidIban(text: string): boolean {
  if (!IBAN_SHAPE.test(text)) return false;
  const rearranged = text.slice(4) + text.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = Number.parseInt(char, 36);
    // Letters take two digits, so the running remainder shifts by 100 for them and by 10 for digits.
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}
