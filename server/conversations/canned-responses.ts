/** Canned responses for the console, from a small YAML file beside the KBs (`kb/canned.yaml`). */
import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { CannedResponse } from '../../shared/events';

const fileSchema = z.object({
  responses: z.array(z.object({ shortcut: z.string().regex(/^[a-z0-9_-]+$/), text: z.string().min(1).max(2000) })),
});

/** Missing file → no canned responses; a malformed one is an error naming the file. */
export function loadCannedResponses(file: string): CannedResponse[] {
  if (!fs.existsSync(file)) return [];
  const parsed = fileSchema.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('KB_INVALID', { message: `${file}: ${issue?.path.join('.')}: ${issue?.message}` });
  }
  return parsed.data.responses;
}
