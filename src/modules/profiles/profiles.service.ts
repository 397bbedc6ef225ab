import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser, Scope } from '../../common/auth/route-auth';
import { fetchRows, type PageRequest } from '../../common/pagination/page';
import { isUuid } from '../../common/validation/uuid';
import type { DeletedProfileDto, ProfileDto, ProfileListDto } from './dto/profile.dto';
import type { Profile } from './profile';
import { ProfileDeletions } from './profile-deletions';
import {
  DefaultProfileError,
  MalformedProfileHeaderError,
  ProfileForbiddenError,
  ProfileHasPendingPostsError,
  ProfileNameTakenError,
  ProfileNotFoundError,
} from './profiles.errors';
import { ProfilesRepository } from './profiles.repository';

/** Who manages profiles: a user, through a key that may be bound to one of them. */
export type ProfileCaller = Pick<AuthenticatedUser, 'userId' | 'boundProfileId'>;

const MANAGE_FORBIDDEN = 'An API key bound to a profile cannot create, rename or delete profiles';

@Injectable()
export class ProfilesService {
  constructor(
    private readonly profiles: ProfilesRepository,
    private readonly deletions: ProfileDeletions,
  ) {}

  /**
   * The profile a request acts in: `Soku-Profile`'s (400 when it is no id, 404 when it is not
   * one of the caller's live profiles), else the bound key's, else the default (the user's id,
   * known without a lookup). A bound key naming another profile is a 403.
   */
  async resolve(caller: ProfileCaller, header: string | undefined): Promise<string> {
    const named = header?.trim();
    if (!named) {
      return caller.boundProfileId ?? caller.userId;
    }
    if (!isUuid(named)) {
      throw new MalformedProfileHeaderError(named);
    }
    const id = named.toLowerCase();
    if (caller.boundProfileId !== null && caller.boundProfileId !== id) {
      throw new ProfileForbiddenError();
    }
    if (id !== caller.userId && !(await this.profiles.exists(caller.userId, id))) {
      throw new ProfileNotFoundError();
    }
    return id;
  }

  /** A live profile of the user (for binding a key to it), or the 404. */
  async requireLive(userId: string, id: string): Promise<void> {
    if (!isUuid(id) || !(await this.profiles.exists(userId, id.toLowerCase()))) {
      throw new ProfileNotFoundError();
    }
  }

  async create(caller: ProfileCaller, name: string): Promise<ProfileDto> {
    this.requireUnbound(caller);
    const profile = await this.profiles.insert(caller.userId, name);
    if (!profile) {
      throw new ProfileNameTakenError(name);
    }
    return toDto(profile);
  }

  /** The user's live profiles, newest first; a bound key sees only its own. */
  async list(caller: ProfileCaller, query: PageRequest): Promise<ProfileListDto> {
    if (caller.boundProfileId !== null) {
      const own = await this.profiles.find(caller.userId, caller.boundProfileId);
      return { data: own && !query.cursor ? [toDto(own)] : [], nextCursor: null };
    }
    const page = await fetchRows(
      query,
      (rows, before) => this.profiles.listPage(caller.userId, rows, before),
      (profile) => profile,
    );
    return { data: page.data.map(toDto), nextCursor: page.nextCursor };
  }

  async get(caller: ProfileCaller, id: string): Promise<ProfileDto> {
    return toDto(await this.visible(caller, id));
  }

  async rename(caller: ProfileCaller, id: string, name: string): Promise<ProfileDto> {
    this.requireUnbound(caller);
    const renamed = isUuid(id) ? await this.profiles.rename(caller.userId, id, name) : null;
    if (renamed === 'taken') {
      throw new ProfileNameTakenError(name);
    }
    if (!renamed) {
      throw new ProfileNotFoundError();
    }
    return toDto(renamed);
  }

  /**
   * Deletes a profile softly: its rows stay (history, export) and nothing reaches them again.
   * Pending posts block it (409) unless `force`, which cancels them in the same transaction.
   */
  async delete(caller: ProfileCaller, id: string, force: boolean): Promise<DeletedProfileDto> {
    this.requireUnbound(caller);
    const profile = await this.visible(caller, id);
    if (profile.id === caller.userId) {
      throw new DefaultProfileError();
    }
    const scope: Scope = { userId: caller.userId, profileId: profile.id };
    const deleted = await this.profiles.transaction(async (db) => {
      if (!(await this.profiles.markDeleted(db, scope.userId, scope.profileId))) {
        throw new ProfileNotFoundError();
      }
      const pending = await this.deletions.blockers(db, scope);
      if (pending > 0 && !force) {
        throw new ProfileHasPendingPostsError(pending);
      }
      await this.deletions.run(db, scope);
      return { id: profile.id, deleted: true as const, cancelledPosts: pending };
    });
    await this.deletions.committed(scope);
    return deleted;
  }

  private async visible(caller: ProfileCaller, id: string): Promise<Profile> {
    const shown = caller.boundProfileId === null || caller.boundProfileId === id.toLowerCase();
    const profile = shown && isUuid(id) ? await this.profiles.find(caller.userId, id) : null;
    if (!profile) {
      throw new ProfileNotFoundError();
    }
    return profile;
  }

  private requireUnbound(caller: ProfileCaller): void {
    if (caller.boundProfileId !== null) {
      throw new ProfileForbiddenError(MANAGE_FORBIDDEN);
    }
  }
}

function toDto(profile: Profile): ProfileDto {
  return {
    id: profile.id,
    name: profile.name,
    isDefault: profile.id === profile.userId,
    createdAt: profile.createdAt.toISOString(),
    updatedAt: profile.updatedAt.toISOString(),
  };
}
