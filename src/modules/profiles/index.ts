/** The profiles module's public API. */
export { ProfilesModule } from './profiles.module';
export { ProfilesService, type ProfileCaller } from './profiles.service';
export { ProfileDeletions, type ProfileDeletionStep } from './profile-deletions';
export { ProfileNotFoundError, ProfileForbiddenError } from './profiles.errors';
