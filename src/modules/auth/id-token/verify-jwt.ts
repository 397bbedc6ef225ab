import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { ExpiredIdTokenError, InvalidIdTokenError } from '../auth.errors';
import type { VerifiedIdentity } from './id-token-verifier';

/** Asymmetric algorithms only: `none` and HMAC (key-confusion attacks) are refused. */
const ALGORITHMS = ['RS256', 'ES256'];
/** Clock skew allowed between the issuer and us, for `exp`, `nbf` and `iat`. */
const CLOCK_TOLERANCE_SECONDS = 5;

export interface JwtExpectations {
  issuer: string;
  audience: string;
  /** The longest `exp - iat` accepted: a stolen long-lived token would never stop working. */
  maxLifetimeSeconds: number;
}

export async function verifyJwt(
  token: string,
  keys: JWTVerifyGetKey,
  { issuer, audience, maxLifetimeSeconds }: JwtExpectations,
): Promise<VerifiedIdentity> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer,
      audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      // Also refuses an `iat` in the future beyond the tolerance.
      maxTokenAge: maxLifetimeSeconds,
    }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw new ExpiredIdTokenError();
    }
    throw new InvalidIdTokenError();
  }
  // An empty `sub` would make every such token one shared user (Firebase: "non-empty string").
  if (payload.exp! - payload.iat! > maxLifetimeSeconds || !payload.sub) {
    throw new InvalidIdTokenError();
  }
  return {
    issuer,
    subject: payload.sub,
    email: typeof payload.email === 'string' ? payload.email : null,
  };
}
