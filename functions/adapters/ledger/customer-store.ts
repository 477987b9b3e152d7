import {
  claimedIdentitiesOf,
  customerIdFor,
  identitiesToLookUp,
  mayJoinByName,
  mergeProfile,
  nameKeyOf,
  profileFromStored,
  type CustomerProfile,
  type ProfileUpdate,
  type StoredProfile,
} from '../../domain/credit';
import { LedgerUnavailableError } from '../errors';
import { CUSTOMER_SK, customerPk, identityKey, itemKey } from './keys';
import { ABSENT, valueOf, type Item, type LedgerTable } from './table';

/** Customer profiles and the identities (VAT ids, registration ids, names) that find them. */
export interface CustomerStore {
  /**
   * Creates or updates the customer an update names by any of its identities; `refine` sets what
   * depends on the merged profile (its segment).
   */
  upsert(update: ProfileUpdate, at: string, refine?: (profile: CustomerProfile, isNew: boolean) => CustomerProfile): Promise<CustomerProfile>;
  /** Rewrites a profile after reading it (the daily review's segment and risk); undefined when there is no such customer. */
  update(id: string, change: (profile: CustomerProfile) => CustomerProfile): Promise<CustomerProfile | undefined>;
  get(id: string): Promise<CustomerProfile | undefined>;
  /** The customer the first of the identities that is claimed belongs to, if any. */
  idOf(identities: readonly string[]): Promise<string | undefined>;
  /** Every customer, by a scan: the daily review and the console read them all. */
  all(): Promise<CustomerProfile[]>;
}

const MAX_PROFILE_ATTEMPTS = 8;

const profileKey = (id: string) => itemKey(customerPk(id), CUSTOMER_SK);

/** The profile without the revision it was written over. */
export const profileOf = (item: Item): CustomerProfile => {
  const { revision: _revision, ...profile } = valueOf<StoredProfile & { revision: number }>(item);
  return profileFromStored(profile);
};

/**
 * Profiles carry a revision and are written only over the revision read, so two ingests of one
 * customer's invoices at once both land.
 */
export class DynamoCustomerStore implements CustomerStore {
  constructor(private readonly table: LedgerTable) {}

  async upsert(update: ProfileUpdate, at: string, refine: (profile: CustomerProfile, isNew: boolean) => CustomerProfile = (p) => p): Promise<CustomerProfile> {
    for (let attempt = 0; attempt < MAX_PROFILE_ATTEMPTS; attempt++) {
      const id = (await this.resolve(update)) ?? customerIdFor(update.identities[0]!);
      const existing = await this.withRevision(id);
      const profile = refine(mergeProfile(existing?.profile, id, update, at), existing === undefined);
      if (await this.write(profile, existing?.revision ?? null)) {
        for (const identity of claimedIdentitiesOf(profile)) await this.table.put('PutItem identity', identityKey(identity), 'identity', { customerId: id });
        return profile;
      }
    }
    throw this.keptChanging();
  }

  async update(id: string, change: (profile: CustomerProfile) => CustomerProfile): Promise<CustomerProfile | undefined> {
    for (let attempt = 0; attempt < MAX_PROFILE_ATTEMPTS; attempt++) {
      const existing = await this.withRevision(id);
      if (!existing) return undefined;
      const profile = change(existing.profile);
      if (await this.write(profile, existing.revision)) return profile;
    }
    throw this.keptChanging();
  }

  async get(id: string): Promise<CustomerProfile | undefined> {
    return (await this.withRevision(id))?.profile;
  }

  async idOf(identities: readonly string[]): Promise<string | undefined> {
    for (const identity of identities) {
      const found = await this.table.get('GetItem identity', identityKey(identity));
      if (typeof found?.customerId === 'string' && found.customerId) return found.customerId;
    }
    return undefined;
  }

  async all(): Promise<CustomerProfile[]> {
    return (await this.table.scan('Scan customers', ['customer'])).map(profileOf);
  }

  private async resolve(update: ProfileUpdate): Promise<string | undefined> {
    const byIdentity = await this.idOf(identitiesToLookUp(update));
    if (byIdentity || !update.name) return byIdentity;
    const byName = await this.idOf([nameKeyOf(update.name)]);
    return byName && mayJoinByName(update, await this.get(byName)) ? byName : undefined;
  }

  private async withRevision(id: string): Promise<{ readonly profile: CustomerProfile; readonly revision: number } | undefined> {
    const item = await this.table.get('GetItem customer', profileKey(id));
    return item ? { profile: profileOf(item), revision: Number(item.revision ?? 0) } : undefined;
  }

  /** Writes over the revision read (none: a new customer); false when another writer came first. */
  private async write(profile: CustomerProfile, revision: number | null): Promise<boolean> {
    return this.table.put(
      'PutItem customer',
      profileKey(profile.id),
      'customer',
      { ...profile, revision: (revision ?? 0) + 1 },
      revision === null
        ? ABSENT
        : { expression: '#revision = :revision', names: { '#revision': 'revision' }, values: { ':revision': revision } },
    );
  }

  private keptChanging(): LedgerUnavailableError {
    return new LedgerUnavailableError(this.table.tableName, `PutItem customer: the profile kept changing over ${MAX_PROFILE_ATTEMPTS} attempts`);
  }
}
