import { Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiErrorResponses } from '../../common/openapi/api-error-responses.decorator';
import { AdminAuth } from './admin-auth.decorator';
import { QueueDashboard } from './queue-dashboard';

/** How long the dashboard cookie lasts (the ID token inside may expire sooner). */
const SESSION_SECONDS = 15 * 60;

@AdminAuth()
@Controller('admin/queues')
export class QueueDashboardController {
  constructor(private readonly dashboard: QueueDashboard) {}

  @Post('session')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Open the queue dashboard in this browser',
    description:
      'Sets an HttpOnly cookie (path `/admin/queues`, SameSite=Strict, 15 minutes) carrying your admin ID token, so this ' +
      'browser can load the bull-board pages at `/admin/queues`, which also accept the Bearer header. Scaled mode only: ' +
      'without `REDIS_URL` every `/admin/queues` path answers 404.',
  })
  @ApiResponse({ status: 204, description: 'Cookie set; open `/admin/queues`.' })
  @ApiErrorResponses(404)
  openSession(
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: Response,
  ): void {
    this.dashboard.assertAvailable();
    const token = authorization.replace(/^Bearer\s+/i, '').trim();
    res.setHeader('Set-Cookie', this.dashboard.sessionCookie(token, SESSION_SECONDS));
  }
}
