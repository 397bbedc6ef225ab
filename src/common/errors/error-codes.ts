/** Every error code the API can answer with; the v1 reference's table plus Soku's additions. */
export const ErrorCode = {
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  NotFound: 'not_found',
  ValidationError: 'validation_error',
  IdempotencyConflict: 'idempotency_conflict',
  RateLimitExceeded: 'rate_limit_exceeded',
  UploadFailed: 'upload_failed',
  MediaInUse: 'media_in_use',
  RangeNotSatisfiable: 'range_not_satisfiable',
  MissingIntegrations: 'missing_integrations',
  PostCreationFailed: 'post_creation_failed',
  InsufficientCredits: 'insufficient_credits',
  // POST /v1/ai/transcribe's media errors, spelt as the v1 reference spells them.
  TranscribeMediaNotFound: 'MEDIA_NOT_FOUND',
  TranscribeMediaInvalid: 'MEDIA_INVALID',
  TranscribeUnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  TranscriptionRejected: 'transcription_rejected',
  TranscriptionUnavailable: 'transcription_unavailable',
  TranscriptionNotConfigured: 'transcription_not_configured',
  TranscriptionInProgress: 'transcription_in_progress',
  InternalError: 'internal_error',
  PayloadTooLarge: 'payload_too_large',
  UnsupportedMediaType: 'unsupported_media_type',
  MethodNotAllowed: 'method_not_allowed',
  Conflict: 'conflict',
  ServiceUnavailable: 'service_unavailable',
  // Any other 4xx the HTTP layer raises.
  InvalidRequest: 'invalid_request',
  // Posts' state conflicts.
  PostNotCancellable: 'post_not_cancellable',
  NothingToRetry: 'nothing_to_retry',
  // Webhooks' state conflicts.
  WebhookDisabled: 'webhook_disabled',
  DeliveryPending: 'delivery_pending',
  // Connecting platform accounts (integrations).
  PlatformNotConfigured: 'platform_not_configured',
  InvalidOAuthState: 'invalid_oauth_state',
  AuthorizationDenied: 'authorization_denied',
  OAuthExchangeFailed: 'oauth_exchange_failed',
  PlatformError: 'platform_error',
  PlatformUnavailable: 'platform_unavailable',
  NoAccountsFound: 'no_accounts_found',
  AccountIdTaken: 'account_id_taken',
  TokenRefreshFailed: 'token_refresh_failed',
  PlatformTokenRejected: 'platform_token_rejected',
  AccountNotInToken: 'account_not_in_token',
  AccountChoiceRequired: 'account_choice_required',
  AccountInAnotherProfile: 'account_in_another_profile',
  // Why an automation run failed for good (its run record and webhook event carry the code).
  NothingToTranscribe: 'nothing_to_transcribe',
  WebhookUnavailable: 'webhook_unavailable',
  PostNotPublished: 'post_not_published',
  PostStillPublishing: 'post_still_publishing',
  // PATCH /v1/posts/:id once a run has started.
  PostNotEditable: 'post_not_editable',
  // Profiles (an agency's clients).
  ProfileNotFound: 'profile_not_found',
  ProfileForbidden: 'profile_forbidden',
  ProfileNameTaken: 'profile_name_taken',
  DefaultProfile: 'default_profile',
  ProfileHasPendingPosts: 'profile_has_pending_posts',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_TYPES = ['invalid_request_error', 'authentication_error', 'api_error'] as const;
export type ErrorType = (typeof ERROR_TYPES)[number];

/** The v1 mapping: 401/403 authentication, other 4xx invalid request, 5xx api error. */
export function errorTypeFor(status: number): ErrorType {
  if (status === 401 || status === 403) {
    return 'authentication_error';
  }
  return status >= 500 ? 'api_error' : 'invalid_request_error';
}
