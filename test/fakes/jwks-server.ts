import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTHeaderParameters,
  type JWTPayload,
  SignJWT,
} from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * An OIDC-style issuer on loopback: serves its JWKS like Google's securetoken endpoint and signs
 * RS256 tokens with its private key, so tests can mint Firebase-shaped ID tokens.
 */
export class FakeJwksServer {
  private server?: http.Server;
  private privateKey?: PrivateKey;
  readonly kid = 'fake-kid-1';
  /** The published key, as anyone (an attacker included) can read it. */
  publicJwk: JWK = {};
  jwksUrl = '';
  requests = 0;

  async start(): Promise<this> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
    this.privateKey = privateKey;
    this.publicJwk = { ...(await exportJWK(publicKey)), kid: this.kid, alg: 'RS256', use: 'sig' };
    const jwks = JSON.stringify({ keys: [this.publicJwk] });
    this.server = http.createServer((_req, res) => {
      this.requests++;
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'public, max-age=3600',
      });
      res.end(jwks);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.jwksUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/service_accounts/v1/jwk/securetoken`;
    return this;
  }

  /** A token signed by this issuer; `header` overrides let tests forge broken ones. */
  sign(
    payload: JWTPayload,
    opts: { expiresIn?: string | number; issuedAt?: number; kid?: string } = {},
  ): Promise<string> {
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? this.kid, typ: 'JWT' })
      .setIssuedAt(opts.issuedAt)
      .setExpirationTime(opts.expiresIn ?? '1h')
      .sign(this.privateKey!);
  }

  /** Exactly these claims under this header (no `iat`/`exp` added), for forged tokens. */
  signRaw(payload: JWTPayload, header: JWTHeaderParameters): Promise<string> {
    return new SignJWT(payload).setProtectedHeader(header).sign(this.privateKey!);
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
