import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from '../../../config/auth.config';
import { IdTokenVerifier, type VerifiedIdentity } from './id-token-verifier';
import { verifyJwt } from './verify-jwt';

/**
 * Tokens from an external issuer. With Google's securetoken JWKS, issuer
 * `https://securetoken.google.com/<project>` and audience `<project>`, real Firebase ID tokens
 * verify. jose caches the key set and refetches it when a token names an unknown `kid`.
 */
export class RemoteJwksVerifier extends IdTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly external: NonNullable<AuthConfig['external']>,
    private readonly maxLifetimeSeconds: number,
  ) {
    super();
    this.keys = createRemoteJWKSet(new URL(external.jwksUrl), {
      timeoutDuration: 5000,
      cooldownDuration: 30_000,
      cacheMaxAge: 10 * 60_000,
    });
  }

  verify(token: string): Promise<VerifiedIdentity> {
    const { issuer, audience } = this.external;
    return verifyJwt(token, this.keys, {
      issuer,
      audience,
      maxLifetimeSeconds: this.maxLifetimeSeconds,
    });
  }
}
