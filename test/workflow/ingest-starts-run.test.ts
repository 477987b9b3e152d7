import { readFile } from 'node:fs/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { SFNClient, SFNServiceException, StateMachineDoesNotExist } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { S3DocumentStore, type DocumentStore } from '../../functions/adapters/document-store';
import { sdkClient } from '../../functions/adapters/sdk-clients';
import { StepFunctionsWorkflow, type Workflow } from '../../functions/adapters/workflow';
import { addDays, isoDate } from '../../functions/domain/calendar';
import { executionNameOf } from '../../functions/domain/collections';
import { DEFAULT_MAX_INVOICE_BYTES, writeUbl, type InvoiceDraft } from '../../functions/domain/einvoice';
import type { InvoiceKey } from '../../functions/domain/intake';
import type { Decimal } from '../../functions/domain/money';
import type * as HandlerModule from '../../functions/ingest-invoice/handler';
import type { IngestDeps } from '../../functions/ingest-invoice/ingest';
import { LOCAL_AWS } from '../../local/emulators';
import { lineOf, midnight, startCollectionsWorld, type CollectionsWorld } from '../support/collections-world';
import { deliveryOf, lambdaContext } from '../support/lambda';
import { einvoicePath } from '../support/shared';

// The emulators and the state machine host start in seconds, tens of them on a loaded machine.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

const ARRIVAL = isoDate('2018-02-09');
const BUCKET = 'documents';

let world: CollectionsWorld;
let makeHandler: typeof HandlerModule.makeHandler;
/** What the ingest function logged, as CloudWatch would hold it: the message and its attributes. */
const logged: { readonly level: 'info' | 'warn'; readonly message: string; readonly attributes: Record<string, unknown> }[] = [];

beforeAll(async () => {
  world = await startCollectionsWorld(ARRIVAL);
  // handler.ts builds its cloud dependencies at import, from the environment the collections host has set.
  ({ makeHandler } = await import('../../functions/ingest-invoice/handler'));
  await world.clock.runUntil(new Date(`${ARRIVAL}T09:00:00.000Z`));
});
afterAll(async () => world?.stop());

// Every log call of the functions passes its attributes as one object after the message.
const logTo =
  (level: 'info' | 'warn') =>
  (message: unknown, ...extra: unknown[]): void =>
    void logged.push({ level, message: String(message), attributes: (extra[0] ?? {}) as Record<string, unknown> });

const depsFor = (overrides: Partial<IngestDeps> = {}): IngestDeps => ({
  documents: new S3DocumentStore(world.clients.s3, BUCKET),
  ledger: world.collections.ledger,
  workflow: world.collections.workflow,
  clock: world.clock,
  maxInvoiceBytes: DEFAULT_MAX_INVOICE_BYTES,
  creditManager: null,
  logger: { info: logTo('info'), warn: logTo('warn') },
  ...overrides,
});
const logOf = (number: string) => logged.filter((entry) => entry.attributes.invoiceNumber === number);

/** A file put into the inbox, as the finance system's upload would. */
const drop = async (key: string, body: string | Uint8Array): Promise<void> => {
  await world.clients.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
};
/** The SQS message S3 sends for the key, stamped with the clock's time: the same message on every redelivery. */
const messageFor = (key: string, messageId: string) => deliveryOf({ key, messageId, eventTime: world.clock.now().toISOString() });

const SELLER = { name: 'Lumen GmbH', email: 'billing@lumen.example', street: 'Werkstraße 12', city: 'Bremen', postCode: '28195', countryCode: 'DE', vatId: 'DE300000017', iban: 'DE02120300000000202051' };
const draft = (number: string, dueDate: string): InvoiceDraft => ({
  number,
  issueDate: isoDate('2017-11-01'),
  dueDate: isoDate(dueDate),
  currency: 'EUR',
  paymentTerms: 'Net 30 days',
  seller: SELLER,
  buyer: { name: 'Brückner Bau AG', email: 'ap@brueckner.example', street: 'Lindenallee 8', city: 'Köln', postCode: '50667', countryCode: 'DE', vatId: 'DE300000025' },
  lines: [{ name: 'Flange', quantity: '1' as Decimal, unitCode: 'C62', unitPrice: '500.00' as Decimal, vatRate: '0' as Decimal }],
});
const keyOf = (number: string): InvoiceKey => ({ sellerKey: `vat:${SELLER.vatId}`, number });

/** The executions of an invoice's run, by the name the sweep would give it. */
const executionsOf = (key: InvoiceKey) => world.collections.stepFunctions.list().filter((execution) => execution.name === executionNameOf(key));

describe('ingest of an invoice whose collections start date has come', () => {
  it('starts its run as the sweep would (the invoice-named execution, the same input, marked started), which takes its catch-up step that day', async () => {
    // The Peppol BIS example, due 2017-12-01: 70 days past due when it arrives.
    const key: InvoiceKey = { sellerKey: 'vat:GB1232434', number: 'Snippet1' };
    await drop('inbox/backlog.xml', await readFile(einvoicePath('dev/ubl-peppol-base-example.xml')));

    const response = await makeHandler(depsFor())(messageFor('inbox/backlog.xml', 'backlog'), lambdaContext());

    expect(response.batchItemFailures).toEqual([]);
    expect(executionsOf(key).map((execution) => execution.input)).toEqual([{ invoiceKey: key, policy: null }]);
    expect((await world.collections.ledger.cases.get(key))?.executionName).toBe(executionNameOf(key));
    expect(await world.collections.ledger.runs.invoicesToStart(ARRIVAL)).not.toContainEqual(key);
    expect(await world.collections.sweep()).toEqual({ started: 0, alreadyStarted: 0 });
    // No sweep before the next midnight: the run ingest started alone sends the final notice on the arrival day.
    await world.clock.runUntil(midnight(addDays(ARRIVAL, 1)));
    expect((await world.timeline(key)).map((entry) => lineOf(entry))[0]).toBe('2018-02-09 email final-notice');
  });

  it('starts it once when a crash before the inbox copy is deleted brings the message again, and not for the same file dropped again', async () => {
    const key = keyOf('INV-TWICE');
    const xml = writeUbl(draft(key.number, '2017-12-01'));
    const real = new S3DocumentStore(world.clients.s3, BUCKET);
    let crashes = 1;
    // The fault injected: the function dies after starting the run, before it deletes the inbox copy.
    const crashing: DocumentStore = {
      fetch: (objectKey, max) => real.fetch(objectKey, max),
      exists: (objectKey) => real.exists(objectKey),
      putJson: (objectKey, value) => real.putJson(objectKey, value),
      copy: (from, to) => real.copy(from, to),
      delete: async (objectKey) => {
        if (crashes-- > 0) throw new Error('Lambda died before the delete');
        await real.delete(objectKey);
      },
    };
    const handler = makeHandler(depsFor({ documents: crashing }));
    await drop('inbox/twice.xml', xml);

    expect((await handler(messageFor('inbox/twice.xml', 'twice'), lambdaContext())).batchItemFailures).toEqual([{ itemIdentifier: 'twice' }]);
    expect((await handler(messageFor('inbox/twice.xml', 'twice'), lambdaContext())).batchItemFailures).toEqual([]);
    await drop('inbox/twice-again.xml', xml);
    expect((await handler(messageFor('inbox/twice-again.xml', 'twice-again'), lambdaContext())).batchItemFailures).toEqual([]);

    expect(executionsOf(key)).toHaveLength(1);
    expect(logOf(key.number).filter((entry) => entry.message === 'collections run started').map((entry) => entry.attributes.outcome)).toEqual(['started', 'already-started']);
    expect(await world.collections.sweep()).toEqual({ started: 0, alreadyStarted: 0 });
  });

  /**
   * Step Functions' client with the fault injected before any request leaves: what the SDK throws after its own retries.
   * The middleware goes on before the client's first send, when it caches its stack (sdkClient).
   */
  const failingWorkflow = (fault: Error): { readonly workflow: Workflow; readonly injected: () => number } => {
    const sfn = sdkClient(SFNClient, { ...LOCAL_AWS });
    let injected = 0;
    sfn.middlewareStack.add(
      () => async () => {
        injected++;
        throw fault;
      },
      { step: 'initialize', name: 'injectFault' },
    );
    return { workflow: new StepFunctionsWorkflow(sfn, 'arn:aws:states:eu-central-1:000000000000:stateMachine:collections'), injected: () => injected };
  };

  it.each([
    ['throttles', 'INV-THROTTLED', new SFNServiceException({ name: 'ThrottlingException', message: 'Rate exceeded', $fault: 'client', $metadata: { httpStatusCode: 400 } })],
    ['is not there', 'INV-NO-MACHINE', new StateMachineDoesNotExist({ message: 'State Machine Does Not Exist', $metadata: { httpStatusCode: 400 } })],
  ])('keeps the invoice when Step Functions %s, logs it, and leaves the run to the next sweep', async (_what, number, fault) => {
    const key = keyOf(number);
    const inbox = `inbox/${number}.xml`;
    await drop(inbox, writeUbl(draft(number, '2017-12-01')));

    const failing = failingWorkflow(fault);
    const response = await makeHandler(depsFor({ workflow: failing.workflow }))(messageFor(inbox, number), lambdaContext());

    expect(failing.injected()).toBe(1);
    expect(response.batchItemFailures).toEqual([]);
    expect((await world.collections.ledger.audit.trail(key)).map((entry) => entry.action)).toEqual(['ingested']);
    expect(await new S3DocumentStore(world.clients.s3, BUCKET).exists(inbox)).toBe(false);
    expect(logOf(number).map((entry) => `${entry.level} ${entry.message}`)).toContain('warn collections run not started: the next daily sweep starts it');
    expect(executionsOf(key)).toEqual([]);

    expect(await world.collections.sweep()).toEqual({ started: 1, alreadyStarted: 0 });
    expect(executionsOf(key)).toHaveLength(1);
  });
});

describe('ingest of an invoice whose collections start date is still to come', () => {
  it('starts no run and leaves the invoice on the start index for the sweep of its start date', async () => {
    // Due 2018-03-31: the earliest first step of the published policies (the firm one's pre-due, -5) starts its run on 03-26.
    const key = keyOf('INV-LATER');
    await drop('inbox/later.xml', writeUbl(draft(key.number, '2018-03-31')));

    expect((await makeHandler(depsFor())(messageFor('inbox/later.xml', 'later'), lambdaContext())).batchItemFailures).toEqual([]);

    expect(executionsOf(key)).toEqual([]);
    expect(await world.collections.ledger.runs.invoicesToStart(isoDate('2018-03-25'))).not.toContainEqual(key);
    expect(await world.collections.ledger.runs.invoicesToStart(isoDate('2018-03-26'))).toContainEqual(key);
  });
});
