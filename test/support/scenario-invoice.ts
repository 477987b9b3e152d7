import { isoDate } from '../../functions/domain/calendar';
import type { Decimal } from '../../functions/domain/money';
import type { ScenarioInvoice } from '../../local/simulate/scenario';

/** An invoice as a scenario gives it: EUR 1200.00 due 2026-03-05, entered 2026-03-02, with what a test changes. */
export const scenarioInvoice = (overrides: Partial<ScenarioInvoice> = {}): ScenarioInvoice => ({
  number: 'INV-1001',
  kind: 'invoice',
  issueDate: isoDate('2026-02-01'),
  dueDate: isoDate('2026-03-05'),
  amountDue: '1200.00' as Decimal,
  entryDate: isoDate('2026-03-02'),
  customer: 'C-1',
  currency: 'EUR',
  email: 'ap@c-1.example',
  timezone: 'UTC',
  language: null,
  file: null,
  ...overrides,
});
