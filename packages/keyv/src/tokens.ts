import { fingerprint, type OperationContext } from '@coatcheck/core';
import type { Backend } from './backend.js';
import { decodeToken, encodeToken } from './codec.js';

/** The token blacklist: one entry per token id, kept until the token's own expiry. */
export class Tokens {
  constructor(readonly backend: Backend) {}

  /** One read and one write; an entry already there with a later end is kept. */
  async revoke(jti: string, expiresAt: number, ctx: OperationContext): Promise<void> {
    if (expiresAt <= ctx.now) return;
    const key = await this.backend.keys.token(jti);
    const [raw] = await this.backend.client.getMany([key]);
    const until = Math.max(expiresAt, raw === undefined ? 0 : (decodeToken(raw) ?? 0));
    await this.backend.client.setMany([{ key, value: encodeToken(until), ttl: until - ctx.now }]);
  }

  /** An entry that cannot be decoded counts as revoked (fail closed) and is logged. */
  async isRevoked(jti: string, ctx: OperationContext): Promise<boolean> {
    const [raw] = await this.backend.client.getMany([await this.backend.keys.token(jti)]);
    if (raw === undefined) return false;
    const until = decodeToken(raw);
    if (until === null) {
      ctx.logger.error('coatcheck/keyv: undecodable blacklist entry read as revoked', {
        token: fingerprint(jti),
      });
      return true;
    }
    return until > ctx.now;
  }
}
