import type { INestApplicationContext } from '@nestjs/common';
import { ApiKeysService } from '../modules/api-keys';
import {
  SUBSCRIPTION_STATUSES,
  type SubscriptionStatus,
  NotLocalUserError,
  IdTokenVerifier,
  LocalIssuer,
  UsersService,
} from '../modules/auth';
import { CreditsService } from '../modules/credits';
import type { CommandName } from './command-catalog';
import { type Command, email, type Options, required, UsageError } from './cli-options';
import { integrationCommands } from './integration-commands';
import { isUniqueViolation } from '../database/unique-violation';

const DEFAULT_PERIOD_DAYS = 365;
const MAX_GRANT = 1_000_000;

function subscriptionStatus(value: string): SubscriptionStatus | null {
  if (value === 'none') {
    return null;
  }
  if (!(SUBSCRIPTION_STATUSES as readonly string[]).includes(value)) {
    throw new UsageError(
      `--status must be one of: ${[...SUBSCRIPTION_STATUSES, 'none'].join(', ')}`,
    );
  }
  return value as SubscriptionStatus;
}

/** --period-end, or a year ahead for an active subscription. */
function periodEnd(options: Options, status: SubscriptionStatus | null): Date | null {
  const raw = options['period-end'];
  if (typeof raw === 'string') {
    const date = new Date(raw);
    if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) {
      throw new UsageError(`--period-end: "${raw}" is not an ISO 8601 date`);
    }
    return date;
  }
  return status === 'active' ? new Date(Date.now() + DEFAULT_PERIOD_DAYS * 86_400_000) : null;
}

async function mintToken(
  app: INestApplicationContext,
  subject: string,
  address: string,
): Promise<string> {
  const verifier = app.get(IdTokenVerifier);
  if (!(verifier instanceof LocalIssuer)) {
    throw new NotLocalUserError(address);
  }
  return verifier.mint(subject, address);
}

export const COMMANDS: Record<CommandName, Command> = {
  'users:create': {
    async run(app, options) {
      const address = email(options);
      const status = subscriptionStatus((options.subscription as string | undefined) ?? 'active');
      const end = periodEnd(options, status);
      const users = app.get(UsersService);
      const user = await users
        .createLocal(address, options.admin === true)
        .catch((error: unknown) => {
          throw isUniqueViolation(error)
            ? new UsageError(`A user with email ${address} already exists`)
            : error;
        });
      await users.setSubscription(user.id, status, end);
      const { apiKey } = await app.get(ApiKeysService).create(user.id, 'default');
      const idToken = await mintToken(app, user.authSubject, address);
      return { userId: user.id, email: address, apiKey, idToken };
    },
  },
  'users:token': {
    async run(app, options) {
      const address = email(options);
      const user = await app.get(UsersService).getByEmail(address);
      return { idToken: await mintToken(app, user.authSubject, address) };
    },
  },
  'subscriptions:set': {
    async run(app, options) {
      const users = app.get(UsersService);
      const user = await users.getByEmail(email(options));
      const status = subscriptionStatus(required(options, 'status'));
      const end = periodEnd(options, status);
      await users.setSubscription(user.id, status, end);
      return {
        userId: user.id,
        status: status ?? 'none',
        currentPeriodEnd: end?.toISOString() ?? null,
      };
    },
  },
  'api-keys:create': {
    async run(app, options) {
      const user = await app.get(UsersService).getByEmail(email(options));
      const name = typeof options.name === 'string' ? options.name : null;
      if (name !== null && (name.length < 1 || name.length > 100)) {
        throw new UsageError('--name must be 1 to 100 characters');
      }
      return app.get(ApiKeysService).create(user.id, name);
    },
  },
  'credits:grant': {
    async run(app, options) {
      const user = await app.get(UsersService).getByEmail(email(options));
      const raw = required(options, 'amount');
      const amount = Number(raw);
      if (!/^\d+$/.test(raw) || amount < 1 || amount > MAX_GRANT) {
        throw new UsageError(`--amount must be a whole number of credits from 1 to ${MAX_GRANT}`);
      }
      const reason = typeof options.reason === 'string' ? options.reason.trim() : '';
      const balance = await app
        .get(CreditsService)
        .grant(user.id, amount, reason === '' ? 'granted by an operator' : reason.slice(0, 200));
      return { userId: user.id, granted: amount, balance };
    },
  },
  ...integrationCommands,
};
