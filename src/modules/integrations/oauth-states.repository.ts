import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { OAuthStateEntity } from './entities/oauth-state.entity';

@Injectable()
export class OAuthStatesRepository {
  constructor(
    @InjectRepository(OAuthStateEntity) private readonly states: Repository<OAuthStateEntity>,
  ) {}

  async insert(state: Omit<OAuthStateEntity, 'createdAt'>): Promise<void> {
    await this.states.delete({ expiresAt: LessThan(new Date()) });
    await this.states.insert(state);
  }

  /**
   * Takes the state out in one statement, so two callbacks racing with the same state cannot
   * both succeed. The callback is where the user is established, so this is by state alone.
   */
  async consume(stateHash: string): Promise<OAuthStateEntity | null> {
    // For DELETE … RETURNING, TypeORM's postgres driver answers [rows, rowCount].
    const [rows] = await this.states.query<[Record<string, unknown>[], number]>(
      `DELETE FROM oauth_states WHERE state_hash = $1 AND expires_at > now()
        RETURNING user_id, profile_id, platform, code_verifier`,
      [stateHash],
    );
    const row = rows[0];
    if (!row) {
      return null;
    }
    return this.states.create({
      stateHash,
      userId: row.user_id as string,
      profileId: row.profile_id as string,
      platform: row.platform as OAuthStateEntity['platform'],
      codeVerifier: row.code_verifier as string | null,
    });
  }
}
