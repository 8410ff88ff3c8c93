import { Logger } from '@nestjs/common';
import { WrongExpectedRevisionError } from '@app/event-store';
import { toProblem } from './problem-details.filter';

describe('toProblem', () => {
  const logger = new Logger('test');

  it('a concurrent change that outlasted the retries is a 409 concurrent-change, naming no stream', () => {
    const error = new WrongExpectedRevisionError('ClinicDay-2027-03-02', 4n, 6n);
    const details = toProblem(error, logger);
    expect(details).toMatchObject({ status: 409, code: 'concurrent-change', title: 'Conflict' });
    expect(JSON.stringify(details)).not.toContain('ClinicDay');
  });

  it('anything unexpected is a 500 without the error message', () => {
    jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    const details = toProblem(new Error('patient Jane Doe broke it'), logger);
    expect(details).toMatchObject({ status: 500, code: 'internal' });
    expect(JSON.stringify(details)).not.toContain('Jane');
  });
});
