import { Module } from '@nestjs/common';
import { ApiKeysModule } from '../api-keys';
import { AuthModule } from '../auth';
import { CreditsModule } from '../credits';
import { IntegrationsModule } from '../integrations';
import { PostsModule } from '../posts';
import { PublishingModule } from '../publishing';
import { AdminSubmissionsController } from './admin-submissions.controller';
import { AdminUsersController } from './admin-users.controller';
import { AdminUsersService } from './admin-users.service';
import { QueueDashboard } from './queue-dashboard';
import { QueueDashboardController } from './queue-dashboard.controller';

/** `/admin/*`: operators manage users and what they own, reusing the modules' services. */
@Module({
  imports: [
    AuthModule,
    ApiKeysModule,
    CreditsModule,
    IntegrationsModule,
    PostsModule,
    PublishingModule,
  ],
  controllers: [AdminUsersController, AdminSubmissionsController, QueueDashboardController],
  providers: [AdminUsersService, QueueDashboard],
  exports: [QueueDashboard],
})
export class AdminModule {}
