import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { statementParseCommand } from '../../../../local/cli/statement';
import { statementPath } from '../../../support/shared';

const run = async (files: string[], maxBytes?: number) => {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const status = await statementParseCommand(files, maxBytes === undefined ? {} : { maxBytes }, out);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  return { status, lines };
};

describe('statementParseCommand', () => {
  it('refuses a file above --max-bytes unread, and goes on with the next', async () => {
    const big = statementPath('camt054-v02-fffs-finland-sample.xml');
    const small = statementPath('mt940-rabobank-nl-creditor-reference.txt');
    const { status, lines } = await run([big, small], 1_000);
    expect(lines[0]).toEqual({ source: big, error: { code: 'too-large', message: expect.stringMatching(/the limit is 1000 bytes/) } });
    expect(lines[1]).toMatchObject({ source: small, format: 'mt940' });
    expect(status).toBe(1);
  });

  it('says a missing file cannot be opened', async () => {
    const { lines } = await run(['/nonexistent/statement.xml']);
    expect(lines[0]).toEqual({ source: '/nonexistent/statement.xml', error: { code: 'unreadable-file', message: 'cannot open file (ENOENT)' } });
  });

  it('exits 0 when every file is read', async () => expect((await run([statementPath('camt053-v08-ubs-ch.xml')])).status).toBe(0));
});
