import { emailClaimKey } from './keys';
import type { LedgerTable } from './table';

/** At most one e-mail per key: a claim before sending, the message id after. */
export interface SendClaims {
  /** 'claimed' when this caller may send; otherwise what an earlier attempt left. */
  claim(key: string, claimedAt: string): Promise<'claimed' | { readonly messageId: string | null }>;
  confirm(key: string, messageId: string): Promise<void>;
  /** Gives the key back after a send that certainly failed, so a retry sends. */
  release(key: string): Promise<void>;
}

export class DynamoSendClaims implements SendClaims {
  constructor(private readonly table: LedgerTable) {}

  async claim(key: string, claimedAt: string): Promise<'claimed' | { readonly messageId: string | null }> {
    if (await this.table.put('PutItem e-mail claim', emailClaimKey(key), 'email', { claimedAt })) return 'claimed';
    const existing = await this.table.get('GetItem e-mail claim', emailClaimKey(key));
    return { messageId: typeof existing?.messageId === 'string' ? existing.messageId : null };
  }

  async confirm(key: string, messageId: string): Promise<void> {
    await this.table.update('UpdateItem e-mail claim', emailClaimKey(key), { expression: 'SET messageId = :id', values: { ':id': messageId } });
  }

  async release(key: string): Promise<void> {
    await this.table.delete('DeleteItem e-mail claim', emailClaimKey(key));
  }
}
