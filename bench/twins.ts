import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { systemClock } from '../functions/domain/clock';
import { clientsFor, createBucket, LOCAL_AWS, startEmulators } from '../local/emulators';
import { S3Twin } from '../local/twin/s3';
import { SesTwin } from '../local/twin/ses';
import type { Table } from './table';
import { roundRatios, timeRounds, type PassTiming } from './timing';

const BUCKET = 'bench';
/** About the size of one of the demo's UBL invoices. */
const BODY = Buffer.from(`<Invoice>${'<cbc:Note>line</cbc:Note>'.repeat(300)}</Invoice>`);
/** Keys written in turn: objects are replaced, as the inbox and archive see them, and the store stays small. */
const KEYS = 50;
const EMAIL: SendEmailCommandInput = {
  FromEmailAddress: 'collections@credit-control.local',
  Destination: { ToAddresses: ['ap@buyer.example'] },
  Content: {
    Simple: {
      Subject: { Data: 'Zahlungserinnerung LIS-2026-1001', Charset: 'UTF-8' },
      Body: { Text: { Data: 'Bitte zahlen Sie 1.000,43 EUR.\n'.repeat(20), Charset: 'UTF-8' }, Html: { Data: '<p>Bitte zahlen Sie 1.000,43 EUR.</p>'.repeat(20), Charset: 'UTF-8' } },
    },
  },
};

type PassName = 's3OverHttp' | 's3Twin' | 'sesOverHttp' | 'sesTwin';

export interface TwinFigures {
  readonly bodyBytes: number;
  readonly rounds: Readonly<Record<PassName, PassTiming>>;
  readonly putGetPairsPerSecond: { readonly overHttp: number; readonly twin: number };
  readonly sendEmailsPerSecond: { readonly overHttp: number; readonly twin: number };
  /** Twin rate over emulator rate, per round: how many times faster in process. */
  readonly s3Speedup: ReturnType<typeof roundRatios>;
  readonly sesSpeedup: ReturnType<typeof roundRatios>;
}

/**
 * The same SDK calls answered by the emulators over HTTP on loopback (s3rver, aws-ses-v2-local,
 * with local/emulators.ts's client settings) and by the twins attached to the clients, timed in
 * interleaved rounds in one run: a PutObject then a GetObject of its body, and one SendEmail.
 */
export async function benchTwins(): Promise<TwinFigures> {
  const emulators = await startEmulators();
  const overHttp = clientsFor(emulators);
  const s3Twin = new S3Twin({ clock: systemClock });
  const sesTwin = new SesTwin();
  const s3 = new S3Client({ region: LOCAL_AWS.region });
  const ses = new SESv2Client({ region: LOCAL_AWS.region });
  s3Twin.attachTo(s3);
  sesTwin.attachTo(ses);
  try {
    await createBucket(overHttp.s3, BUCKET);
    await createBucket(s3, BUCKET);
    let written = 0;
    const putGet = (client: S3Client) => async () => {
      const Key = `inbox/invoice-${written++ % KEYS}.xml`;
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: BODY }));
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
      await object.Body?.transformToByteArray();
    };
    const send = (client: SESv2Client) => async () => {
      await client.send(new SendEmailCommand(EMAIL));
    };
    const rounds = await timeRounds<PassName>(
      { s3OverHttp: putGet(overHttp.s3), s3Twin: putGet(s3), sesOverHttp: send(overHttp.ses), sesTwin: send(ses) },
      { warmupMs: 2_000, roundMs: 1_000, rounds: 7 },
    );
    return {
      bodyBytes: BODY.length,
      rounds,
      putGetPairsPerSecond: { overHttp: 1 / rounds.s3OverHttp.seconds, twin: 1 / rounds.s3Twin.seconds },
      sendEmailsPerSecond: { overHttp: 1 / rounds.sesOverHttp.seconds, twin: 1 / rounds.sesTwin.seconds },
      s3Speedup: roundRatios(rounds.s3OverHttp, rounds.s3Twin),
      sesSpeedup: roundRatios(rounds.sesOverHttp, rounds.sesTwin),
    };
  } finally {
    await s3Twin.close();
    await emulators.stop();
  }
}

export const twinsTable = (figures: TwinFigures): Table => ({
  title: 'Twins: S3 and SES answered in process against the emulators over HTTP (same run, interleaved rounds)',
  rows: [
    {
      call: `PutObject + GetObject (${figures.bodyBytes} B)`,
      'emulator /s': figures.putGetPairsPerSecond.overHttp,
      'twin /s': figures.putGetPairsPerSecond.twin,
      'x faster': figures.s3Speedup.median,
      'x range': `${figures.s3Speedup.min.toFixed(1)}-${figures.s3Speedup.max.toFixed(1)}`,
    },
    {
      call: 'SendEmail (Simple, text + HTML)',
      'emulator /s': figures.sendEmailsPerSecond.overHttp,
      'twin /s': figures.sendEmailsPerSecond.twin,
      'x faster': figures.sesSpeedup.median,
      'x range': `${figures.sesSpeedup.min.toFixed(1)}-${figures.sesSpeedup.max.toFixed(1)}`,
    },
  ],
  notes: ['emulator: s3rver and aws-ses-v2-local on loopback; twin: local/twin, memory only (as simulate runs it)', 'x faster: emulator seconds per call over twin seconds per call, median of the rounds'],
});
