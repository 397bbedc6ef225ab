export * from './app-error';
export * from './error-codes';
export * from './dependency-unavailable';
export * from './documented-messages';
export * from './rate-limit-exceeded';
