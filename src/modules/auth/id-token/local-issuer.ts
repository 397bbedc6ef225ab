import { ensurePrivateDir } from '../../../common/private-dir';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from 'jose';
import { IdTokenVerifier, type VerifiedIdentity } from './id-token-verifier';
import { verifyJwt } from './verify-jwt';

export const LOCAL_ISSUER = 'urn:soku:local';
export const LOCAL_AUDIENCE = 'soku';
const ALG = 'RS256';

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/**
 * Soku as its own ID-token issuer when no external one is configured (embedded mode). Its key
 * pair lives in the data dir, so the server and the CLI (which mints tokens) share it; the
 * public half is served at /.well-known/jwks.json.
 */
export class LocalIssuer extends IdTokenVerifier {
  private stored?: Promise<StoredKey>;

  constructor(
    private readonly dataDir: string,
    private readonly maxLifetimeSeconds: number,
  ) {
    super();
  }

  async verify(token: string): Promise<VerifiedIdentity> {
    return verifyJwt(token, createLocalJWKSet(await this.jwks()), {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      maxLifetimeSeconds: this.maxLifetimeSeconds,
    });
  }

  async jwks(): Promise<JSONWebKeySet> {
    const { publicJwk } = await this.key();
    return { keys: [publicJwk] };
  }

  async mint(subject: string, email: string | null, ttlSeconds = 3600): Promise<string> {
    const { kid, privateJwk } = await this.key();
    return new SignJWT(email ? { email } : {})
      .setProtectedHeader({ alg: ALG, kid, typ: 'JWT' })
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(subject)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(await importJWK(privateJwk, ALG));
  }

  private key(): Promise<StoredKey> {
    this.stored ??= this.loadOrCreate();
    return this.stored;
  }

  private async loadOrCreate(): Promise<StoredKey> {
    const file = path.join(this.dataDir, 'auth', 'local-issuer.jwk.json');
    if (!fs.existsSync(file)) {
      const { privateKey, publicKey } = await generateKeyPair(ALG, { extractable: true });
      const kid = `soku-${Date.now().toString(36)}`;
      const key: StoredKey = {
        kid,
        privateJwk: { ...(await exportJWK(privateKey)), kid, alg: ALG, use: 'sig' },
        publicJwk: { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' },
      };
      ensurePrivateDir(path.dirname(file));
      try {
        // 'wx': if another process created the key meanwhile, keep theirs.
        fs.writeFileSync(file, JSON.stringify(key), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw error;
        }
      }
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')) as StoredKey;
  }
}
