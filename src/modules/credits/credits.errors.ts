import { AppError, ErrorCode } from '../../common/errors';

/** 402: the balance does not cover the cost; both are in `details` so a client can top up. */
export class InsufficientCreditsError extends AppError {
  constructor(balance: number, cost: number) {
    super(
      402,
      ErrorCode.InsufficientCredits,
      `This costs ${cost} credit${cost === 1 ? '' : 's'} but your balance is ${balance}`,
      { balance, cost },
    );
    this.name = 'InsufficientCreditsError';
  }
}
