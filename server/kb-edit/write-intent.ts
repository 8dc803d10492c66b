/**
 * Writes one intent change into the KB's YAML files with the `yaml` Document API, so the files stay as a
 * person wrote them: comments, key order, flow maps (`title: { en, zh }`) and quoting of untouched values
 * are kept, and a changed scalar keeps its own comment. Writes go to a temporary file renamed into place,
 * so the file watcher (and a crash) never sees half a file.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, type Node } from 'yaml';
import { AppError } from '../../shared/errors';
import type { KbChangeKind, KbIntentDoc } from '../../shared/kb';
import { DEFAULTS } from './intent-doc';

const NOT_CATEGORIES = new Set(['settings.yaml', 'lexicon.yaml']);

export interface IntentChange {
  kind: KbChangeKind;
  intentId: string;
  /** The file's category: where a new intent goes. */
  category: string;
  /** The intent after the change (null when deleting). */
  intent: KbIntentDoc | null;
}

/** What the write replaced: restore `text` into `file` to undo it. */
export interface WrittenChange {
  file: string;
  previousText: string;
}

interface CategoryFile {
  file: string;
  text: string;
  doc: Document.Parsed;
}

/** The category files of a KB folder, parsed as documents. */
async function categoryFiles(dir: string): Promise<CategoryFile[]> {
  const names = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f) && !NOT_CATEGORIES.has(f)).sort();
  return Promise.all(
    names.map(async (name) => {
      const file = path.join(dir, name);
      const text = await readFile(file, 'utf8');
      return { file, text, doc: parseDocument(text) };
    }),
  );
}

/** The intents sequence of a category document and the index of `intentId` in it (-1 when absent). */
function findIntent(doc: Document.Parsed, intentId: string): { index: number } {
  const seq = doc.get('intents', true);
  if (!isSeq(seq)) return { index: -1 };
  return { index: seq.items.findIndex((item) => isMap(item) && item.get('id') === intentId) };
}

/** The categories a KB folder has (the files a new intent can go to). */
export async function listCategories(dir: string): Promise<{ category: string; department: string }[]> {
  return (await categoryFiles(dir)).flatMap(({ doc }) => {
    const category = doc.get('category');
    const department = doc.get('department');
    return typeof category === 'string' ? [{ category, department: typeof department === 'string' ? department : 'general' }] : [];
  });
}

/**
 * Applies the change to the file that holds the intent (or, for a new one, the file of its category).
 * @throws AppError('NOT_FOUND') when the intent or the category file is not there, ('CONFLICT') when a new id exists.
 */
export async function writeIntentChange(dir: string, change: IntentChange): Promise<WrittenChange> {
  const files = await categoryFiles(dir);
  const holder = files.find((f) => findIntent(f.doc, change.intentId).index >= 0);
  if (change.kind === 'create') {
    if (holder) throw new AppError('CONFLICT', { message: `intent "${change.intentId}" already exists` });
    const target = files.find((f) => f.doc.get('category') === change.category);
    if (!target) throw new AppError('NOT_FOUND', { message: `no category file for "${change.category}"` });
    const seq = target.doc.get('intents', true);
    const node = newIntentNode(target.doc, change.intent!);
    if (isSeq(seq)) seq.items.push(node);
    else target.doc.set('intents', target.doc.createNode([node]));
    return save(target);
  }
  if (!holder) throw new AppError('NOT_FOUND', { message: `intent "${change.intentId}" is not in the KB` });
  const seq = holder.doc.get('intents', true);
  const { index } = findIntent(holder.doc, change.intentId);
  if (!isSeq(seq)) throw new AppError('NOT_FOUND', { message: `intent "${change.intentId}" is not in the KB` });
  if (change.kind === 'delete') {
    seq.items.splice(index, 1);
  } else {
    const node = seq.items[index] as Node;
    const merged = merge(holder.doc, node, yamlValue(change.intent!, isMap(node) ? (k) => node.has(k) : () => false));
    if (merged !== node) seq.items[index] = merged;
  }
  return save(holder);
}

/** Restores a file's previous text (after a change the reload refused). */
export async function restoreFile(written: WrittenChange): Promise<void> {
  await atomicWrite(written.file, written.previousText);
}

async function save(f: CategoryFile): Promise<WrittenChange> {
  // No folding, and "…\n…" stays on one line as written: an untouched answer reads back byte for byte.
  // (One difference remains: flow sequences get inner padding, `[a, b]` → `[ a, b ]`, in the file written.)
  await atomicWrite(f.file, f.doc.toString({ lineWidth: 0, doubleQuotedAsJSON: true }));
  return { file: f.file, previousText: f.text };
}

async function atomicWrite(file: string, text: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  await writeFile(tmp, text, 'utf8');
  await rename(tmp, file);
}

/** The intent as it should read in YAML: defaults left out, unless the file already spells them out. */
function yamlValue(intent: KbIntentDoc, isInFile: (key: string) => boolean): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(intent).filter(([k, v]) => v !== undefined && (isInFile(k) || !(k in DEFAULTS) || JSON.stringify(DEFAULTS[k]) !== JSON.stringify(v))),
  );
}

/** A new intent's node, in the style of the shipped files: short localized maps inline, long answers as blocks. */
function newIntentNode(doc: Document, intent: KbIntentDoc): Node {
  const node = doc.createNode(yamlValue(intent, () => false)) as Node;
  if (isMap(node)) {
    const title = node.get('title', true);
    if (isMap(title)) title.flow = true;
    const answer = node.get('answer', true);
    if (isMap(answer)) for (const item of answer.items) if (isScalar(item.value)) styleText(item.value);
  }
  return node;
}

function styleText(s: Scalar): void {
  if (typeof s.value === 'string' && s.value.includes('\n')) s.type = Scalar.BLOCK_LITERAL;
}

/**
 * Makes `node` say `value`, touching only what differs: maps key by key (removing keys the value lacks),
 * sequences item by item, scalars in place. Returns the node to keep (a new one when the shape changed).
 */
function merge(doc: Document, node: Node, value: unknown): Node {
  if (isMap(node) && isPlainObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const existing = node.get(key, true) as Node | undefined;
      if (existing === undefined) {
        node.set(key, doc.createNode(v));
        continue;
      }
      const merged = merge(doc, existing, v);
      if (merged !== existing) node.set(key, merged);
    }
    for (const item of [...node.items]) {
      const key = isScalar(item.key) ? item.key.value : item.key;
      if (typeof key === 'string' && !(key in value)) node.delete(key);
    }
    return node;
  }
  if (isSeq(node) && Array.isArray(value)) {
    value.forEach((v, i) => {
      const existing = node.items[i] as Node | undefined;
      if (existing === undefined) node.items.push(doc.createNode(v) as Node);
      else {
        const merged = merge(doc, existing, v);
        if (merged !== existing) node.items[i] = merged;
      }
    });
    node.items.splice(value.length);
    return node;
  }
  if (isScalar(node) && (value === null || typeof value !== 'object')) {
    if (node.value !== value) {
      node.value = value;
      styleText(node);
    }
    return node;
  }
  return doc.createNode(value) as Node;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
