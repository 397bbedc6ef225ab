import { Controller, Get, Module, Post, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiKeyAuth } from '../../../src/modules/auth';
import { RateLimited } from '../../../src/modules/rate-limits';

/** Routes that exist only in tests, limited the way the v1 POST endpoints are. */
@Controller('test-limits')
class RateLimitSupportController {
  created = 0;

  @Post('posts')
  @ApiKeyAuth()
  @RateLimited('posts.create')
  create(): { n: number } {
    return { n: ++this.created };
  }

  @Get('plain')
  @ApiKeyAuth()
  plain(): { ok: true } {
    return { ok: true };
  }

  /** The framework's own guard, unadapted: its ThrottlerException must still be the v1 429. */
  @Get('framework-throttled')
  @UseGuards(ThrottlerGuard)
  frameworkThrottled(): { ok: true } {
    return { ok: true };
  }

  @Get('boom')
  @ApiKeyAuth()
  boom(): never {
    throw new Error('kaboom');
  }
}

@Module({ controllers: [RateLimitSupportController] })
export class RateLimitSupportModule {}
