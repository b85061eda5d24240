import { z } from 'zod';
import { apiInputs, type ApiMethod } from './api.js';
import { AppError } from './errors.js';

/** Parses one method's argument at a boundary; a bad argument becomes INVALID_INPUT naming the field. */
export function parseInput<M extends ApiMethod>(method: M, input: unknown): z.output<(typeof apiInputs)[M]> {
  const schema: z.ZodType = apiInputs[method];
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data as z.output<(typeof apiInputs)[M]>;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new AppError('INVALID_INPUT', `${method}: ${where}${issue?.message ?? 'invalid input'}`, {
    issues: result.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
  });
}
