/**
 * Reads and validates a KB folder (`settings.yaml` plus one YAML file per category).
 * Every failure is an AppError('KB_INVALID') whose message names the file, the intent and the field,
 * so a retailer editing YAML by hand sees exactly what to fix.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../../shared/errors';
import type { KbIntent, KbSettings, KnowledgeBase, LexiconConcept } from './kb-schema';
import { kbCategoryFileSchema, kbIntentSchema, kbLexiconConceptSchema, kbLexiconFileSchema, kbSettingsSchema, LEXICON_CONCEPT_ID } from './kb-schema';
import { normalise } from './normalise';

const SETTINGS_FILE = 'settings.yaml';
const LEXICON_FILE = 'lexicon.yaml';
/** The retail lexicon shipped with Parley, used by a KB folder that has no lexicon.yaml of its own. */
export const SHIPPED_LEXICON = path.resolve(__dirname, '../../kb', LEXICON_FILE);

export interface LoadKbOptions {
  /** Lexicon file to use instead of the KB's own or the shipped one; `false` for none. */
  lexicon?: string | false;
}

/**
 * Loads and validates the KB in `dir`.
 * @throws AppError('KB_INVALID') naming file, intent id (when known) and field path.
 */
export async function loadKb(dir: string, opts: LoadKbOptions = {}): Promise<KnowledgeBase> {
  const files = await listYamlFiles(dir);
  const settingsFile = files.find((f) => f === SETTINGS_FILE);
  const settings = settingsFile ? await loadSettings(dir, settingsFile) : kbSettingsSchema.parse({});
  const lexiconPath = opts.lexicon ?? (files.includes(LEXICON_FILE) ? path.join(dir, LEXICON_FILE) : SHIPPED_LEXICON);
  // A deployment without the shipped file simply runs without a lexicon; a named file must exist.
  const isAbsent = lexiconPath === false || (lexiconPath === SHIPPED_LEXICON && !existsSync(SHIPPED_LEXICON));
  const lexicon = isAbsent ? [] : await loadLexicon(path.dirname(lexiconPath), path.basename(lexiconPath));
  const intents: KbIntent[] = [];
  const origin = new Map<string, string>();
  for (const file of files.filter((f) => f !== SETTINGS_FILE && f !== LEXICON_FILE)) {
    for (const intent of await loadCategory(dir, file)) {
      const first = origin.get(intent.id);
      if (first !== undefined) {
        fail(dir, file, `intent "${intent.id}": id: duplicate id (also in ${first})`);
      }
      origin.set(intent.id, file);
      intents.push(intent);
    }
  }
  for (const intent of intents) {
    intent.followups.forEach((id, i) => {
      if (!origin.has(id)) fail(dir, origin.get(intent.id) ?? '', `intent "${intent.id}": followups.${i}: unknown intent "${id}"`);
    });
  }
  return { name: path.basename(path.resolve(dir)), dir, settings, intents, lexicon };
}

/**
 * Reads and validates a lexicon file. A phrase may belong to one concept only (per language), so a
 * reviewer sees a clash instead of a phrase that silently means two things.
 */
export async function loadLexicon(dir: string, file: string): Promise<LexiconConcept[]> {
  const head = kbLexiconFileSchema.safeParse(await readYaml(dir, file));
  if (!head.success) fail(dir, file, describeIssue(head.error));
  const owner = { en: new Map<string, string>(), zh: new Map<string, string>() };
  return Object.entries(head.data.concepts).map(([id, raw]) => {
    if (!LEXICON_CONCEPT_ID.test(id)) fail(dir, file, `concept "${id}": id: must match [a-z][a-z0-9_]*`);
    const parsed = kbLexiconConceptSchema.safeParse(raw);
    if (!parsed.success) fail(dir, file, `concept "${id}": ${describeIssue(parsed.error)}`);
    for (const locale of ['en', 'zh'] as const) {
      parsed.data[locale].forEach((phrase, i) => {
        const key = normalise(phrase);
        if (key === '') fail(dir, file, `concept "${id}": ${locale}.${i}: "${phrase}" has no letters or digits`);
        const first = owner[locale].get(key);
        if (first !== undefined) fail(dir, file, `concept "${id}": ${locale}.${i}: "${phrase}" is already a phrase of concept "${first}"`);
        owner[locale].set(key, id);
      });
    }
    return { id, ...parsed.data };
  });
}

async function listYamlFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (cause) {
    throw new AppError('KB_INVALID', { message: `${dir}: cannot read KB folder`, cause });
  }
}

async function readYaml(dir: string, file: string): Promise<unknown> {
  const text = await readFile(path.join(dir, file), 'utf8');
  try {
    return parseYaml(text);
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const line = err.linePos?.[0]?.line;
      const reason = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      fail(dir, file, `${line === undefined ? '' : `line ${line}: `}invalid YAML: ${reason}`);
    }
    throw err;
  }
}

async function loadSettings(dir: string, file: string): Promise<KbSettings> {
  const parsed = kbSettingsSchema.safeParse((await readYaml(dir, file)) ?? {});
  if (!parsed.success) fail(dir, file, describeIssue(parsed.error));
  const settings = parsed.data;
  if (settings.answerThreshold !== undefined && settings.clarifyThreshold > settings.answerThreshold) {
    fail(dir, file, 'clarifyThreshold: must not exceed answerThreshold');
  }
  return settings;
}

async function loadCategory(dir: string, file: string): Promise<KbIntent[]> {
  const head = kbCategoryFileSchema.safeParse(await readYaml(dir, file));
  if (!head.success) fail(dir, file, describeIssue(head.error));
  const { category, department } = head.data;
  return head.data.intents.map((raw, i) => {
    const parsed = kbIntentSchema.safeParse(raw);
    if (!parsed.success) {
      const id = isRecord(raw) && typeof raw.id === 'string' ? raw.id : null;
      const where = id === null ? `intents.${i}` : `intent "${id}"`;
      fail(dir, file, `${where}: ${describeIssue(parsed.error)}`);
    }
    return { ...parsed.data, category, department };
  });
}

/** `answer.zh: Required` — the first issue, with zod's path joined by dots. */
function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid';
  const where = issue.path.map(String).join('.') || '(file)';
  const missing = issue.code === 'invalid_type' && /received undefined/.test(issue.message);
  return `${where}: ${missing ? 'Required' : issue.message}`;
}

function fail(dir: string, file: string, detail: string): never {
  throw new AppError('KB_INVALID', { message: `${path.join(dir, file)}: ${detail}` });
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
