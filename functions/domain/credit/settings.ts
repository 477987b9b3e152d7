import { DEFAULT_CREDIT_SETTINGS, policiesToPublish, type CreditSettings, type PolicyVersion, type SegmentRule } from './segments';

/** A published version of the credit settings: the segment rules and each policy's current version. */
export interface PublishedSettings {
  readonly version: number;
  readonly publishedAt: string;
  /** Who published it from the console; absent for the built-in version and `creditctl settings publish`. */
  readonly publishedBy?: string;
  readonly segments: readonly SegmentRule[];
  readonly policies: Readonly<Record<string, PolicyVersion>>;
}

const BUILT_IN_AT = '1970-01-01T00:00:00.000Z';

/** The built-in settings, as version 0, until someone publishes: every policy at version 0. */
export const BUILT_IN_SETTINGS: PublishedSettings = {
  version: 0,
  publishedAt: BUILT_IN_AT,
  segments: DEFAULT_CREDIT_SETTINGS.segments,
  policies: Object.fromEntries(
    Object.entries(DEFAULT_CREDIT_SETTINGS.policies).map(([name, policy]) => [name, { name, version: 0, policy, publishedAt: BUILT_IN_AT }]),
  ),
};

/**
 * The next version of the settings, or null when nothing changed: a policy whose content changed
 * gets its next version (past any it ever had, so a name taken out and put back never reuses one),
 * an unchanged one keeps its own.
 */
export function nextPublication(current: PublishedSettings, history: readonly PublishedSettings[], settings: CreditSettings, at: string): PublishedSettings | null {
  const highest = new Map<string, number>();
  for (const published of history) {
    for (const [name, version] of Object.entries(published.policies)) highest.set(name, Math.max(highest.get(name) ?? 0, version.version));
  }
  const changedPolicies = policiesToPublish(settings, new Map(Object.entries(current.policies)), at, highest);
  const policies = Object.fromEntries(
    Object.keys(settings.policies).map((name) => [name, changedPolicies.find((version) => version.name === name) ?? current.policies[name]!]),
  );
  const sameRules = JSON.stringify(current.segments) === JSON.stringify(settings.segments);
  const sameNames = JSON.stringify(Object.keys(current.policies).sort()) === JSON.stringify(Object.keys(policies).sort());
  if (current.version > 0 && changedPolicies.length === 0 && sameRules && sameNames) return null;
  return { version: current.version + 1, publishedAt: at, segments: settings.segments, policies };
}
