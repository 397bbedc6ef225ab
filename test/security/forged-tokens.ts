import { SignJWT } from 'jose';
import type { FakeJwksServer } from '../fakes/jwks-server';
import { tamperedToken, unsignedToken } from '../utils/jwt';

export interface ForgedToken {
  name: string;
  token: string;
  /** The 401 message Soku must answer with. */
  message: 'Invalid ID token' | 'ID token expired';
}

interface Issuers {
  issuer: string;
  audience: string;
  /** The issuer Soku trusts (its JWKS is configured). */
  real: FakeJwksServer;
  /** A key pair the attacker controls, with a JWKS of its own on loopback. */
  attacker: FakeJwksServer;
}

const INVALID = 'Invalid ID token';

/**
 * The red team's forged ID tokens (issue 20), each one way a token can lie about who sent it or
 * for how long it holds. Claims follow Firebase's layout
 * (https://firebase.google.com/docs/auth/admin/verify-id-tokens, "Verify ID tokens using a
 * third-party JWT library": RS256 only, kid from the published keys, exp in the future, iat in
 * the past, aud = project, iss = securetoken URL, non-empty sub).
 */
export async function forgedTokens({
  issuer,
  audience,
  real,
  attacker,
}: Issuers): Promise<ForgedToken[]> {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: issuer, aud: audience, sub: 'victim', iat: now, exp: now + 600 };
  const header = { alg: 'RS256', kid: real.kid, typ: 'JWT' };
  const honest = await real.signRaw(claims, header);
  const [head, body] = honest.split('.');
  const otherSignature = (await real.signRaw({ ...claims, sub: 'attacker' }, header)).split('.')[2];
  const without = (claim: keyof typeof claims) =>
    real.signRaw(Object.fromEntries(Object.entries(claims).filter(([k]) => k !== claim)), header);
  const hmacWithPublicKey = (alg: 'HS256' | 'HS512') =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid: real.kid, typ: 'JWT' })
      .sign(new TextEncoder().encode(JSON.stringify(real.publicJwk)));
  const list: [string, Promise<string> | string, ForgedToken['message']?][] = [
    ['unsigned, alg none', unsignedToken(claims)],
    ['unsigned, alg None', unsignedWithHeader({ alg: 'None', typ: 'JWT' }, body)],
    ['HS256 keyed with the published public key', hmacWithPublicKey('HS256')],
    ['HS512 keyed with the published public key', hmacWithPublicKey('HS512')],
    ['signature stripped', `${head}.${body}.`],
    ["another token's signature spliced in", `${head}.${body}.${otherSignature}`],
    ['subject changed, signature kept', tamperedToken(honest, { sub: 'admin' })],
    ['email changed, signature kept', tamperedToken(honest, { email: 'admin@soku.local' })],
    ['exp extended, signature kept', tamperedToken(honest, { exp: now + 10 * 365 * 86_400 })],
    ['signed by another key under the real kid', attacker.signRaw(claims, header)],
    ['an unknown kid', attacker.signRaw(claims, { ...header, kid: 'attacker-kid' })],
    [
      "a jku naming the attacker's JWKS",
      attacker.signRaw(claims, { ...header, kid: attacker.kid, jku: attacker.jwksUrl }),
    ],
    [
      "the attacker's key embedded as jwk",
      attacker.signRaw(claims, { ...header, jwk: attacker.publicJwk }),
    ],
    [
      'another issuer',
      real.signRaw({ ...claims, iss: 'https://securetoken.google.com/other' }, header),
    ],
    ['another audience', real.signRaw({ ...claims, aud: 'other-project' }, header)],
    ['an audience list without ours', real.signRaw({ ...claims, aud: ['a', 'b'] }, header)],
    [
      'expired',
      real.signRaw({ ...claims, iat: now - 7200, exp: now - 3600 }, header),
      'ID token expired',
    ],
    ['not valid before an hour from now', real.signRaw({ ...claims, nbf: now + 3600 }, header)],
    [
      'issued an hour in the future',
      real.signRaw({ ...claims, iat: now + 3600, exp: now + 7200 }, header),
    ],
    ['a 10-year lifetime', real.signRaw({ ...claims, exp: now + 10 * 365 * 86_400 }, header)],
    ['no subject', without('sub')],
    ['an empty subject', real.signRaw({ ...claims, sub: '' }, header)],
    ['no expiry', without('exp')],
    ['no issued-at', without('iat')],
    ['not a JWT', 'not.a.jwt'],
    ['two parts', `${head}.${body}`],
  ];
  return Promise.all(
    list.map(async ([name, token, message = INVALID]) => ({ name, token: await token, message })),
  );
}

function unsignedWithHeader(header: object, body: string): string {
  return `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${body}.`;
}
