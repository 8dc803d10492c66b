/**
 * The layering rules of README.md § Architecture, checked on the sources: each rule names the files it
 * governs and what they must not import (or contain). The compiler's per-folder configs
 * (tsconfig.<folder>.json) catch DOM/Node types by type; this catches imports and obvious globals by text.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const SOURCE = /\.(ts|tsx)$/;

function listFiles(dir: string): string[] {
  const abs = path.join(ROOT, dir);
  if (!fs.existsSync(abs)) return [];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : listFiles(rel);
    return SOURCE.test(entry.name) ? [rel] : [];
  });
}

/** Comments out, so a rule named in a comment (like this file's) is not a violation. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

/** Every module specifier: static imports and re-exports, import(), require(). */
export function specifiers(text: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire(?:\.resolve)?\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) found.push(m[1] as string);
  return found;
}

/** A relative specifier as a repository path (`server/store/store`); package names stay as they are. */
function resolve(from: string, specifier: string): string {
  return specifier.startsWith('.') ? path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)) : specifier;
}

interface Violation {
  file: string;
  detail: string;
}

export interface Rule {
  name: string;
  /** Folders (or files) the rule governs. */
  files: string[];
  /** Files under `files` the rule leaves out. */
  except?: string[];
  /** Import targets (resolved repository paths or package names) that are forbidden. */
  forbidImport?: (target: string) => boolean;
  /** Known violations, tolerated until the change that removes them lands: `file` → specifier. */
  known?: Record<string, string>;
  /** Code (comments removed) that is forbidden, reported with its match. */
  forbidCode?: RegExp;
  /** A violation this rule must catch: proves the check is not vacuous. */
  example: { file: string; text: string };
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const under = (...dirs: string[]) => (target: string) => dirs.some((d) => target === d || target.startsWith(`${d}/`));

export const RULES: Rule[] = [
  {
    name: 'the server never imports scripts/ (the build and its dev dependencies)',
    example: { file: 'server/main.ts', text: "import { ensureBundles } from '../scripts/build';" },
    files: ['server'],
    forbidImport: under('scripts'),
  },
  {
    name: 'the agent console does not import the shopper chat (shared UI goes in widget/ui)',
    example: { file: 'widget/console/app.tsx', text: "import { Markdown } from '../chat/markdown';" },
    files: ['widget/console'],
    forbidImport: under('widget/chat'),
  },
  {
    name: 'edges (http/, realtime/) reach storage through the Store port, never an adapter',
    example: { file: 'server/http/admin.routes.ts', text: "import { openStore } from '../store/open-store';" },
    files: ['server/http', 'server/realtime'],
    forbidImport: under('server/store/sqlite', 'server/store/mongo', 'server/store/open-store', 'better-sqlite3', 'mongoose'),
  },
  {
    name: 'shared/ imports neither Node modules nor the server or the widget',
    example: { file: 'shared/model.ts', text: "import { readFileSync } from 'node:fs';" },
    files: ['shared'],
    forbidImport: (t) => NODE_BUILTINS.has(t) || under('server', 'widget', 'scripts')(t),
  },
  {
    name: 'shared/ uses no DOM or Node globals',
    example: { file: 'shared/errors.ts', text: "export const here = () => document.title;" },
    files: ['shared'],
    forbidCode: /\b(window|document|navigator|localStorage|HTMLElement|Element|Node|Buffer|process|NodeJS|__dirname|require)\b(?=\s*[.([:<>|,;)])/,
  },
  {
    name: 'the widget imports no Node modules and nothing from the server',
    example: { file: 'widget/chat/app.tsx', text: "import path from 'path';" },
    files: ['widget'],
    forbidImport: (t) => NODE_BUILTINS.has(t) || under('server', 'scripts')(t),
  },
  {
    name: 'the server imports nothing from the widget',
    example: { file: 'server/app.ts', text: "import { Chat } from '../widget/chat/app';" },
    files: ['server'],
    forbidImport: under('widget'),
  },
  {
    name: 'services and core do not call the edges',
    example: { file: 'server/conversations/agent-service.ts', text: "import { command } from '../realtime/command';" },
    files: ['server/conversations', 'server/insight', 'server/handoff', 'server/bot', 'server/domain', 'server/store'],
    forbidImport: under('server/http', 'server/realtime', 'server/app', 'server/main'),
  },
  {
    name: 'core (bot/, handoff/, domain/) and ports (store/) do not call the services',
    example: { file: 'server/handoff/routing.ts', text: "import type { PostMessage } from '../conversations/post-message';" },
    files: ['server/handoff', 'server/bot', 'server/domain', 'server/store'],
    forbidImport: under('server/conversations'),
  },
  {
    name: 'only realtime/broadcaster.ts emits to sockets',
    example: { file: 'server/realtime/agent.handlers.ts', text: "shoppers.to(room).emit('typing:changed', p);" },
    files: ['server'],
    except: ['server/realtime/broadcaster.ts'],
    forbidCode: /(?<!\bbus)\.emit\(|\.serverSideEmit\(/,
  },
];

export function check(rule: Rule, read: (file: string) => string = (f) => fs.readFileSync(path.join(ROOT, f), 'utf8')): Violation[] {
  const files = rule.files.flatMap((f) => (SOURCE.test(f) ? [f] : listFiles(f))).filter((f) => !rule.except?.includes(f));
  const violations: Violation[] = [];
  for (const file of files) {
    const text = code(read(file));
    for (const spec of specifiers(text)) {
      const target = resolve(file, spec).replace(/\.(ts|tsx|js)$/, '');
      if (rule.forbidImport?.(target) && rule.known?.[file] !== spec) violations.push({ file, detail: `imports ${spec}` });
    }
    const match = rule.forbidCode ? rule.forbidCode.exec(text) : null;
    if (match) violations.push({ file, detail: `contains "${match[0]}"` });
  }
  return violations;
}

describe('architecture', () => {
  test.each(RULES.map((rule) => [rule.name, rule] as const))('%s', (_name, rule) => {
    expect(check(rule)).toEqual([]);
  });

  test('each rule catches a violation (the check is not vacuous)', () => {
    for (const rule of RULES) {
      expect(rule.files.some((d) => rule.example.file === d || rule.example.file.startsWith(`${d}/`))).toBe(true);
      expect(check({ ...rule, files: [rule.example.file] }, () => rule.example.text)).not.toEqual([]);
    }
  });
});
