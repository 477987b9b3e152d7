import type { IsoDate } from '../calendar';
import type { UndeliverableAddress } from '../deliveries';
import type { Party } from '../einvoice';
import { sha256Hex } from '../intake';
import { DEFAULT_PARTY, type PartyKind } from '../interest';
import type { Decimal } from '../money';
import type { RiskAssessment } from './risk';

export interface Contact {
  readonly name: string | null;
  readonly email: string | null;
  readonly phone: string | null;
}

/** A credit limit is an amount in one currency: exposure in other currencies never counts against it. */
export interface CreditLimit {
  readonly amount: Decimal;
  readonly currency: string;
}

/** A buyer as credit management knows it, whatever spelling of its name its invoices carry. */
export interface CustomerProfile {
  /** Stable: derived from the first identity it was known by, never from the name. */
  readonly id: string;
  readonly name: string;
  /** Identity keys (`vat:`, `reg:`, `id:`, `eas:`, or `name:` when a document gives nothing better): any one of them finds the customer. */
  readonly identities: readonly string[];
  /** The customer's number in the finance system, from an import. */
  readonly reference: string | null;
  readonly countryCode: string | null;
  readonly contacts: readonly Contact[];
  /** BCP 47; null for the default (English). */
  readonly language: string | null;
  /** IANA time zone: collections dates are calendar dates there. */
  readonly timeZone: string;
  readonly creditLimit: CreditLimit | null;
  /** Labels a person gave, e.g. `strategic`: segment rules read them. */
  readonly tags: readonly string[];
  /** The issue date of its first invoice: how long it has been a customer. */
  readonly firstInvoiceOn: IsoDate | null;
  /** Set by the segment rules. */
  readonly segment: string;
  readonly risk: RiskAssessment | null;
  /** Business or consumer: the law gives consumers another interest margin, and no lump sum where it says so. */
  readonly party: PartyKind;
  /** The late-payment rule a person chose (a key of the interest rules' `jurisdictions`); null: the country's. */
  readonly jurisdiction: string | null;
  readonly legalFlaggedOn?: IsoDate;
  /** Addresses mail to which bounced permanently or drew a complaint, with when and why: reminders are not sent to them. */
  readonly undeliverable: readonly UndeliverableAddress[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A profile as the ledger may hold it: one stored before `party` and `jurisdiction`, or before `undeliverable`, lacks them. */
export type StoredProfile = Omit<CustomerProfile, 'party' | 'jurisdiction' | 'undeliverable'> & Partial<Pick<CustomerProfile, 'party' | 'jurisdiction' | 'undeliverable'>>;

/** A stored profile as it reads today: one stored before the claim terms is a business under its country's rule, as it was treated then; one stored before deliveries were tracked has no undeliverable address. */
export const profileFromStored = ({ party, jurisdiction, undeliverable, ...stored }: StoredProfile): CustomerProfile => ({
  ...stored,
  party: party ?? DEFAULT_PARTY,
  jurisdiction: jurisdiction ?? null,
  undeliverable: undeliverable ?? [],
});

/** What an invoice, an import row or a person says about a customer; absent fields leave the profile as it is. */
export interface ProfileUpdate {
  readonly identities: readonly string[];
  readonly name?: string;
  readonly reference?: string;
  readonly countryCode?: string;
  readonly contacts?: readonly Contact[];
  readonly language?: string;
  readonly timeZone?: string;
  readonly creditLimit?: CreditLimit;
  readonly tags?: readonly string[];
  readonly invoiceIssuedOn?: IsoDate;
  readonly party?: PartyKind;
  /** Null goes back to the country's rule. */
  readonly jurisdiction?: string | null;
}

const compact = (text: string): string => text.replace(/\s+/g, '').toUpperCase();

/**
 * The name key of a party known by nothing else: case, spacing and punctuation folded, so
 * "ACME  GmbH" and "Acme GmbH." are one customer.
 */
export const nameKeyOf = (name: string): string =>
  `name:${name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .slice(0, 200)}`;

/** Every identity a party's document gives, strongest first; its name only when it gives none. */
export function identitiesOf(party: Pick<Party, 'vatId' | 'legalRegistrationId' | 'identifier' | 'electronicAddress' | 'electronicAddressScheme' | 'name'>): string[] {
  const keys = [
    party.vatId ? `vat:${compact(party.vatId)}` : null,
    party.legalRegistrationId ? `reg:${compact(party.legalRegistrationId)}` : null,
    party.identifier ? `id:${compact(party.identifier)}` : null,
    party.electronicAddress ? `eas:${compact(party.electronicAddressScheme ?? '')}:${party.electronicAddress.replace(/\s+/g, '').toLowerCase()}` : null,
  ].filter((key): key is string => key !== null);
  return keys.length > 0 ? keys : [nameKeyOf(party.name ?? '')];
}

/** Whether an identity key is a real identifier, not a name. */
export const isStrongIdentity = (identity: string): boolean => !identity.startsWith('name:');

/**
 * How an update finds its customer: first by any real identifier (all it has when it has none);
 * failing that by its name, where `mayJoinByName` allows.
 */
export const identitiesToLookUp = (update: ProfileUpdate): readonly string[] => {
  const strong = update.identities.filter(isStrongIdentity);
  return strong.length > 0 ? strong : update.identities;
};

/**
 * Whether an update may join the customer found by its name: only where the update or that
 * customer has no real identifier (a buyer first known by name, later by its VAT id), so two
 * companies of one name are never merged.
 */
export const mayJoinByName = (update: ProfileUpdate, found: CustomerProfile | undefined): boolean =>
  !update.identities.some(isStrongIdentity) || !found?.identities.some(isStrongIdentity);

/** The identities that find a profile: its own, and its name, weakly (see `mayJoinByName`). */
export const claimedIdentitiesOf = (profile: CustomerProfile): string[] => [...new Set([...profile.identities, nameKeyOf(profile.name)])];

/** A new customer's id, from the first identity it is known by. */
export const customerIdFor = (identity: string): string => `C-${sha256Hex(identity).slice(0, 12)}`;

const sameContact = (a: Contact, b: Contact): boolean =>
  (a.email !== null && a.email.toLowerCase() === b.email?.toLowerCase()) || (a.email === null && b.email === null && a.phone === b.phone && a.name === b.name);

/** Contacts with the newest facts first; one entry per e-mail address. */
const mergeContacts = (existing: readonly Contact[], incoming: readonly Contact[]): Contact[] => {
  const merged = [...incoming.filter((contact) => contact.email || contact.phone || contact.name)];
  for (const contact of existing) if (!merged.some((other) => sameContact(other, contact))) merged.push(contact);
  return merged.slice(0, 20);
};

const earlierOf = (a: IsoDate | null, b: IsoDate | undefined): IsoDate | null => (b === undefined ? a : a === null || b < a ? b : a);

/** The profile after an update: identities and contacts accumulate; given fields replace, absent ones keep. */
export function mergeProfile(existing: CustomerProfile | undefined, id: string, update: ProfileUpdate, at: string): CustomerProfile {
  const base: CustomerProfile = existing ?? {
    id,
    name: update.name ?? update.identities[0] ?? id,
    identities: [],
    reference: null,
    countryCode: null,
    contacts: [],
    language: null,
    timeZone: 'UTC',
    creditLimit: null,
    tags: [],
    firstInvoiceOn: null,
    segment: 'standard',
    risk: null,
    party: DEFAULT_PARTY,
    jurisdiction: null,
    undeliverable: [],
    createdAt: at,
    updatedAt: at,
  };
  return {
    ...base,
    name: update.name?.trim() || base.name,
    identities: [...new Set([...base.identities, ...update.identities])],
    reference: update.reference ?? base.reference,
    countryCode: update.countryCode ?? base.countryCode,
    contacts: mergeContacts(base.contacts, update.contacts ?? []),
    language: update.language ?? base.language,
    timeZone: update.timeZone ?? base.timeZone,
    creditLimit: update.creditLimit ?? base.creditLimit,
    tags: update.tags ? [...new Set(update.tags)] : base.tags,
    firstInvoiceOn: earlierOf(base.firstInvoiceOn, update.invoiceIssuedOn),
    party: update.party ?? base.party,
    jurisdiction: update.jurisdiction === undefined ? base.jurisdiction : update.jurisdiction,
    updatedAt: at,
  };
}

/** Languages the reminders speak, by country (ISO 3166-1), for a customer whose profile names none. */
const LANGUAGE_BY_COUNTRY: Readonly<Record<string, string>> = { DE: 'de', AT: 'de', CH: 'de', LI: 'de' };

export const languageForCountry = (countryCode: string | null): string | null => LANGUAGE_BY_COUNTRY[countryCode?.toUpperCase() ?? ''] ?? null;

/** What an invoice's buyer tells about the customer. Its name and contact are the newest known. */
export const updateFromBuyer = (buyer: Party, issueDate: IsoDate): ProfileUpdate => {
  const countryCode = buyer.address?.countryCode?.toUpperCase();
  return {
    identities: identitiesOf(buyer),
    ...(buyer.name ? { name: buyer.name } : {}),
    ...(countryCode ? { countryCode } : {}),
    contacts: [{ name: buyer.contactName, email: buyer.email, phone: buyer.phone }],
    invoiceIssuedOn: issueDate,
  };
};
