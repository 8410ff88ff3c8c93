import { type PipeTransform, Injectable } from '@nestjs/common';
import { ProblemException, problem } from './problem-details';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in paths are UUIDs; anything else cannot name a record: 404, as an unknown id. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value))
      throw new ProblemException(problem(404, 'not-found', 'No record has this id.'));
    return value.toLowerCase();
  }
}
