import { readFile } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { creditSettingsFrom, policyLabel } from '../../functions/domain/credit';
import { withLedger, type LedgerTarget } from './ledger-access';
import { withProgress } from './progress';

/** `creditctl settings show`: the segment rules and policy versions in force, as JSON. */
export async function showSettingsCommand(target: LedgerTarget, out: Writable): Promise<void> {
  const settings = await withProgress('settings show', () => withLedger(target, ({ ledger }) => ledger.settings.current()));
  out.write(`${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * `creditctl settings publish FILE.json`: checks the settings document, then publishes it as the
 * next version; each policy that changed gets its next version. Runs pick it up at their next plan.
 */
export async function publishSettingsCommand(file: string, target: LedgerTarget, out: Writable): Promise<void> {
  const text = await readFile(file, 'utf8');
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new Error(`${file} is not JSON: ${(err as Error).message}`);
  }
  const settings = creditSettingsFrom(document);
  const { published, changed, where } = await withProgress('settings publish', () =>
    withLedger(target, async ({ ledger, clock, where }) => ({ ...(await ledger.settings.publish(settings, clock.now().toISOString())), where })),
  );
  if (!changed) {
    out.write(`nothing changed: settings version ${published.version} stays in force (${where})\n`);
    return;
  }
  out.write(`published settings version ${published.version} (${where})\n`);
  for (const rule of published.segments) out.write(`  segment ${rule.segment.padEnd(12)} -> ${policyLabel(published.policies[rule.policy]!)}\n`);
}
