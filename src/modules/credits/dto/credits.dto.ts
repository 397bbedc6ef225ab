import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { CreditsSummary } from '../credits.service';
import type { LedgerEntry, LedgerKind } from '../credits.repository';

export const DEFAULT_RECENT = 20;

export class CreditsQuery {
  @ApiProperty({
    required: false,
    minimum: 1,
    maximum: 100,
    default: DEFAULT_RECENT,
    description: 'How many ledger entries to return, newest first.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class LedgerEntryDto {
  @ApiProperty({ example: 42, description: 'Ledger entry id; higher is newer.' })
  id: number;

  @ApiProperty({ enum: ['grant', 'debit', 'refund'], example: 'debit' })
  kind: LedgerKind;

  @ApiProperty({ example: 3, description: 'Credits, always positive; `kind` says the direction.' })
  amount: number;

  @ApiProperty({ example: 97, description: 'The balance right after this entry.' })
  balanceAfter: number;

  @ApiProperty({ example: 'transcription', description: 'Why the balance changed.' })
  reason: string;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    description: 'The transcription job charged or refunded, if any.',
  })
  jobId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static from(entry: LedgerEntry): LedgerEntryDto {
    return { ...entry, createdAt: entry.createdAt.toISOString() };
  }
}

export class CreditsDto {
  @ApiProperty({ example: 97, description: 'Credits available now.' })
  balance: number;

  @ApiProperty({ type: [LedgerEntryDto], description: 'The latest ledger entries, newest first.' })
  recent: LedgerEntryDto[];

  static from(summary: CreditsSummary): CreditsDto {
    return { balance: summary.balance, recent: summary.recent.map((e) => LedgerEntryDto.from(e)) };
  }
}
