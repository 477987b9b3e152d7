import { BUILT_IN_SETTINGS, nextPublication, type CreditSettings, type PublishedSettings } from '../../domain/credit';
import { LedgerUnavailableError } from '../errors';
import { itemKey, SETTINGS_PK } from './keys';
import { valueOf, type LedgerTable } from './table';

/** The published versions of the credit settings. */
export interface SettingsStore {
  /** The settings in force: the latest published version, or the built-in one. */
  current(): Promise<PublishedSettings>;
  /** Publishes the settings as the next version, as `by` if a person; nothing is written when nothing changed. */
  publish(settings: CreditSettings, at: string, by?: string): Promise<{ readonly published: PublishedSettings; readonly changed: boolean }>;
}

export class DynamoSettingsStore implements SettingsStore {
  constructor(private readonly table: LedgerTable) {}

  async current(): Promise<PublishedSettings> {
    const item = await this.table.last('Query settings', SETTINGS_PK);
    return item ? valueOf<PublishedSettings>(item) : BUILT_IN_SETTINGS;
  }

  async publish(settings: CreditSettings, at: string, by?: string): Promise<{ readonly published: PublishedSettings; readonly changed: boolean }> {
    const current = await this.current();
    const history = (await this.table.query('Query settings', SETTINGS_PK)).map((item) => valueOf<PublishedSettings>(item));
    const next = nextPublication(current, history, settings, at);
    if (!next) return { published: current, changed: false };
    const published: PublishedSettings = by ? { ...next, publishedBy: by } : next;
    if (!(await this.table.put('PutItem settings', itemKey(SETTINGS_PK, `V#${String(published.version).padStart(6, '0')}`), 'settings', published))) {
      throw new LedgerUnavailableError(this.table.tableName, `PutItem settings: version ${published.version} was published by someone else meanwhile; publish again`);
    }
    return { published, changed: true };
  }
}
