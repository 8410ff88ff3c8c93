import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldProblem, ProblemException, problem } from './problem-details';

function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      // class-validator prefixes messages with the property name; "property x should not exist" is an unknown field.
      problem: message.startsWith(`property ${error.property} should not exist`)
        ? 'unknown field'
        : message,
    }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** The global pipe: unknown fields, missing fields and wrong types are a 400 naming the field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = fieldProblems(errors);
      const fields = [...new Set(problems.map((p) => p.field))].join(', ');
      return new ProblemException(
        problem(400, 'validation', `The request is not valid: ${fields}.`, { errors: problems }),
      );
    },
  });
}
