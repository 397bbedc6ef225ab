import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, MaxLength } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { AppError, ErrorCode } from '../../../src/common/errors';
import { type AuthenticatedUser, ApiKeyAuth, CurrentUser } from '../../../src/modules/auth';
import { IdempotencyModule, Idempotent } from '../../../src/modules/idempotency';

class CreateThingDto {
  @IsString()
  @MaxLength(100)
  name: string;

  @IsOptional()
  @IsObject()
  meta?: Record<string, unknown>;
}

/** Everything the test controller did, so tests can count the work actually done. */
export const created: { userId: string; name: string; id: string }[] = [];
/** Handler calls per name, failed ones included. */
export const calls = new Map<string, number>();
const failuresLeft = new Map<string, number>();
/** The next `count` calls for this name fail with a 500. */
export function failNext(name: string, count: number): void {
  failuresLeft.set(name, count);
}

@Controller('test-idem')
class IdempotencySupportController {
  @Post('things')
  @ApiKeyAuth()
  @Idempotent()
  @ApiOperation({ summary: 'Create a thing', description: 'Creates a thing.' })
  async create(
    @CurrentUser() user: AuthenticatedUser,
    @Body() body: CreateThingDto,
  ): Promise<{ id: string; name: string; createdAt: string; nested: object }> {
    // Work that takes a while, so concurrent duplicates arrive while it is in flight.
    await new Promise((resolve) => setTimeout(resolve, 50));
    calls.set(body.name, (calls.get(body.name) ?? 0) + 1);
    const left = failuresLeft.get(body.name) ?? 0;
    if (left > 0) {
      failuresLeft.set(body.name, left - 1);
      throw new Error('transient failure');
    }
    if (body.name === 'broke') {
      throw new AppError(402, ErrorCode.InsufficientCredits, 'Not enough AI credits', {
        needed: 3,
      });
    }
    const thing = { userId: user.userId, name: body.name, id: randomUUID() };
    created.push(thing);
    return {
      id: thing.id,
      name: thing.name,
      createdAt: new Date().toISOString(),
      nested: { z: 1, a: [3, 2, 1] },
    };
  }

  @Post('others')
  @HttpCode(200)
  @ApiKeyAuth()
  @Idempotent()
  other(@CurrentUser() user: AuthenticatedUser, @Body() body: CreateThingDto): { id: string } {
    const thing = { userId: user.userId, name: body.name, id: randomUUID() };
    created.push(thing);
    return { id: thing.id };
  }
}

@Module({ imports: [IdempotencyModule], controllers: [IdempotencySupportController] })
export class IdempotencySupportModule {}
