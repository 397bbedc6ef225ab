/** What a verified ID token says about its bearer. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  email: string | null;
}

/**
 * Verifies the Bearer ID tokens of the key-management routes: against an external JWKS (OIDC,
 * Firebase) when configured, else against Soku's own local issuer.
 */
export abstract class IdTokenVerifier {
  /** Throws the v1 401 errors for expired, forged, unsigned or misaddressed tokens. */
  abstract verify(token: string): Promise<VerifiedIdentity>;
}
