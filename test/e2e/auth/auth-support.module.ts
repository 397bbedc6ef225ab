import { Controller, Get, Module } from '@nestjs/common';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../../../src/modules/auth';

/** Routes guarded the way the v1 endpoints are, to test the guards on their own. */
@Controller('test-auth')
class AuthSupportController {
  @Get('subscribed')
  @ApiKeyAuth()
  subscribed(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }

  @Get('key-only')
  @ApiKeyAuth({ subscription: false })
  keyOnly(@CurrentUser() user: AuthenticatedUser): AuthenticatedUser {
    return user;
  }
}

@Module({ controllers: [AuthSupportController] })
export class AuthSupportModule {}
