// Integers in a query string arrive as text; this parses them once, at the edge, with bounds.
import { z } from 'zod';

export const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,9}$/, 'a whole number')
    .describe(`a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
