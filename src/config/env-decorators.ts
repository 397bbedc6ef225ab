import { applyDecorators } from '@nestjs/common';
import { Expose, Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';

/** An integer variable with a default and an inclusive range, named in the error message. */
export function EnvInt(options: {
  default: number;
  min: number;
  max: number;
  unit?: string;
}): PropertyDecorator {
  const message = `must be ${options.unit ? `a whole number of ${options.unit}` : 'an integer'} between ${options.min} and ${options.max}`;
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value?: string }) =>
      value === undefined ? options.default : Number(value),
    ),
    IsInt({ message }),
    Min(options.min, { message }),
    Max(options.max, { message }),
  );
}

/** An optional boolean variable: true/false or 1/0. */
export function EnvBoolean(): PropertyDecorator {
  return applyDecorators(
    Expose(),
    Transform(({ value }: { value?: string }) =>
      value === undefined
        ? undefined
        : (({ true: true, '1': true, false: false, '0': false } as Record<string, boolean>)[
            value
          ] ?? value),
    ),
    IsOptional(),
    IsBoolean({ message: 'must be true or false' }),
  );
}
