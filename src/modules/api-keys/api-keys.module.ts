import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyUsageRecorder } from './api-key-usage.recorder';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { BoundKeysDeletionStep } from './bound-keys.deletion-step';
import { ApiKeyEntity } from './entities/api-key.entity';
import { ProfilesModule } from '../profiles';

@Module({
  imports: [TypeOrmModule.forFeature([ApiKeyEntity]), ProfilesModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysRepository, ApiKeyUsageRecorder, ApiKeysService, BoundKeysDeletionStep],
  exports: [ApiKeysService],
})
export class ApiKeysModule {}
