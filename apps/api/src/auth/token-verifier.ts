import { Injectable } from '@nestjs/common';
import {
  createRemoteJWKSet,
  importSPKI,
  jwtVerify,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  type CryptoKey,
} from 'jose';
import type { EnvironmentConfig } from '@app/config';
import { type Actor, isRole } from './roles';

/** Development mode's fixed tokens (docs/http-api.md); never accepted when NODE_ENV=production. */
const DEV_TOKENS: Record<string, Actor> = {
  'dev-front-desk': { id: 'dev-front-desk', role: 'front-desk' },
  'dev-nurse': { id: 'dev-nurse', role: 'nurse' },
  'dev-physician': { id: 'dev-physician', role: 'physician' },
  'dev-admin': { id: 'dev-admin', role: 'admin' },
};

export class InvalidTokenError extends Error {}

/** Verifies bearer tokens: signed JWTs (issuer, audience, expiry, a `role` claim) and, in development, the fixed tokens. */
@Injectable()
export class TokenVerifier {
  private key?: Promise<Uint8Array | CryptoKey | JWTVerifyGetKey>;

  constructor(private readonly config: Pick<EnvironmentConfig, 'devTokens' | 'jwt'>) {}

  async verify(token: string): Promise<Actor> {
    if (this.config.devTokens && DEV_TOKENS[token]) return DEV_TOKENS[token];
    const jwt = this.config.jwt;
    if (!jwt) throw new InvalidTokenError('unknown token');
    const options: JWTVerifyOptions = {
      issuer: jwt.issuer,
      audience: jwt.audience,
      requiredClaims: ['exp', 'sub'],
      clockTolerance: 5,
    };
    const key = await this.verificationKey();
    let payload: Record<string, unknown>;
    try {
      // jwtVerify is overloaded on the key's type; both overloads return the payload.
      payload = (
        typeof key === 'function'
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options)
      ).payload;
    } catch {
      throw new InvalidTokenError('invalid token');
    }
    if (!isRole(payload.role)) throw new InvalidTokenError('token has no known role claim');
    return { id: String(payload.sub), role: payload.role };
  }

  private verificationKey(): Promise<Uint8Array | CryptoKey | JWTVerifyGetKey> {
    const jwt = this.config.jwt!;
    this.key ??= (async () => {
      if (jwt.jwksUrl) return createRemoteJWKSet(new URL(jwt.jwksUrl));
      if (jwt.publicKeyPem) {
        const alg = jwt.publicKeyPem.includes('BEGIN PUBLIC KEY') ? 'RS256' : 'ES256';
        return importSPKI(jwt.publicKeyPem, alg);
      }
      return new TextEncoder().encode(jwt.secret!);
    })();
    return this.key;
  }
}
