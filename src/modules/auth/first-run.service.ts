import { Injectable } from '@nestjs/common';
import { ApiKeysService } from '../api-keys';
import { IdTokenVerifier } from './id-token/id-token-verifier';
import { LocalIssuer } from './id-token/local-issuer';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { isUniqueViolation } from '../../database/unique-violation';

export const DEMO_EMAIL = 'demo@soku.local';

export interface DemoUser {
  email: string;
  userId: string;
  apiKey: string;
  idToken: string;
}

/** The embedded mode's first start: a demo user, so a new install can be tried at once. */
@Injectable()
export class FirstRunService {
  constructor(
    private readonly usersRepository: UsersRepository,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly verifier: IdTokenVerifier,
  ) {}

  /** Creates the demo user when the database has no users; null when it already had some. */
  async ensureDemoUser(): Promise<DemoUser | null> {
    if (!(this.verifier instanceof LocalIssuer) || (await this.usersRepository.count()) > 0) {
      return null;
    }
    let user;
    try {
      user = await this.users.createLocal(DEMO_EMAIL, false);
    } catch (error) {
      // Another process created it first.
      if (isUniqueViolation(error)) {
        return null;
      }
      throw error;
    }
    await this.users.setSubscription(user.id, 'active', new Date(Date.now() + 365 * 86_400_000));
    const { apiKey } = await this.apiKeys.create(user.id, 'default');
    const idToken = await this.verifier.mint(user.authSubject, DEMO_EMAIL);
    return { email: DEMO_EMAIL, userId: user.id, apiKey, idToken };
  }
}
