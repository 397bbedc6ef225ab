import { randomBytes } from 'node:crypto';

/** Standard Webhooks: `whsec_` + base64 of 24–64 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/**
 * The vault context of an endpoint's signing secret: a ciphertext copied into another endpoint's
 * row does not decrypt, so it cannot sign that endpoint's events.
 */
export function webhookSecretContext(endpointId: string): string {
  return `webhook:${endpointId}:secret`;
}
