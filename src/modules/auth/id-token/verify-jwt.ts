import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { authErrors } from '../auth.errors';
import type { VerifiedIdentity } from './id-token-verifier';

/** Asymmetric algorithms only: `none` and HMAC (key-confusion attacks) are refused. */
const ALGORITHMS = ['RS256', 'ES256'];

export async function verifyJwt(
  token: string,
  keys: JWTVerifyGetKey,
  issuer: string,
  audience: string,
): Promise<VerifiedIdentity> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      issuer,
      audience,
      algorithms: ALGORITHMS,
      requiredClaims: ['sub', 'exp', 'iat'],
      clockTolerance: 5,
    });
    return {
      issuer,
      subject: payload.sub!,
      email: typeof payload.email === 'string' ? payload.email : null,
    };
  } catch (error) {
    if (error instanceof errors.JWTExpired) {
      throw authErrors.expiredIdToken();
    }
    throw authErrors.invalidIdToken();
  }
}
