import { parseDecimal } from '../money';
import { readClaimTerms } from './claim-terms';
import { identitiesOf, type ProfileUpdate } from './customers';

/** The columns of a customer import file; all optional but at least one identity. */
export const IMPORT_COLUMNS = [
  'reference',
  'name',
  'vat_id',
  'legal_registration_id',
  'buyer_id',
  'electronic_address',
  'electronic_address_scheme',
  'contact_name',
  'email',
  'phone',
  'language',
  'time_zone',
  'country',
  'credit_limit',
  'credit_limit_currency',
  'tags',
  'party',
  'jurisdiction',
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

export type ImportRow = Partial<Record<ImportColumn, string>>;

/** A row's verdict: the profile update it makes, or every reason it was refused. */
export type RowVerdict = { readonly ok: true; readonly update: ProfileUpdate } | { readonly ok: false; readonly reasons: readonly string[] };

/** The columns of a header that the import does not know: a misspelt column would otherwise be silently dropped. */
export const unknownColumns = (header: readonly string[]): string[] =>
  header.filter((column) => !(IMPORT_COLUMNS as readonly string[]).includes(column.trim().toLowerCase()));

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

const canonicalLanguage = (tag: string): string | undefined => {
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks one import row and says, for each thing wrong with it, what to fix. */
export function verdictOf(row: ImportRow): RowVerdict {
  const value = (column: ImportColumn): string | undefined => row[column]?.trim() || undefined;
  const reasons: string[] = [];
  const vatId = value('vat_id') ?? null;
  const legalRegistrationId = value('legal_registration_id') ?? null;
  const identifier = value('buyer_id') ?? null;
  const electronicAddress = value('electronic_address') ?? null;
  if (!vatId && !legalRegistrationId && !identifier && !electronicAddress) {
    reasons.push('no identity: give vat_id, legal_registration_id, buyer_id or electronic_address (a name alone could merge two customers)');
  }
  const email = value('email');
  if (email && !EMAIL.test(email)) reasons.push(`email '${email}' is not an e-mail address`);
  const languageText = value('language');
  const language = languageText ? canonicalLanguage(languageText) : undefined;
  if (languageText && !language) reasons.push(`language '${languageText}' is not a BCP 47 tag (e.g. de, en-GB)`);
  const timeZone = value('time_zone');
  if (timeZone && !isTimeZone(timeZone)) reasons.push(`time_zone '${timeZone}' is not an IANA time zone (e.g. Europe/Berlin)`);
  const country = value('country')?.toUpperCase();
  if (country && !/^[A-Z]{2}$/.test(country)) reasons.push(`country '${country}' is not an ISO 3166-1 alpha-2 code`);
  const limitText = value('credit_limit');
  const limit = limitText ? parseDecimal(limitText) : undefined;
  const currency = value('credit_limit_currency')?.toUpperCase();
  if (limitText && (!limit || limit.startsWith('-'))) reasons.push(`credit_limit '${limitText}' is not an amount of 0 or more (digits, one '.' for decimals)`);
  if (limitText && !currency) reasons.push('credit_limit needs credit_limit_currency (ISO 4217, e.g. EUR)');
  if (currency && !/^[A-Z]{3}$/.test(currency)) reasons.push(`credit_limit_currency '${currency}' is not an ISO 4217 code`);
  const claimTerms = readClaimTerms({ party: value('party'), jurisdiction: value('jurisdiction') });
  if (!claimTerms.ok) reasons.push(...claimTerms.reasons);
  if (reasons.length > 0 || !claimTerms.ok) return { ok: false, reasons };

  const name = value('name');
  const reference = value('reference');
  const contactName = value('contact_name') ?? null;
  const phone = value('phone') ?? null;
  const tags = value('tags');
  const update: ProfileUpdate = {
    identities: identitiesOf({ vatId, legalRegistrationId, identifier, electronicAddress, electronicAddressScheme: value('electronic_address_scheme') ?? null, name: name ?? null }),
    ...(name ? { name } : {}),
    ...(reference ? { reference } : {}),
    ...(country ? { countryCode: country } : {}),
    ...(email || phone || contactName ? { contacts: [{ name: contactName, email: email ?? null, phone }] } : {}),
    ...(language ? { language } : {}),
    ...(timeZone ? { timeZone } : {}),
    ...(limit && currency ? { creditLimit: { amount: limit, currency } } : {}),
    ...(tags ? { tags: tags.split(/[;|]/).map((tag) => tag.trim().toLowerCase()).filter(Boolean) } : {}),
    ...claimTerms.update,
  };
  return { ok: true, update };
}
