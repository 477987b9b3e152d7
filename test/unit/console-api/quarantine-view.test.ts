import { describe, expect, it } from 'vitest';
import type { QuarantineReason } from '../../../functions/domain/intake';
import { DiscardRequest, QUARANTINE_QUERY, quarantinePage, settledText } from '../../../functions/console-api/quarantine-view';
import { readQuery } from '../../../functions/console-api/query';

const entry = (fileId: string, receivedAt: string, fields: Partial<QuarantineReason> = {}): QuarantineReason => ({
  code: 'not-an-einvoice',
  message: 'not an e-invoice: root element <Order>',
  sourceKey: `inbox/${fileId}.xml`,
  fileId,
  receivedAt,
  quarantinedAt: receivedAt,
  ...fields,
});

describe('quarantinePage', () => {
  const entries = [
    entry('F-1', '2026-03-01T10:00:00.000Z', { released: { by: 'maria@example.com', at: '2026-03-02T10:00:00.000Z' } }),
    entry('F-2', '2026-03-03T10:00:00.000Z'),
    entry('F-3', '2026-03-04T10:00:00.000Z', { discarded: { by: 'maria@example.com', at: '2026-03-05T10:00:00.000Z', reason: 'a purchase order, sent by mistake' } }),
    entry('F-4', '2026-03-06T10:00:00.000Z'),
  ];
  const page = (query: string) => quarantinePage(entries, readQuery(QUARANTINE_QUERY, new URLSearchParams(query)));

  it('lists the files waiting for a person, newest first, unless asked for another state', () => {
    expect(page('').rows.map((row) => [row.fileId, row.state])).toEqual([
      ['F-4', 'open'],
      ['F-2', 'open'],
    ]);
    expect(page('state=discarded').rows).toEqual([expect.objectContaining({ fileId: 'F-3', state: 'discarded', discarded: { by: 'maria@example.com', at: '2026-03-05T10:00:00.000Z', reason: 'a purchase order, sent by mistake' } })]);
    expect(page('state=released').rows.map((row) => row.fileId)).toEqual(['F-1']);
    expect(page('state=all&limit=3')).toMatchObject({ total: 4, rows: [{ fileId: 'F-4' }, { fileId: 'F-3' }, { fileId: 'F-2' }] });
    expect(() => page('state=gone')).toThrow('query.state: must be one of open, released, discarded, all');
  });

  it('says who settled a file no longer waiting, and how', () => {
    expect(settledText(entries[0]!)).toBe('was already put back by maria@example.com at 2026-03-02T10:00:00.000Z');
    expect(settledText(entries[2]!)).toBe('was set aside by maria@example.com at 2026-03-05T10:00:00.000Z: a purchase order, sent by mistake');
    expect(settledText(entries[1]!)).toBeNull();
  });

  it('asks a reason to set a file aside, of at most 500 characters', () => {
    expect(DiscardRequest.safeParse({ reason: '  ' }).success).toBe(false);
    expect(DiscardRequest.safeParse({ reason: 'x'.repeat(501) }).success).toBe(false);
    expect(DiscardRequest.safeParse({ reason: 'sent twice', by: 'someone' }).success).toBe(false);
    expect(DiscardRequest.parse({ reason: ' sent twice ' })).toEqual({ reason: 'sent twice' });
  });
});
