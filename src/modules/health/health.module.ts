import { Module } from '@nestjs/common';
import { PublishingModule } from '../publishing';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [PublishingModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
