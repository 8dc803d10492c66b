import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildBundles, ensureBundles } from '../../../scripts/build';

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
    expect(readFileSync(path.join(outDir, m.chat), 'utf8')).toMatch(/export\s*\{/);
  }, 60_000);

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
