import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBundles, dropMembers, ensureBundles } from '../../../scripts/build';

describe('scripts/build', () => {
  const outDir = mkdtempSync(path.join(tmpdir(), 'parley-build-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('builds the loader, the hashed chat chunk and catalogues, and writes the manifest', async () => {
    const m = await buildBundles({ outDir });
    expect(m.loader).toBe('widget.js');
    expect(m.chat).toMatch(/^assets\/chat\.[A-Z0-9]+\.js$/);
    expect(m.locales.en).toMatch(/^assets\/i18n-en\.[A-Z0-9]+\.js$/);
    for (const f of [m.loader, m.chat, m.locales.en, m.locales.zh]) expect(existsSync(path.join(outDir, f))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(outDir, 'manifest.json'), 'utf8'))).toEqual(m);
    // The loader fetches exactly the hashed chunk it was built with.
    const loader = readFileSync(path.join(outDir, 'widget.js'), 'utf8');
    expect(loader).toContain(JSON.stringify(m.chat));
    expect(loader).toContain(JSON.stringify(m.locales.zh));
    // The loader carries no framework and no eval.
    expect(loader).not.toMatch(/\beval\(|new Function/);
    const chat = readFileSync(path.join(outDir, m.chat), 'utf8');
    expect(chat).toMatch(/export\s*\{/);
    // Opening the chat fetches no upload machinery (the parts chunk has it) and no XHR polling transport.
    expect(m.chatChunks?.initial).toEqual([]);
    expect(chat).not.toContain('/api/attachments');
    expect(chat).not.toContain('XMLHttpRequest');
    // Nor the transport upgrade, which the chat's WebSocket-first connection never runs (its probe pings "probe").
    expect(chat).not.toContain('probe');
    // Nor the markdown parser (its link check allows mailto:): the panel shows plain text until the parts are in.
    expect(chat).not.toContain('mailto:');
    const lazy = (m.chatChunks?.lazy ?? []).map((f) => readFileSync(path.join(outDir, f), 'utf8')).join('\n');
    expect(lazy).toContain('/api/attachments');
    expect(lazy).toContain('mailto:');
  }, 60_000);

  it('dropMembers cuts the named class members and fails on one it cannot find', () => {
    const source = ['class S {', '    keep() {', '        return 1;', '    }', '    onAny(l) {', '        if (l) {', '            x();', '        }', '    }', '    get volatile() {', '        return this;', '    }', '}', ''].join('\n');
    const out = dropMembers(source, ['onAny', 'volatile'], 'socket.js');
    expect(out).toBe(['class S {', '    keep() {', '        return 1;', '    }', '}', ''].join('\n'));
    expect(() => dropMembers(source, ['offAny'], 'socket.js')).toThrow(/offAny not found in socket\.js/);
  });

  it('ensureBundles reuses an up-to-date build and rebuilds when a listed file is gone', async () => {
    const first = await ensureBundles({ outDir });
    const again = await ensureBundles({ outDir });
    expect(again.builtAt).toBe(first.builtAt);
    rmSync(path.join(outDir, first.chat));
    const rebuilt = await ensureBundles({ outDir });
    expect(rebuilt.builtAt).toBeGreaterThan(first.builtAt);
    expect(existsSync(path.join(outDir, rebuilt.chat))).toBe(true);
  }, 60_000);
});
