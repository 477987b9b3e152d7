import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../../functions/domain/calendar';
import {
  creditHoldFor,
  creditSettingsFrom,
  customerIdFor,
  DEFAULT_CREDIT_SETTINGS,
  identitiesOf,
  InvalidSettingsError,
  mergeProfile,
  nameKeyOf,
  policiesToPublish,
  profileFromStored,
  readClaimTerms,
  segmentRuleFor,
  unknownColumns,
  verdictOf,
  type CustomerProfile,
} from '../../../../functions/domain/credit';
import type { Decimal } from '../../../../functions/domain/money';
import { STANDARD_POLICY } from '../../../../functions/domain/policy';

const party = { vatId: null, legalRegistrationId: null, identifier: null, electronicAddress: null, electronicAddressScheme: null, name: null };

describe('customer identity', () => {
  it('knows a buyer by every identifier its documents give, strongest first', () => {
    expect(identitiesOf({ ...party, vatId: 'de 123 456 789', electronicAddress: 'AP@Acme.example', electronicAddressScheme: 'EM', name: 'Acme' })).toEqual([
      'vat:DE123456789',
      'eas:EM:ap@acme.example',
    ]);
  });

  it('falls back to the name, with case, spacing and punctuation folded', () => {
    expect(identitiesOf({ ...party, name: 'ACME  GmbH.' })).toEqual(['name:acme gmbh']);
    expect(nameKeyOf('Acme GmbH')).toBe(nameKeyOf(' acme, gmbh '));
  });

  it('merges what invoices and imports say: identities and contacts add up, another spelling of the name changes nothing else', () => {
    const id = customerIdFor('vat:DE1');
    const first = mergeProfile(undefined, id, { identities: ['vat:DE1'], name: 'Acme GmbH', contacts: [{ name: 'Ann', email: 'ann@acme.example', phone: null }], invoiceIssuedOn: isoDate('2026-03-01') }, 't1');
    const second = mergeProfile(first, id, { identities: ['vat:DE1', 'eas:EM:ap@acme.example'], name: 'ACME GMBH', contacts: [{ name: 'Ann B.', email: 'ANN@acme.example', phone: '+49 1' }], invoiceIssuedOn: isoDate('2026-01-15') }, 't2');
    expect(second).toMatchObject({
      id,
      name: 'ACME GMBH',
      identities: ['vat:DE1', 'eas:EM:ap@acme.example'],
      contacts: [{ name: 'Ann B.', email: 'ANN@acme.example', phone: '+49 1' }],
      firstInvoiceOn: '2026-01-15',
      createdAt: 't1',
      updatedAt: 't2',
    });
  });

  it('makes a new customer a business under its country\'s rule; an update changes party and jurisdiction only where it names them, null going back to the country', () => {
    const id = customerIdFor('vat:DE1');
    const first = mergeProfile(undefined, id, { identities: ['vat:DE1'], name: 'Anna Becker' }, 't1');
    expect(first).toMatchObject({ party: 'business', jurisdiction: null });
    const chosen = mergeProfile(first, id, { identities: [], party: 'consumer', jurisdiction: 'EU' }, 't2');
    expect(chosen).toMatchObject({ party: 'consumer', jurisdiction: 'EU', identities: ['vat:DE1'], name: 'Anna Becker' });
    expect(mergeProfile(chosen, id, { identities: ['vat:DE1'], name: 'Anna Becker' }, 't3')).toMatchObject({ party: 'consumer', jurisdiction: 'EU' });
    expect(mergeProfile(chosen, id, { identities: [], jurisdiction: null }, 't4')).toMatchObject({ party: 'consumer', jurisdiction: null });
  });

  it('reads a profile stored before party and jurisdiction as a business under its country\'s rule, and keeps what a later one stored', () => {
    const { party: _party, jurisdiction: _jurisdiction, ...before } = mergeProfile(undefined, 'C-1', { identities: ['vat:DE1'] }, 't1');
    expect(profileFromStored(before)).toEqual({ ...before, party: 'business', jurisdiction: null });
    expect(profileFromStored({ ...before, party: 'consumer', jurisdiction: 'DE' })).toMatchObject({ party: 'consumer', jurisdiction: 'DE' });
  });
});

describe('claim terms a person writes', () => {
  it('reads business or consumer and a jurisdiction of the interest rules, in any case, spelt as the rules spell it', () => {
    expect(readClaimTerms({ party: ' Consumer ', jurisdiction: 'de' })).toEqual({ ok: true, update: { party: 'consumer', jurisdiction: 'DE' } });
    expect(readClaimTerms({ party: 'BUSINESS', jurisdiction: null })).toEqual({ ok: true, update: { party: 'business', jurisdiction: null } });
    expect(readClaimTerms({})).toEqual({ ok: true, update: {} });
  });

  it('refuses another party and a jurisdiction the rules do not have, naming the value and what is allowed', () => {
    expect(readClaimTerms({ party: 'government', jurisdiction: 'AT' })).toEqual({
      ok: false,
      reasons: ["party 'government' is not business or consumer", "jurisdiction 'AT' is none of the interest rules' jurisdictions (EU, DE, FR, GB)"],
    });
  });
});

describe('customer import rows', () => {
  it('accepts a row with an identity and turns it into a profile update', () => {
    const verdict = verdictOf({ reference: 'K-1', name: 'Acme', vat_id: 'DE123', email: 'ap@acme.example', language: 'de-de', time_zone: 'Europe/Berlin', credit_limit: '25000.00', credit_limit_currency: 'eur', tags: 'Strategic; key' });
    expect(verdict).toEqual({
      ok: true,
      update: {
        identities: ['vat:DE123'],
        name: 'Acme',
        reference: 'K-1',
        contacts: [{ name: null, email: 'ap@acme.example', phone: null }],
        language: 'de-DE',
        timeZone: 'Europe/Berlin',
        creditLimit: { amount: '25000.00', currency: 'EUR' },
        tags: ['strategic', 'key'],
      },
    });
  });

  it('takes party and jurisdiction in any case, and leaves them to the profile when blank', () => {
    expect(verdictOf({ vat_id: 'DE123', party: 'Consumer', jurisdiction: 'gb' })).toEqual({ ok: true, update: { identities: ['vat:DE123'], party: 'consumer', jurisdiction: 'GB' } });
    expect(verdictOf({ vat_id: 'DE123', party: ' ', jurisdiction: '' })).toEqual({ ok: true, update: { identities: ['vat:DE123'] } });
  });

  it('refuses a party other than business or consumer, and a jurisdiction the interest rules do not have', () => {
    expect(verdictOf({ vat_id: 'DE123', party: 'company', jurisdiction: 'Germany' })).toEqual({
      ok: false,
      reasons: ["party 'company' is not business or consumer", "jurisdiction 'Germany' is none of the interest rules' jurisdictions (EU, DE, FR, GB)"],
    });
  });

  it('refuses a row with every reason it has', () => {
    expect(verdictOf({ name: 'Acme', email: 'not-an-address', time_zone: 'Mars/Olympus', credit_limit: '1,000', language: 'x_y_z' })).toEqual({
      ok: false,
      reasons: [
        'no identity: give vat_id, legal_registration_id, buyer_id or electronic_address (a name alone could merge two customers)',
        "email 'not-an-address' is not an e-mail address",
        "language 'x_y_z' is not a BCP 47 tag (e.g. de, en-GB)",
        "time_zone 'Mars/Olympus' is not an IANA time zone (e.g. Europe/Berlin)",
        "credit_limit '1,000' is not an amount of 0 or more (digits, one '.' for decimals)",
        'credit_limit needs credit_limit_currency (ISO 4217, e.g. EUR)',
      ],
    });
  });

  it('names columns it does not know', () => {
    expect(unknownColumns(['name', 'vat_id', 'credit limit'])).toEqual(['credit limit']);
  });
});

const customer = (rest: Partial<CustomerProfile>): Pick<CustomerProfile, 'tags' | 'firstInvoiceOn' | 'risk'> => ({ tags: [], firstInvoiceOn: isoDate('2024-01-01'), risk: null, ...rest });
const today = isoDate('2026-06-30');

describe('segments and policies', () => {
  const rules = DEFAULT_CREDIT_SETTINGS.segments;
  const segmentOf = (facts: Partial<CustomerProfile>, exposure = '0') => segmentRuleFor(rules, { customer: customer(facts), exposure: exposure as Decimal, today }).segment;

  it('files a customer under the first rule it matches', () => {
    expect(segmentOf({ tags: ['strategic'], risk: { score: 80 } as CustomerProfile['risk'] })).toBe('strategic');
    expect(segmentOf({ risk: { score: 50 } as CustomerProfile['risk'] })).toBe('high-risk');
    expect(segmentOf({ firstInvoiceOn: isoDate('2026-02-01') })).toBe('new');
    expect(segmentOf({})).toBe('standard');
  });

  it('names a gentler policy for strategic customers and a firmer one for high-risk ones, with the same step ids', () => {
    const { policies } = DEFAULT_CREDIT_SETTINGS;
    expect(policies.gentle!.steps[0]).toEqual({ id: 'reminder-1', kind: 'email', offsetDays: 7 });
    expect(policies.firm!.steps[1]).toEqual({ id: 'reminder-1', kind: 'email', offsetDays: 1 });
    const ids = (name: string) => new Set(policies[name]!.steps.map((step) => step.id));
    for (const id of ids('gentle')) expect(ids('standard').has(id)).toBe(true);
  });

  it('reads settings from a document and refuses unusable ones by name', () => {
    const settings = creditSettingsFrom({ segments: [{ segment: 'big', policy: 'std', when: { exposureAtLeast: '100000' } }, { segment: 'rest', policy: 'std' }], policies: { std: {} } });
    expect(settings.segments[0]!.when).toEqual({ exposureAtLeast: '100000' });
    expect(settings.policies.std).toEqual(STANDARD_POLICY);
    expect(() => creditSettingsFrom({ segments: [{ segment: 'a', policy: 'missing' }], policies: {} })).toThrow(new InvalidSettingsError("settings segment 'a' names policy 'missing', which is not in policies"));
    expect(() => creditSettingsFrom({ segments: [{ segment: 'a', policy: 'p', when: { tag: 'x' } }], policies: { p: {} } })).toThrow(/last segment \('a'\) must have no conditions/);
    expect(() => creditSettingsFrom({ segments: [{ segment: 'a', policy: 'p' }], policies: { p: { steps: [{ id: 'x', kind: 'fax', offsetDays: 1 }] } } })).toThrow(/policy 'p': policy step 'x' has unknown kind/);
  });

  it('publishes a new version only of the policies that changed', () => {
    const latest = new Map([['standard', { name: 'standard', version: 3, policy: STANDARD_POLICY, publishedAt: 't0' }]]);
    const firmer = { ...STANDARD_POLICY, promiseGraceDays: 0 };
    expect(policiesToPublish({ segments: [], policies: { standard: STANDARD_POLICY } }, latest, 't1')).toEqual([]);
    expect(policiesToPublish({ segments: [], policies: { standard: firmer, new: STANDARD_POLICY } }, latest, 't1')).toEqual([
      { name: 'standard', version: 4, policy: firmer, publishedAt: 't1' },
      { name: 'new', version: 1, policy: STANDARD_POLICY, publishedAt: 't1' },
    ]);
  });
});

describe('credit hold', () => {
  const profile = { id: 'C-1', name: 'Acme', creditLimit: { amount: '10000.00' as Decimal, currency: 'EUR' } };
  const invoice = { key: { sellerKey: 's', number: 'INV-9' }, amount: '3000.00' as Decimal, currency: 'EUR' };
  const at = { day: today, instant: '2026-06-30T09:00:00.000Z' };

  it('raises an alert when an invoice takes exposure past the limit, saying by how much', () => {
    expect(creditHoldFor(profile, invoice, '12500.00' as Decimal, at)).toMatchObject({ exposure: '12500.00', overBy: '2500.00', crossed: true });
    expect(creditHoldFor(profile, invoice, '16000.00' as Decimal, at)).toMatchObject({ overBy: '6000.00', crossed: false });
  });

  it('raises none within the limit, at it, without a limit or in another currency', () => {
    expect(creditHoldFor(profile, invoice, '10000.00' as Decimal, at)).toBeNull();
    expect(creditHoldFor({ ...profile, creditLimit: null }, invoice, '99999' as Decimal, at)).toBeNull();
    expect(creditHoldFor(profile, { ...invoice, currency: 'USD' }, '99999' as Decimal, at)).toBeNull();
  });
});
