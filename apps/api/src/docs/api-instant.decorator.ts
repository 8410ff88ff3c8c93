import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/** An ISO 8601 instant with its offset, e.g. 2027-03-02T09:00:00-05:00 (docs/http-api.md). */
export function ApiInstant(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({
    type: String,
    format: 'date-time',
    example: '2027-03-02T09:00:00-05:00',
    ...options,
  } as ApiPropertyOptions);
}

/** A calendar date, YYYY-MM-DD (a clinic date is in the clinic's time zone). */
export function ApiDate(options: ApiPropertyOptions = {}): PropertyDecorator {
  return ApiProperty({
    type: String,
    format: 'date',
    example: '2027-03-02',
    ...options,
  } as ApiPropertyOptions);
}
