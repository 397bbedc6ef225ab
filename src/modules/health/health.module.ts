import { Module } from '@nestjs/common';
import { DatabaseProbe } from '../../database/database-probe';
import { PublishingModule } from '../publishing';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [PublishingModule],
  controllers: [HealthController],
  providers: [HealthService, DatabaseProbe],
})
export class HealthModule {}
