import { PLATFORM_VALUES } from '../common/platforms';

/**
 * What each command is called and takes, for parsing and --help. Kept free of the services so
 * that `--help` and usage errors answer without loading the application.
 */

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  /** The placeholder shown in help: `--email <email>`. */
  value?: string;
}

export interface CommandSpec {
  description: string;
  options: Record<string, OptionSpec>;
}

const SUBSCRIPTIONS = 'trialing|active|expired|none';
const STATUSES = 'trialing|active|past_due|canceled|expired|none';

const emailOption: OptionSpec = {
  type: 'string',
  value: 'email',
  description: "the user's email address (required)",
};
const profileOption: OptionSpec = {
  type: 'string',
  value: 'id',
  description: "one of the user's profiles (its id); the default profile when omitted",
};
const periodEnd: OptionSpec = {
  type: 'string',
  value: 'ISO',
  description: 'end of the subscription period, an ISO 8601 date (default: a year ahead if active)',
};

export const COMMAND_CATALOG = {
  'users:create': {
    description: 'Create a local user with a subscription, an API key and an ID token.',
    options: {
      email: emailOption,
      subscription: {
        type: 'string',
        value: SUBSCRIPTIONS,
        description: 'subscription status (default: active)',
      },
      'period-end': periodEnd,
      admin: { type: 'boolean', description: 'flag the user as an admin (/admin/*)' },
    },
  },
  'users:token': {
    description: 'Mint a one-hour ID token for a user from the local issuer.',
    options: { email: emailOption },
  },
  'subscriptions:set': {
    description: "Set a user's subscription status and period end.",
    options: {
      email: emailOption,
      status: { type: 'string', value: STATUSES, description: 'the new status (required)' },
      'period-end': periodEnd,
    },
  },
  'api-keys:create': {
    description: 'Create an API key for a user; the key is printed once.',
    options: {
      email: emailOption,
      name: { type: 'string', value: 'name', description: 'a label, 1 to 100 characters' },
    },
  },
  'credits:grant': {
    description: "Add AI credits to a user's balance.",
    options: {
      email: emailOption,
      amount: { type: 'string', value: 'N', description: 'whole credits, 1 to 1000000 (required)' },
      reason: { type: 'string', value: 'text', description: 'why, kept in the ledger' },
    },
  },
  'integrations:add': {
    description: 'Connect a platform account by hand (a sandbox, or with its tokens).',
    options: {
      email: emailOption,
      platform: {
        type: 'string',
        value: 'platform',
        description: `one of ${PLATFORM_VALUES.join(', ')} (required)`,
      },
      'account-id': {
        type: 'string',
        value: 'id',
        description: 'the accountId posts target, 1 to 128 of [A-Za-z0-9_.:@-] (required)',
      },
      sandbox: { type: 'boolean', description: 'record posts locally instead of publishing' },
      'access-token': {
        type: 'string',
        value: 'token',
        description: 'the platform access token (required unless --sandbox)',
      },
      'refresh-token': { type: 'string', value: 'token', description: 'the refresh token' },
      'expires-at': {
        type: 'string',
        value: 'ISO',
        description: 'when the access token expires, an ISO 8601 date-time',
      },
      'display-name': { type: 'string', value: 'name', description: 'a name to show' },
      'platform-account-id': {
        type: 'string',
        value: 'id',
        description: "which of the token's accounts to add, when it gives several",
      },
      profile: profileOption,
    },
  },
  'integrations:list': {
    description: "List a user's connected accounts in one profile.",
    options: { email: emailOption, profile: profileOption },
  },
} satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMAND_CATALOG;
