import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

const NAME_RULE = 'Must be 1 to 100 characters';
const trimmed = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim() : value;

export class CreateProfileDto {
  @ApiProperty({
    description: 'Unique among your profiles, ignoring case (1–100 characters, trimmed).',
    example: 'Acme Coffee',
    minLength: 1,
    maxLength: 100,
  })
  @Transform(trimmed)
  @IsString({ message: 'Expected string' })
  @Length(1, 100, { message: NAME_RULE })
  name: string;
}

export class UpdateProfileDto extends CreateProfileDto {}

export class DeleteProfileQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Cancel the profile’s pending posts first; without it, pending posts answer 409.',
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'Expected true or false' })
  force?: 'true' | 'false';
}

export class ProfileDto {
  @ApiProperty({ format: 'uuid', description: 'Send it as `Soku-Profile` to act in the profile.' })
  id: string;

  @ApiProperty({ example: 'Acme Coffee' })
  name: string;

  @ApiProperty({
    description:
      'The profile requests without `Soku-Profile` act in; its id is your user id. It cannot be deleted.',
  })
  isDefault: boolean;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;
}

export class ProfileListDto {
  @ApiProperty({ type: [ProfileDto] })
  data: ProfileDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as `cursor` for the next page.' })
  nextCursor: string | null;
}

export class DeletedProfileDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: [true], example: true })
  deleted: true;

  @ApiProperty({ description: 'Pending posts cancelled by `?force=true` (0 without it).' })
  cancelledPosts: number;
}
