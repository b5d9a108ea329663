import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const webRoot = fileURLToPath(new URL('..', import.meta.url));
const stylesDir = fileURLToPath(
  new URL('../../../node_modules/@mantine/core/styles', import.meta.url),
);

/** Components built from others whose stylesheets they need. */
const PARTS: Record<string, string[]> = {
  Card: ['Paper'],
  TextInput: ['Input'],
  PasswordInput: ['Input', 'ActionIcon'],
  NumberInput: ['Input'],
  Select: ['Input', 'Combobox', 'Popover'],
  Autocomplete: ['Input', 'Combobox', 'Popover'],
  Menu: ['Popover'],
  Pagination: ['Group'],
  Table: ['ScrollArea'],
  Anchor: ['Text'],
  Textarea: ['Input'],
  Alert: ['CloseButton'],
  Modal: ['ModalBase', 'Overlay', 'CloseButton'],
  Drawer: ['ModalBase', 'Overlay', 'CloseButton'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.includes('.test.') ? [full] : [];
  });
}

describe('Mantine stylesheets', () => {
  it('styles/mantine.css imports the stylesheet of every Mantine component the app uses', () => {
    const available = new Set(
      readdirSync(stylesDir)
        .filter((name) => name.endsWith('.css') && !name.endsWith('.layer.css'))
        .map((name) => name.replace(/\.css$/, '')),
    );
    const used = new Set<string>();
    for (const file of sourceFiles(webRoot)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/import\s*\{([^}]+)\}\s*from\s*'@mantine\/core'/g)) {
        for (const raw of (match[1] ?? '').split(',')) {
          const name = raw.trim().replace(/^type\s+/, '');
          if (!name || raw.trim().startsWith('type ')) continue;
          used.add(name);
          for (const part of PARTS[name] ?? []) used.add(part);
        }
      }
    }
    const imported = readFileSync(path.join(webRoot, 'styles/mantine.css'), 'utf8');
    const missing = [...used]
      .filter((name) => available.has(name))
      .filter((name) => !imported.includes(`@mantine/core/styles/${name}.css`));
    expect(missing).toEqual([]);
  });
});
