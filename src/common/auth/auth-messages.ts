/**
 * The messages of the v1 Authentication errors table, verbatim. Shared by the auth module (which
 * answers for credentials) and the api-keys module (which knows whether a key is valid).
 */
export const AuthMessages = {
  MissingApiKey: 'Missing or invalid soku-api-key',
  InvalidApiKey: 'Invalid API key',
  RevokedApiKey: 'API key revoked',
  SubscriptionRequired: 'Subscription required',
  SubscriptionInactive: 'Subscription inactive or expired',
  MissingIdToken: 'Missing or invalid Authorization: Bearer <ID token>',
  ExpiredIdToken: 'ID token expired',
  InvalidIdToken: 'Invalid ID token',
} as const;
