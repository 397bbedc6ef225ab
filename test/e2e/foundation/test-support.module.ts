import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUrl, ValidateNested } from 'class-validator';
import { AppError } from '../../../src/common/errors';

class ContentDto {
  @IsString()
  text: string;

  @IsIn(['x', 'threads'])
  platform: string;

  @IsOptional()
  @IsUrl({}, { message: 'Invalid URL format' })
  videoUrl?: string;
}

class PostDto {
  @ValidateNested()
  @Type(() => ContentDto)
  content: ContentDto;
}

class CreateDto {
  @ValidateNested()
  @Type(() => PostDto)
  post: PostDto;
}

/** Routes that exist only in tests, to provoke each kind of failure the filter must render. */
@Controller('test-support')
class TestSupportController {
  @Get('crash')
  crash(): never {
    throw new Error('secret internals: password=hunter2');
  }

  @Get('typed')
  typed(): never {
    throw new AppError(409, 'conflict', 'Already done', { hint: 'x' }, { 'Retry-After': '1' });
  }

  @Post('validate')
  validate(@Body() body: CreateDto): { ok: true; text: string } {
    return { ok: true, text: body.post.content.text };
  }
}

@Module({ controllers: [TestSupportController] })
export class TestSupportModule {}
