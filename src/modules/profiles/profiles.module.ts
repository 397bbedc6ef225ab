import { Module } from '@nestjs/common';
import { ProfileDeletions } from './profile-deletions';
import { ProfilesController } from './profiles.controller';
import { ProfilesRepository } from './profiles.repository';
import { ProfilesService } from './profiles.service';

@Module({
  controllers: [ProfilesController],
  providers: [ProfilesRepository, ProfilesService, ProfileDeletions],
  exports: [ProfilesService, ProfileDeletions],
})
export class ProfilesModule {}
